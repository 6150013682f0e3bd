// --store-paths none: the engine keeps no per-path rows and takes quantiles from mergeable
// sketches. Everything but the quantiles is bit for bit what a run that keeps its paths gives;
// the quantiles are within the sketch's relative accuracy of the exact ones; any thread count
// gives the same numbers; memory does not grow with the paths.
#include <catch2/catch.hpp>

#include <cmath>

#include "../support/scenario_builders.h"
#include "sim/engine.h"
#include "sim/memory_estimate.h"

namespace capexsim::test {
namespace {

Scenario scenario() { return two_company_scenario("streaming"); }

RunResults run(StorePaths store, int threads, std::uint64_t paths = 50000) {
  RunOptions o;
  o.paths = paths;
  o.seed = 17;
  o.threads = threads;
  o.store = store;
  o.sensitivity_paths = 5000;
  return run_simulation(scenario(), o);
}

TEST_CASE("streaming runs give the kept-paths run's statistics, and close quantiles",
          "[streaming]") {
  const RunResults kept = run(StorePaths::total, 0), streamed = run(StorePaths::none, 0);
  CHECK(kept.quantile_method == "exact");
  CHECK(streamed.quantile_method == "sketch");
  CHECK(streamed.path_surplus.empty());
  CHECK(streamed.surplus_mean == kept.surplus_mean);
  CHECK(streamed.surplus_std == kept.surplus_std);
  CHECK(streamed.prob_negative == kept.prob_negative);
  CHECK(streamed.first_negative_counts == kept.first_negative_counts);
  CHECK(streamed.never_negative_counts == kept.never_negative_counts);
  CHECK(streamed.survival == kept.survival);
  CHECK(streamed.sensitivity.spearman_surplus == kept.sensitivity.spearman_surplus);
  CHECK(streamed.sensitivity.spearman_first_negative == kept.sensitivity.spearman_first_negative);
  const double alpha = streamed.quantile_relative_accuracy;
  REQUIRE(alpha > 0);
  REQUIRE(alpha <= 0.01);
  for (std::size_t i = 0; i < kept.surplus_quantiles.size(); ++i) {
    // Type-7 interpolation between two order statistics, each within alpha of the exact one:
    // the interpolated value is within alpha of the larger magnitude of the two, bounded here
    // by the interval's ends (which bracket both order statistics).
    const double exact = kept.surplus_quantiles[i];
    const double scale = std::max({std::abs(exact), std::abs(kept.surplus_quantiles_lower[i]),
                                   std::abs(kept.surplus_quantiles_upper[i])});
    INFO("cell-quantile " << i << ": exact " << exact << ", sketch "
                          << streamed.surplus_quantiles[i]);
    // Values within the sketch's zero band (|x| < min_magnitude, 0.01) read as 0.
    const double zero_band = 0.01;
    CHECK(std::abs(streamed.surplus_quantiles[i] - exact) <= alpha * scale + zero_band);
    CHECK(std::abs(streamed.surplus_quantiles_lower[i] - kept.surplus_quantiles_lower[i]) <=
          alpha * std::abs(kept.surplus_quantiles_lower[i]) + zero_band);
    CHECK(std::abs(streamed.surplus_quantiles_upper[i] - kept.surplus_quantiles_upper[i]) <=
          alpha * std::abs(kept.surplus_quantiles_upper[i]) + zero_band);
  }
}

TEST_CASE("streaming runs are bitwise the same for any thread count", "[streaming]") {
  const RunResults one = run(StorePaths::none, 1), two = run(StorePaths::none, 2);
  CHECK(one.surplus_quantiles == two.surplus_quantiles);
  CHECK(one.surplus_quantiles_lower == two.surplus_quantiles_lower);
  CHECK(one.surplus_quantiles_upper == two.surplus_quantiles_upper);
  CHECK(one.surplus_mean == two.surplus_mean);
  CHECK(one.prob_negative == two.prob_negative);
}

TEST_CASE("a streaming run's memory does not grow with its paths", "[streaming]") {
  const Scenario s = scenario();
  RunOptions o;
  o.store = StorePaths::none;
  o.threads = 2;
  o.paths = 1000;  // one block: one block's statistics
  const std::uint64_t thousand = estimate_memory_bytes(s, o);
  o.paths = 10000000;  // more blocks than a batch holds
  const std::uint64_t ten_million = estimate_memory_bytes(s, o);
  CHECK(thousand < ten_million);
  o.paths = 1000000000;
  CHECK(estimate_memory_bytes(s, o) == ten_million);
  CHECK(ten_million < (std::uint64_t{256} << 20));
  o.store = StorePaths::total;
  CHECK(estimate_memory_bytes(s, o) > std::uint64_t{20} * 1000000000);  // 3 x 3 x 8 bytes a path
}

}  // namespace
}  // namespace capexsim::test
