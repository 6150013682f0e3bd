// analysis/evaluation.h against hand-computed values: the realized total, both baselines, the
// PIT bins, the chi-square test (p-value from scipy.stats.chi2.sf), the scoring of one vintage
// and the aggregation with its Wilson intervals (computed by hand from Wilson's formula).
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "analysis/evaluation.h"

using namespace capexsim;

namespace {

//! OCF 100, 120, 114, 136.8 (growth +20%, -5%, +20%); capex 10, 20, 30, 45 (+100%, +50%,
//! +50%); in 2015 buybacks are 10% and dividends 5% of OCF.
EntitySeries company_a() {
  return {.name = "a",
          .years = {{2012, {100, 10, 5, 1}},
                    {2013, {120, 20, 6, 2}},
                    {2014, {114, 30, 7, 3}},
                    {2015, {136.8, 45, 13.68, 6.84}},
                    {2016, {150, 60, 0, 7}}}};
}

//! Flat: OCF 50, capex 10, buybacks 5, dividends 0 every year; 2016 has no capex reported.
EntitySeries company_b() {
  EntitySeries b{.name = "b", .years = {}};
  for (int y = 2012; y <= 2015; ++y) b.years.push_back({y, {50, 10, 5, 0}});
  b.years.push_back({2016, {50, kEvalNaN, 5, 0}});
  return b;
}

}  // namespace

TEST_CASE("with_total sums the companies where every one reports", "[evaluation]") {
  const std::vector<EntitySeries> e = with_total({company_a(), company_b()});
  REQUIRE(e.size() == 3);
  CHECK(e[2].name == "total");
  const auto t2015 = e[2].flows(2015);
  CHECK(t2015[0] == Approx(186.8));
  CHECK(t2015[1] == Approx(55));
  CHECK(t2015[4] == Approx(186.8 - 55 - 18.68 - 6.84));  // surplus
  const auto t2016 = e[2].flows(2016);
  CHECK(t2016[0] == Approx(200));
  CHECK(std::isnan(t2016[1]));  // b's capex missing
  CHECK(std::isnan(t2016[4]));
  CHECK(std::isnan(e[2].flows(2030)[0]));
}

TEST_CASE("seed's method: trailing 3-year mean growth, the last year's payout ratios",
          "[evaluation]") {
  const auto f = seed_forecast(company_a(), 2015, 2);
  const double g_ocf = (0.2 - 0.05 + 0.2) / 3, g_capex = (1.0 + 0.5 + 0.5) / 3;
  const double ocf = 136.8 * (1 + g_ocf) * (1 + g_ocf);
  CHECK(f[0] == Approx(ocf));
  CHECK(f[1] == Approx(45 * (1 + g_capex) * (1 + g_capex)));
  CHECK(f[2] == Approx(0.10 * ocf));
  CHECK(f[3] == Approx(0.05 * ocf));
  CHECK(f[4] == Approx(ocf * 0.85 - f[1]));
  // Base 2013: one growth rate so far, used alone.
  CHECK(seed_forecast(company_a(), 2013, 1)[0] == Approx(144));
  // Base 2012: no growth rate: no forecast.
  CHECK(std::isnan(seed_forecast(company_a(), 2012, 1)[0]));
}

TEST_CASE("naive: last year's growth, the last year's payout ratios", "[evaluation]") {
  const auto f = naive_forecast(company_a(), 2015, 3);
  CHECK(f[0] == Approx(136.8 * 1.2 * 1.2 * 1.2));
  CHECK(f[1] == Approx(45 * 1.5 * 1.5 * 1.5));
  CHECK(f[2] == Approx(0.1 * f[0]));
  CHECK(naive_forecast(company_a(), 2014, 1)[0] == Approx(114 * 0.95));
}

TEST_CASE("PIT bins: width 0.1, 1 in the last", "[evaluation]") {
  CHECK(pit_bin(0.0) == 0);
  CHECK(pit_bin(0.0999) == 0);
  CHECK(pit_bin(0.1) == 1);
  CHECK(pit_bin(0.55) == 5);
  CHECK(pit_bin(0.99) == 9);
  CHECK(pit_bin(1.0) == 9);
}

TEST_CASE("chi-square uniformity test", "[evaluation]") {
  const std::vector<std::int64_t> flat(10, 10);
  const ChiSquareTest a = uniformity_test(flat);
  CHECK(a.df == 9);
  CHECK(a.statistic == 0);
  CHECK(a.p_value == Approx(1.0));
  // E = 10; (20 - 10)^2 / 10 + (0 - 10)^2 / 10 = 20; P(chi2(9) >= 20) = 0.0179124045 (scipy).
  const std::vector<std::int64_t> skew = {20, 0, 10, 10, 10, 10, 10, 10, 10, 10};
  const ChiSquareTest b = uniformity_test(skew);
  CHECK(b.statistic == Approx(20.0));
  CHECK(b.p_value == Approx(0.017912404529843298).epsilon(1e-9));
  const ChiSquareTest none = uniformity_test(std::vector<std::int64_t>(10, 0));
  CHECK(std::isnan(none.statistic));
  CHECK(std::isnan(none.p_value));
}

TEST_CASE("score_vintage scores realized, non-zero cells with both baselines", "[evaluation]") {
  const std::vector<EntitySeries> e = with_total({company_a(), company_b()});
  std::vector<EvaluationCell> cells;
  // Every sample is {100, 200, 300, 400}, whatever the cell.
  const VintageSample sample = [](int, int, int) {
    return std::vector<double>{100, 200, 300, 400};
  };
  score_vintage(e, 2015, 2, sample, cells);
  // 2016 only (2017 has no data): a: ocf, capex, dividends, surplus (buybacks 0: skipped);
  // b: ocf, buybacks (capex missing, dividends 0, surplus missing); total: ocf, buybacks,
  // dividends (capex and surplus missing).
  REQUIRE(cells.size() == 9);
  const EvaluationCell& c = cells[0];  // a's OCF, 150
  CHECK(c.entity == 0);
  CHECK(c.flow == 0);
  CHECK(c.lead() == 1);
  CHECK(c.realized == 150);
  CHECK(c.pit == Approx(0.25));
  CHECK(c.in50 == 0);  // [175, 325]
  CHECK(c.in90 == 1);  // [115, 385]
  CHECK(c.seed == Approx(136.8 * (1 + 0.35 / 3)));
  CHECK(c.crps_seed == Approx(std::abs(136.8 * (1 + 0.35 / 3) - 150)));
  CHECK(c.crps_naive == Approx(std::abs(136.8 * 1.2 - 150)));
  const EvaluationCell& t = cells[6];  // total OCF: a's and b's baselines summed
  CHECK(t.entity == 2);
  CHECK(t.realized == 200);
  CHECK(t.naive == Approx(136.8 * 1.2 + 50));
}

TEST_CASE("summarize pools each axis and gives Wilson intervals", "[evaluation]") {
  const auto cell = [](int year, int entity, int flow, double pit, double in50, double crps) {
    return EvaluationCell{.base_year = 2015,
                          .year = year,
                          .entity = entity,
                          .flow = flow,
                          .realized = 1,
                          .median = 1,
                          .pit = pit,
                          .in50 = in50,
                          .in90 = 1,
                          .crps = crps,
                          .seed = 0,
                          .naive = 0,
                          .crps_seed = 2 * crps,
                          .crps_naive = 4.0};
  };
  const std::vector<EvaluationCell> cells = {cell(2016, 0, 0, 0.05, 1, 1.0),
                                             cell(2016, 1, 0, 0.95, 0, 3.0),
                                             cell(2017, 0, 1, 0.55, 1, 2.0)};
  const EvaluationSummary s = summarize(cells, 2, {"a", "b"});
  REQUIRE(s.leads == std::vector<int>{1, 2, 0});
  REQUIRE(s.flows.back() == "all");
  REQUIRE(s.entities == std::vector<std::string>{"a", "b", "all"});
  const std::size_t l1_ocf = s.index(0, 0, 2);  // lead 1, ocf, all entities
  CHECK(s.n[l1_ocf] == 2);
  CHECK(s.in50[l1_ocf] == 0.5);
  CHECK(s.in50_lower[l1_ocf] == Approx(0.09453120573423074));
  CHECK(s.in50_upper[l1_ocf] == Approx(0.9054687942657693));
  CHECK(s.crps[l1_ocf] == 2.0);
  CHECK(s.crps_seed[l1_ocf] == 4.0);
  CHECK(s.crps_naive[l1_ocf] == 4.0);
  const std::size_t all = s.index(2, kEvalFlows, 2);  // every cell
  CHECK(s.n[all] == 3);
  CHECK(s.in50[all] == Approx(2.0 / 3));
  CHECK(s.in50_lower[all] == Approx(0.2076596008020477));
  CHECK(s.in90[all] == 1.0);
  CHECK(s.in90_lower[all] == Approx(0.4385029682449546));
  CHECK(s.in90_upper[all] == Approx(1.0));
  const std::int64_t* bins = &s.pit_counts[all * kPitBins];
  CHECK(bins[0] == 1);
  CHECK(bins[5] == 1);
  CHECK(bins[9] == 1);
  // chi2 of (1, 0, 0, 0, 0, 1, 0, 0, 0, 1) against 0.3 each: 3 x 0.49 / 0.3 + 7 x 0.3 = 7.
  CHECK(s.pit_chi2[all] == Approx(7.0));
  const std::size_t empty = s.index(1, 0, 0);  // lead 2, ocf, a: no cell
  CHECK(s.n[empty] == 0);
  CHECK(std::isnan(s.in50[empty]));
  CHECK(std::isnan(s.crps[empty]));
  CHECK(s.n[s.index(1, 1, 0)] == 1);  // lead 2, capex, a
}
