// Policy rules: the pure functions, a hand-computed path through the shared path model (replay
// and engine), rules that never bind leaving every number unchanged, and a buyback cut lowering
// P(surplus < 0) by many standard errors.
#include <cmath>
#include <cstddef>
#include <vector>

#include <catch2/catch.hpp>

#include "models/policy.h"
#include "sim/engine.h"
#include "sim/replay.h"
#include "tests/support/scenario_builders.h"

namespace capexsim::test {
namespace {

//! One fixed value per year.
ParamSpec per_year(const std::vector<double>& values) {
  ParamSpec spec;
  for (double v : values) spec.by_year.push_back(Distribution::fixed(v));
  return spec;
}

Company fixed_company(const std::string& name, Flows base, const std::vector<double>& ocf_growth,
                      const std::vector<double>& capex_growth, double buyback_ratio,
                      double dividend_ratio) {
  const std::size_t T = ocf_growth.size();
  Company c;
  c.name = name;
  c.base = base;
  c.params = {per_year(ocf_growth), per_year(capex_growth),
              per_year(std::vector<double>(T, buyback_ratio)),
              per_year(std::vector<double>(T, dividend_ratio))};
  return c;
}

Scenario four_years(std::vector<Company> companies) {
  Scenario sc;
  sc.name = "policy";
  sc.base_year = 2023;
  sc.years = {2024, 2025, 2026, 2027};
  sc.companies = std::move(companies);
  return sc;
}

void check_flows(const Flows& f, double ocf, double buybacks, double dividends, double capex) {
  CHECK(f.ocf == ocf);
  CHECK(f.buybacks == buybacks);
  CHECK(f.dividends == dividends);
  CHECK(f.capex == capex);
}

TEST_CASE("payout cuts apply only after a deficit year, capex is clamped to OCF", "[policy]") {
  Policy policy;
  const Draws drawn{0.0, 0.0, 0.4, 0.2};
  CHECK(cut_payouts(policy, drawn, true).buyback_ratio == 0.4);
  policy.buyback_cut = PayoutCut{0.5};
  policy.dividend_cut = PayoutCut{0.25};
  CHECK(cut_payouts(policy, drawn, false).buyback_ratio == 0.4);
  CHECK(cut_payouts(policy, drawn, false).dividend_ratio == 0.2);
  CHECK(cut_payouts(policy, drawn, true).buyback_ratio == 0.2);
  CHECK(cut_payouts(policy, drawn, true).dividend_ratio == 0.05);

  CHECK(clamp_capex(policy, 30, 100) == 30);
  policy.capex_floor = 0.25;
  CHECK(clamp_capex(policy, 20, 100) == 25);
  CHECK(clamp_capex(policy, 90, 100) == 90);
  policy.capex_ceiling = 0.75;
  CHECK(clamp_capex(policy, 90, 100) == 75);
  CHECK(clamp_capex(policy, 50, 100) == 50);
  CHECK(clamp_capex(policy, 10, 0) == 0);  // OCF floored to zero: both bounds are zero
}

TEST_CASE("a floored capex growth is still lifted to the capex floor", "[policy]") {
  Policy policy;
  policy.capex_floor = 0.5;
  const Step step = project_year(100, 40, Draws{0.0, -1.5, 0.0, 0.0}, policy, false);
  CHECK(step.capex_growth_floored);
  CHECK(step.flows.capex == 50);
}

// Two companies over four years, every draw fixed; all values are exact in binary.
//  a: buyback_cut 0.5. base OCF 100, capex 64, buyback ratio 0.5, dividend ratio 0.25.
//   2024  OCF 100  capex  96  buybacks 50     dividends 25     surplus -71   (deficit)
//   2025  OCF 100  capex  96  buybacks 25 (cut: 0.25, not compounded)  25  surplus -46
//   2026  OCF 125  capex  48  buybacks 31.25 (cut again)  31.25          surplus  14.5
//   2027  OCF 125  capex  48  buybacks 62.5 (no cut)      31.25          surplus -16.75
//  b: dividend_cut 0, capex_floor 0.5, capex_ceiling 0.75. base OCF 100, capex 64, ratios 0.25.
//   2024  OCF 100  capex 96 -> 75 (ceiling)  buybacks 25    dividends 25  surplus -25
//   2025  OCF 150  capex 75*1.25 = 93.75     buybacks 37.5  dividends 0   surplus 18.75
//   2026  OCF 150  capex 46.875 -> 75 (floor) buybacks 37.5 dividends 37.5 surplus 0
//   2027  OCF 75   capex 75 -> 56.25 (ceiling) 18.75        18.75         surplus -18.75
Scenario hand_scenario() {
  Company a = fixed_company("a", Flows{100, 50, 25, 64}, {0.0, 0.0, 0.25, 0.0},
                            {0.5, 0.0, -0.5, 0.0}, 0.5, 0.25);
  a.policy.buyback_cut = PayoutCut{0.5};
  Company b = fixed_company("b", Flows{100, 25, 25, 64}, {0.0, 0.5, 0.0, -0.5},
                            {0.5, 0.25, -0.5, 0.0}, 0.25, 0.25);
  b.policy.dividend_cut = PayoutCut{0.0};
  b.policy.capex_floor = 0.5;
  b.policy.capex_ceiling = 0.75;
  return four_years({a, b});
}

TEST_CASE("a hand-computed path reproduces exactly", "[policy]") {
  const Scenario sc = hand_scenario();
  RunOptions options;
  options.paths = 1;
  options.threads = 1;
  const PathTrace trace = replay_path(sc, options, 0);
  const auto& a = trace.flows[0];
  check_flows(a[0], 100, 50, 25, 96);
  check_flows(a[1], 100, 25, 25, 96);
  check_flows(a[2], 125, 31.25, 31.25, 48);
  check_flows(a[3], 125, 62.5, 31.25, 48);
  CHECK(trace.draws[0][1].buyback_ratio == 0.5);  // the draw as drawn, before the cut
  const auto& b = trace.flows[1];
  check_flows(b[0], 100, 25, 25, 75);
  check_flows(b[1], 150, 37.5, 0, 93.75);
  check_flows(b[2], 150, 37.5, 37.5, 75);
  check_flows(b[3], 75, 18.75, 18.75, 56.25);
  check_flows(trace.flows[2][3], 200, 81.25, 50, 104.25);

  // The engine runs the same path: its means over one path are these flows.
  const RunResults r = run_simulation(sc, options);
  const std::vector<double> surplus_a = {-71, -46, 14.5, -16.75};
  const std::vector<double> surplus_b = {-25, 18.75, 0, -18.75};
  for (int t = 0; t < 4; ++t) {
    CHECK(r.surplus_mean[r.at(0, t)] == surplus_a[static_cast<std::size_t>(t)]);
    CHECK(r.surplus_mean[r.at(1, t)] == surplus_b[static_cast<std::size_t>(t)]);
  }
  CHECK(r.prob_negative[r.at(1, 2)] == 0);  // a zero surplus is not a deficit
  CHECK(r.first_negative_counts[r.at(0, 0)] == 1);
}

Scenario uncertain(const Policy& policy) {
  Company c = make_company("u", Flows{100, 30, 10, 50}, 4, Distribution::normal(0.10, 0.20),
                           Distribution::normal(0.20, 0.20), Distribution::uniform(0.2, 0.4),
                           Distribution::fixed(0.1));
  c.policy = policy;
  return four_years({c});
}

RunResults run(const Scenario& sc, std::uint64_t paths) {
  RunOptions options;
  options.paths = paths;
  options.seed = 7;
  options.store = StorePaths::none;
  return run_simulation(sc, options);
}

TEST_CASE("rules that never bind leave every number unchanged", "[policy]") {
  Policy idle;
  idle.buyback_cut = PayoutCut{1.0};
  idle.dividend_cut = PayoutCut{1.0};
  idle.capex_floor = 0.0;
  idle.capex_ceiling = 1e300;
  const RunResults plain = run(uncertain(Policy{}), 20000);
  const RunResults ruled = run(uncertain(idle), 20000);
  CHECK(plain.surplus_mean == ruled.surplus_mean);
  CHECK(plain.surplus_std == ruled.surplus_std);
  CHECK(plain.prob_negative == ruled.prob_negative);
  CHECK(plain.surplus_quantiles == ruled.surplus_quantiles);
}

TEST_CASE("a buyback cut lowers P(surplus < 0) after the first year", "[policy][statistical]") {
  const std::uint64_t n = 200000;
  Policy cut;
  cut.buyback_cut = PayoutCut{0.5};
  const RunResults plain = run(uncertain(Policy{}), n);
  const RunResults ruled = run(uncertain(cut), n);
  // The first year has no previous projection year: same draws, same flows.
  CHECK(plain.prob_negative[plain.at(0, 0)] == ruled.prob_negative[ruled.at(0, 0)]);
  const double k = 5;
  for (int t = 1; t < 4; ++t) {
    const double p0 = plain.prob_negative[plain.at(0, t)];
    const double p1 = ruled.prob_negative[ruled.at(0, t)];
    // Independent-sample standard error: conservative, as both runs share their draws.
    const double se = std::sqrt((p0 * (1 - p0) + p1 * (1 - p1)) / static_cast<double>(n));
    INFO("year " << t << ": P without " << p0 << ", with " << p1 << ", se " << se);
    CHECK(p0 - p1 > k * se);
  }
}

}  // namespace
}  // namespace capexsim::test
