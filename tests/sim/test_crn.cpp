// Common random numbers (RunOptions::common_random_numbers): every draw by inverse transform of
// one normal score per (company, parameter, year), so runs with one seed share their random
// numbers whatever the parameters, with the same distributions as plain runs.
#include <catch2/catch.hpp>

#include <cmath>

#include "../support/scenario_builders.h"
#include "sim/engine.h"

namespace capexsim::test {
namespace {

Scenario two_companies(double a_capex_mode) { return two_company_scenario("crn", a_capex_mode); }

RunResults run(const Scenario& s, bool crn, int threads = 0, std::uint64_t seed = 3) {
  RunOptions o;
  o.paths = 40000;
  o.seed = seed;
  o.threads = threads;
  o.store = StorePaths::none;
  o.common_random_numbers = crn;
  o.sensitivity_paths = 0;
  return run_simulation(s, o);
}

TEST_CASE("with common random numbers a company no change touches keeps every statistic", "[crn]") {
  const RunResults x = run(two_companies(0.2), true), y = run(two_companies(0.35), true);
  CHECK(x.common_random_numbers);
  for (int t = 0; t < 3; ++t) {
    const std::size_t b = x.at(1, t), a = x.at(0, t);
    CHECK(x.surplus_mean[b] == y.surplus_mean[b]);
    CHECK(x.prob_negative[b] == y.prob_negative[b]);
    CHECK(x.capex_mean[a] < y.capex_mean[a]);  // a's capex grows faster at the second point
    // Each path's capex rises with the mode, so the quantiles all move the same way.
    for (std::size_t q = 0; q < x.quantile_levels.size(); ++q)
      CHECK(x.surplus_quantiles[a * 9 + q] > y.surplus_quantiles[a * 9 + q]);
  }
  // The shared numbers are the seed's: another seed moves b.
  const RunResults other_seed = run(two_companies(0.2), true, 0, 4);
  CHECK(other_seed.surplus_mean[x.at(1, 2)] != x.surplus_mean[x.at(1, 2)]);
}

TEST_CASE("common random numbers draw the same distributions as plain runs", "[crn]") {
  const Scenario s = two_companies(0.2);
  const RunResults crn = run(s, true), plain = run(s, false);
  for (int e = 0; e < 3; ++e)
    for (int t = 0; t < 3; ++t) {
      const std::size_t i = crn.at(e, t);
      const double se = std::hypot(crn.surplus_mean_stderr[i], plain.surplus_mean_stderr[i]);
      CHECK(std::abs(crn.surplus_mean[i] - plain.surplus_mean[i]) < 4.5 * se);
      const double pse = std::hypot(crn.prob_negative_stderr[i], plain.prob_negative_stderr[i]);
      CHECK(std::abs(crn.prob_negative[i] - plain.prob_negative[i]) <= 4.5 * pse + 1e-12);
    }
  CHECK(crn.surplus_mean != plain.surplus_mean);  // other draws, not the plain streams
}

TEST_CASE("common random numbers give the same numbers for any thread count", "[crn]") {
  const Scenario s = two_companies(0.2);
  const RunResults one = run(s, true, 1), two = run(s, true, 2);
  CHECK(one.surplus_mean == two.surplus_mean);
  CHECK(one.surplus_quantiles == two.surplus_quantiles);
  CHECK(one.prob_negative == two.prob_negative);
}

}  // namespace
}  // namespace capexsim::test
