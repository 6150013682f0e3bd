// The nowcast year along whole paths (engine and replay): a company's first projection year is
// its known actuals plus a drawn remainder; later years grow from that year's totals.
#include <cstddef>
#include <vector>

#include <catch2/catch.hpp>

#include "sim/engine.h"
#include "sim/replay.h"
#include "tests/support/scenario_builders.h"

namespace capexsim::test {
namespace {

ParamSpec per_year(const std::vector<double>& values) {
  ParamSpec spec;
  for (double v : values) spec.by_year.push_back(Distribution::fixed(v));
  return spec;
}

// Every value below is exact in binary.
//  base OCF 100, capex 64; known through Q2 (k = 1/2): OCF 60, capex 40, buybacks 2, dividends 1.
//  2024: rest OCF 50 * 1.5 = 75, rest capex 32 * 1.25 = 40, ratios 0.25 and 0.125 on the rest:
//        OCF 135, capex 80, buybacks 2 + 18.75 = 20.75, dividends 1 + 9.375 = 10.375
//  2025: from the full-year totals: OCF 135 * 1 = 135, capex 80 * 1.5 = 120,
//        buybacks 33.75, dividends 16.875
Scenario hand_scenario() {
  Company c;
  c.name = "k";
  c.base = Flows{100, 25, 12.5, 64};
  c.known = KnownPart{2024, 2, Flows{60, 2, 1, 40}};
  c.params = {per_year({0.5, 0.0}), per_year({0.25, 0.5}), per_year({0.25, 0.25}),
              per_year({0.125, 0.125})};
  Scenario s;
  s.name = "nowcast";
  s.base_year = 2023;
  s.years = {2024, 2025};
  s.companies = {c};
  s.dependence = independent(s.companies);
  return s;
}

void check_flows(const Flows& f, double ocf, double buybacks, double dividends, double capex) {
  CHECK(f.ocf == ocf);
  CHECK(f.buybacks == buybacks);
  CHECK(f.dividends == dividends);
  CHECK(f.capex == capex);
}

RunOptions options(std::uint64_t paths, int threads) {
  RunOptions o;
  o.paths = paths;
  o.seed = 11;
  o.threads = threads;
  o.store = StorePaths::all;
  return o;
}

TEST_CASE("with fixed draws the nowcast year and the next are exact", "[nowcast]") {
  const Scenario s = hand_scenario();
  const PathTrace trace = replay_path(s, options(3, 1), 2);
  check_flows(trace.flows[0][0], 135, 20.75, 10.375, 80);
  check_flows(trace.flows[0][1], 135, 33.75, 16.875, 120);
  const RunResults r = run_simulation(s, options(3, 1));
  CHECK(r.ocf_mean[r.at(0, 0)] == 135);
  CHECK(r.capex_mean[r.at(0, 1)] == 120);
  CHECK(r.surplus_mean[r.at(0, 0)] == 135 - 20.75 - 10.375 - 80);
}

//! Company "a" with a known half year and wide growth draws (some at or below -100%), "b" without.
Scenario uncertain(bool with_known) {
  Scenario s = two_company_scenario("nowcast");
  s.companies[0].params[0] = all_years(Distribution::normal(0.0, 0.8), 3);
  s.companies[0].params[1] = all_years(Distribution::normal(0.0, 0.8), 3);
  if (with_known) s.companies[0].known = KnownPart{2024, 2, Flows{55, 7, 3, 40}};
  return s;
}

double at_path(const PathArray<double>& a, const RunResults& r, int e, int t, std::size_t p) {
  return a[(r.at(e, t)) * r.paths + p];
}

TEST_CASE("every path's nowcast year holds at least the known part", "[nowcast]") {
  const Scenario s = uncertain(true);
  const RunResults r = run_simulation(s, options(20000, 2));
  REQUIRE(r.ocf_growth_floored[r.at(0, 0)] > 0);  // the floor is exercised
  REQUIRE(r.capex_growth_floored[r.at(0, 0)] > 0);
  std::size_t at_known = 0;
  for (std::size_t p = 0; p < r.paths; ++p) {
    const double ocf = at_path(r.path_ocf, r, 0, 0, p);
    REQUIRE(ocf >= 55.0);
    REQUIRE(at_path(r.path_capex, r, 0, 0, p) >= 40.0);
    REQUIRE(at_path(r.path_buybacks, r, 0, 0, p) >= 7.0);
    REQUIRE(at_path(r.path_dividends, r, 0, 0, p) >= 3.0);
    at_known += ocf == 55.0 ? 1 : 0;
  }
  CHECK(at_known == static_cast<std::size_t>(r.ocf_growth_floored[r.at(0, 0)]));
}

TEST_CASE("a replayed nowcast path is the simulated one", "[nowcast][replay]") {
  const Scenario s = uncertain(true);
  const RunResults r = run_simulation(s, options(3000, 2));
  for (std::size_t p : {0UL, 1234UL, 2999UL}) {
    const PathTrace trace = replay_path(s, options(3000, 1), p);
    for (int e = 0; e < 2; ++e)
      for (int t = 0; t < 3; ++t) {
        CHECK(trace.flows[e][t].ocf == at_path(r.path_ocf, r, e, t, p));
        CHECK(trace.flows[e][t].capex == at_path(r.path_capex, r, e, t, p));
        CHECK(trace.flows[e][t].buybacks == at_path(r.path_buybacks, r, e, t, p));
        CHECK(trace.flows[e][t].dividends == at_path(r.path_dividends, r, e, t, p));
      }
  }
}

TEST_CASE("known leaves the draws and the other companies bitwise unchanged, for any thread count",
          "[nowcast][reproducible]") {
  const RunResults plain = run_simulation(uncertain(false), options(5000, 2));
  const RunResults one = run_simulation(uncertain(true), options(5000, 1));
  const RunResults two = run_simulation(uncertain(true), options(5000, 2));
  CHECK(one.path_ocf == two.path_ocf);
  CHECK(one.path_capex == two.path_capex);
  CHECK(one.path_surplus == two.path_surplus);
  CHECK(one.surplus_quantiles == two.surplus_quantiles);
  for (std::size_t p = 0; p < plain.paths; ++p)
    for (int t = 0; t < 3; ++t) {
      REQUIRE(at_path(plain.path_ocf, plain, 1, t, p) == at_path(two.path_ocf, two, 1, t, p));
      REQUIRE(at_path(plain.path_capex, plain, 1, t, p) == at_path(two.path_capex, two, 1, t, p));
    }
  CHECK(plain.path_ocf != two.path_ocf);  // company a's first year did change
}

}  // namespace
}  // namespace capexsim::test
