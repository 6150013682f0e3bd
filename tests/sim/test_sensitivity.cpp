//! The engine's rank-correlation sensitivity: which inputs count as drawn, the sign and size of
//! rho where the answer is known, agreement with Spearman's rho recomputed from stored paths,
//! bitwise reproducibility across thread counts, the sample size and disabling it.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "../support/same_bits.h"
#include "scenarios/loader.h"
#include "sim/engine.h"
#include "sim/memory_estimate.h"
#include "sim/rank_correlation.h"
#include "sim/sensitivity.h"
#include "tests/support/scenario_builders.h"

using namespace capexsim;
using capexsim::test::same_bits;

namespace {

using test::make_company;

Scenario three_years(const std::string& name) {
  Scenario s;
  s.name = name;
  s.base_year = 2023;
  s.years = {2024, 2025, 2026};
  return s;
}

//! Everything fixed except company a's capex growth in 2025. Company a's surplus turns negative
//! in 2025 when that growth exceeds about 51%, in 2026 above about 28%, never below.
Scenario only_capex_2025() {
  Scenario s = three_years("one-input");
  s.companies.push_back(make_company("a", {1000, 300, 50, 400}, 3, Distribution::fixed(0.1),
                                     Distribution::fixed(0.3), Distribution::fixed(0.3),
                                     Distribution::fixed(0.05)));
  s.companies[0].params[1].by_year[1] = Distribution::uniform(0.0, 0.8);
  s.companies.push_back(make_company("b", {500, 100, 0, 200}, 3, Distribution::fixed(0.05),
                                     Distribution::fixed(0.1), Distribution::fixed(0.2),
                                     Distribution::fixed(0.0)));
  return s;
}

//! Two companies, most parameters drawn; b's buyback ratio is fixed in 2024 only.
Scenario two_companies() {
  Scenario s = three_years("two");
  s.companies.push_back(make_company("a", {1000, 300, 50, 400}, 3, Distribution::normal(0.15, 0.1),
                                     Distribution::triangular(0.1, 0.3, 0.6),
                                     Distribution::uniform(0.2, 0.4), Distribution::fixed(0.05)));
  s.companies.push_back(make_company("b", {800, 100, 0, 500}, 3,
                                     Distribution::student_t(0.1, 0.04, 5),
                                     Distribution::pert(0.0, 0.3, 0.8),
                                     Distribution::beta(2, 5, 0.0, 0.3), Distribution::fixed(0.0)));
  s.companies[1].params[2].by_year[0] = Distribution::fixed(0.1);
  return s;
}

RunResults run(const Scenario& s, std::uint64_t paths, std::uint64_t sample, int threads,
               StorePaths store = StorePaths::none) {
  RunOptions o;
  o.paths = paths;
  o.seed = 31;
  o.threads = threads;
  o.store = store;
  o.sensitivity_paths = sample;
  return run_simulation(s, o);
}

//! Equal, or both NaN.
bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

}  // namespace

TEST_CASE("sensitivity inputs are the non-fixed (company, parameter, year) cells",
          "[sensitivity]") {
  const Scenario s = two_companies();
  const std::vector<SensitivityInput> in = sensitivity_inputs(s);
  // a: 3 parameters x 3 years; b: ocf and capex growth x 3 years, buyback ratio 2025 and 2026.
  REQUIRE(in.size() == 9 + 6 + 2);
  const RunResults r = run(s, 1000, 1000, 1);
  const std::vector<std::string> expected = {
      "a.ocf_growth.2024",    "a.ocf_growth.2025",   "a.ocf_growth.2026",    "a.capex_growth.2024",
      "a.capex_growth.2025",  "a.capex_growth.2026", "a.buyback_ratio.2024", "a.buyback_ratio.2025",
      "a.buyback_ratio.2026", "b.ocf_growth.2024",   "b.ocf_growth.2025",    "b.ocf_growth.2026",
      "b.capex_growth.2024",  "b.capex_growth.2025", "b.capex_growth.2026",  "b.buyback_ratio.2025",
      "b.buyback_ratio.2026"};
  CHECK(r.sensitivity.inputs == expected);
  CHECK(r.sensitivity.input_company[15] == "b");
  CHECK(r.sensitivity.input_parameter[15] == "buyback_ratio");
  CHECK(r.sensitivity.input_year[15] == 2025);
  CHECK(r.sensitivity.spearman_surplus.size() == std::size_t{17} * 3 * 3);
  CHECK(r.sensitivity.spearman_first_negative.size() == std::size_t{17} * 3);
}

TEST_CASE("the only drawn input: rho = -1 with its company's surplus, negative with its deficit",
          "[sensitivity]") {
  const Scenario s = only_capex_2025();
  const std::uint64_t n = 20000;
  const RunResults r = run(s, n, 100000, 2);
  const RankSensitivity& sens = r.sensitivity;
  REQUIRE(sens.inputs == std::vector<std::string>{"a.capex_growth.2025"});
  CHECK(sens.paths == n);
  const std::size_t E = 3, T = 3;
  auto surplus = [&](std::size_t e, std::size_t t) { return sens.spearman_surplus[e * T + t]; };
  // More capex growth, less surplus in 2025 and (capex compounds) 2026: strictly monotone.
  for (std::size_t e : {std::size_t{0}, std::size_t{2}})
    for (std::size_t t : {std::size_t{1}, std::size_t{2}}) {
      INFO("entity " << e << " year " << t);
      CHECK(surplus(e, t) == Approx(-1.0).margin(1e-12));
    }
  // Constant outcomes: 2024 before the input, and company b throughout.
  CHECK(std::isnan(surplus(0, 0)));
  for (std::size_t t = 0; t < T; ++t) CHECK(std::isnan(surplus(1, t)));
  // More capex growth, an earlier deficit; b never goes negative.
  REQUIRE(sens.spearman_first_negative.size() == E);
  CHECK(sens.spearman_first_negative[0] < -0.5);
  CHECK(std::isnan(sens.spearman_first_negative[1]));
  CHECK(sens.spearman_first_negative[2] < 0.0);  // the total: 2026 or never
  CHECK(strongest(sens.spearman_surplus, 10).size() == 4);
}

TEST_CASE("engine's rho equals Spearman's rho recomputed from the stored paths", "[sensitivity]") {
  // Draws are recovered from the stored flows (growth = flow / last year's - 1, ratio = payout /
  // OCF): monotone in the draw, so they have the draws' ranks and give the same rho.
  const Scenario s = two_companies();
  const std::uint64_t P = 3 * kBlockSize + 123, n = kBlockSize + 500;  // crosses a block
  const RunResults r = run(s, P, n, 2, StorePaths::all);
  REQUIRE(r.sensitivity.paths == n);
  const std::size_t E = 3, T = 3;
  auto at = [&](std::size_t e, std::size_t t) { return (e * T + t) * P; };
  const std::vector<SensitivityInput> inputs = sensitivity_inputs(s);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const SensitivityInput& in = inputs[i];
    std::vector<double> draw(n);
    for (std::size_t p = 0; p < n; ++p) {
      const std::size_t cell = at(in.company, in.year) + p;
      const double ocf = r.path_ocf[cell];
      const std::size_t last = in.year == 0 ? 0 : at(in.company, in.year - 1) + p;
      const Flows& base = s.companies[in.company].base;
      switch (in.param) {
        case 0:
          draw[p] = ocf / (in.year == 0 ? base.ocf : r.path_ocf[last]) - 1.0;
          break;
        case 1:
          draw[p] = r.path_capex[cell] / (in.year == 0 ? base.capex : r.path_capex[last]) - 1.0;
          break;
        case 2:
          draw[p] = r.path_buybacks[cell] / ocf;
          break;
        default:
          draw[p] = r.path_dividends[cell] / ocf;
      }
    }
    for (std::size_t e = 0; e < E; ++e) {
      INFO(r.sensitivity.inputs[i] << " with " << r.entities[e]);
      for (std::size_t t = 0; t < T; ++t) {
        const std::span<const double> surplus(r.path_surplus.data() + at(e, t), n);
        CHECK(same(r.sensitivity.spearman_surplus[(i * E + e) * T + t], spearman(draw, surplus)));
      }
      std::vector<double> first(n);
      for (std::size_t p = 0; p < n; ++p) {
        const std::int32_t year = r.path_first_negative_year[e * P + p];
        first[p] = year == 0 ? std::numeric_limits<double>::infinity() : year;
      }
      CHECK(same(r.sensitivity.spearman_first_negative[i * E + e], spearman(draw, first)));
    }
  }
}

TEST_CASE("independent inputs and outcomes: |rho| within k / sqrt(n - 1)", "[sensitivity][stats]") {
  // Company b's draws never touch company a's surplus: rho has mean 0 and standard deviation
  // 1 / sqrt(n - 1) under independence (Kendall & Gibbons, ch. 4).
  const Scenario s = two_companies();
  const std::uint64_t n = 20000;
  const RunResults r = run(s, n, n, 2);
  const double k = 5.0, bound = k / std::sqrt(static_cast<double>(n - 1));
  const std::size_t E = 3, T = 3;
  for (std::size_t i = 0; i < r.sensitivity.inputs.size(); ++i) {
    if (r.sensitivity.input_company[i] != "b") continue;
    for (std::size_t t = 0; t < T; ++t) {
      INFO(r.sensitivity.inputs[i] << " year " << t);
      CHECK(std::abs(r.sensitivity.spearman_surplus[(i * E + 0) * T + t]) <= bound);
    }
  }
  // a's 2026 surplus: OCF growth of any year raises it, capex growth of any year and the 2026
  // buyback ratio lower it (all far beyond the bound), earlier buyback ratios do not touch it.
  for (std::size_t i = 0; i < 9; ++i) {
    const std::string& name = r.sensitivity.inputs[i];
    const double rho = r.sensitivity.spearman_surplus[(i * E + 0) * T + 2];
    INFO(name << " rho " << rho);
    if (name.starts_with("a.ocf_growth"))
      CHECK(rho > bound);
    else if (name.starts_with("a.capex_growth") || name == "a.buyback_ratio.2026")
      CHECK(rho < -bound);
    else
      CHECK(std::abs(rho) <= bound);
  }
}

TEST_CASE("sensitivity is bitwise the same for 1 and 2 threads", "[sensitivity][reproducible]") {
  const Scenario s = two_companies();
  const std::uint64_t P = 3 * kBlockSize + 77, n = 2 * kBlockSize + 5;
  const RunResults a = run(s, P, n, 1);
  const RunResults b = run(s, P, n, 2);
  REQUIRE(a.sensitivity.paths == n);
  CHECK(same_bits(a.sensitivity.spearman_surplus, b.sensitivity.spearman_surplus));
  CHECK(same_bits(a.sensitivity.spearman_first_negative, b.sensitivity.spearman_first_negative));
  CHECK(a.sensitivity.inputs == b.sensitivity.inputs);
}

TEST_CASE(
    "the sample is the first min(paths run, sensitivity_paths) paths, none when 0 or nothing drawn",
    "[sensitivity]") {
  const Scenario s = two_companies();
  CHECK(run(s, 5000, 100000, 2).sensitivity.paths == 5000);
  CHECK(run(s, 5000, 300, 2).sensitivity.paths == 300);
  const RunResults off = run(s, 5000, 0, 2);
  CHECK(off.sensitivity.empty());
  CHECK(off.sensitivity.paths == 0);
  CHECK(off.sensitivity.spearman_surplus.empty());
  // The report's Table 1 scenario draws nothing.
  CHECK(run(load_scenario("scenarios/seed_table1.toml"), 1000, 1000, 2).sensitivity.empty());

  // A run that stops on precision uses the paths it ran.
  RunOptions o;
  o.paths = 1000000;
  o.seed = 3;
  o.threads = 2;
  o.target_stderr = 0.05;  // met at the first check
  const RunResults stopped = run_simulation(s, o);
  REQUIRE(stopped.paths < o.paths);
  CHECK(stopped.sensitivity.paths == std::min<std::uint64_t>(stopped.paths, 100000));

  // Its memory is counted, and only when enabled.
  RunOptions with, without;
  with.paths = without.paths = 1000000;
  without.sensitivity_paths = 0;
  CHECK(estimate_memory_bytes(s, with) >
        estimate_memory_bytes(s, without) + std::size_t{17} * 100000 * sizeof(double));
  CHECK(estimate_memory_bytes(load_scenario("scenarios/seed_table1.toml"), with) ==
        estimate_memory_bytes(load_scenario("scenarios/seed_table1.toml"), without));
}

TEST_CASE("strongest orders by |rho|, skips NaN and keeps position order on ties",
          "[sensitivity]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> rho = {0.1, nan, -0.5, 0.5, 0.2, -0.7};
  CHECK(strongest(rho, 3) == std::vector<std::size_t>{5, 2, 3});
  CHECK(strongest(rho, 10) == std::vector<std::size_t>{5, 2, 3, 4, 0});
  CHECK(strongest(std::vector<double>{nan, nan}, 10).empty());
}
