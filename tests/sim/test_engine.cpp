#include <catch2/catch.hpp>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <vector>

#include "models/errors.h"
#include "scenarios/loader.h"
#include "sim/engine.h"
#include "sim/replay.h"
#include "tests/support/scenario_builders.h"

using namespace capexsim;

namespace {

using test::make_company;

//! Two companies with uncertainty in every parameter, three years.
Scenario two_company_scenario() {
  Scenario s;
  s.name = "two";
  s.base_year = 2023;
  s.years = {2024, 2025, 2026};
  s.companies.push_back(make_company("a", {1000, 300, 50, 400}, 3, Distribution::normal(0.15, 0.1),
                                     Distribution::triangular(0.1, 0.3, 0.6),
                                     Distribution::uniform(0.2, 0.4), Distribution::fixed(0.05)));
  s.companies.push_back(make_company("b", {800, 100, 0, 500}, 3,
                                     Distribution::student_t(0.1, 0.08, 5),
                                     Distribution::pert(0.0, 0.3, 0.8),
                                     Distribution::beta(2, 5, 0.0, 0.3), Distribution::fixed(0.0)));
  return s;
}

RunResults run(const Scenario& s, std::uint64_t paths, std::uint64_t seed, int threads,
               StorePaths store = StorePaths::total) {
  RunOptions o;
  o.paths = paths;
  o.seed = seed;
  o.threads = threads;
  o.store = store;
  return run_simulation(s, o);
}

// The report's Table 1, 2024E-2026E (USD 100 million; usage in percent).
struct Table1Row {
  double ocf, buybacks, dividends, capex, surplus, usage;
};
const Table1Row kTable1[3] = {{4145.20, 1165.21, 238.49, 2198.22, 543.28, 86.89},
                              {4766.98, 1340.00, 274.26, 2857.69, 295.03, 93.81},
                              {5482.02, 1541.00, 315.40, 3714.99, -89.36, 101.63}};

// "To the cent": the table's figures are rounded to 0.01, so |x - table| <= 0.005.
constexpr double kCent = 0.005 + 1e-9;

}  // namespace

TEST_CASE("seed_table1.toml reproduces every 2024E-2026E cell of the report's Table 1",
          "[engine][table1]") {
  const Scenario s = load_scenario("scenarios/seed_table1.toml");
  const RunResults r = run(s, 1000, 20240818, 2);
  REQUIRE(r.entities == std::vector<std::string>{"big4", "total"});
  for (int e = 0; e < 2; ++e) {
    for (int t = 0; t < 3; ++t) {
      INFO("entity " << r.entities[e] << " year " << r.years[t]);
      const std::size_t i = r.at(e, t);
      CHECK(std::abs(r.ocf_mean[i] - kTable1[t].ocf) <= kCent);
      CHECK(std::abs(r.buybacks_mean[i] - kTable1[t].buybacks) <= kCent);
      CHECK(std::abs(r.dividends_mean[i] - kTable1[t].dividends) <= kCent);
      CHECK(std::abs(r.capex_mean[i] - kTable1[t].capex) <= kCent);
      CHECK(std::abs(r.surplus_mean[i] - kTable1[t].surplus) <= kCent);
      CHECK(std::abs(100.0 * r.usage_ratio[i] - kTable1[t].usage) <= kCent);
      CHECK(r.surplus_std[i] == Approx(0.0).margin(1e-9));
      CHECK(r.prob_negative[i] == (t == 2 ? 1.0 : 0.0));
      CHECK(r.first_negative_counts[i] == (t == 2 ? 1000 : 0));
    }
    CHECK(r.never_negative_counts[static_cast<std::size_t>(e)] == 0);
  }
}

TEST_CASE("same seed gives identical results for 1 and 2 threads, other seeds differ",
          "[engine][reproducible]") {
  const Scenario s = two_company_scenario();
  const std::uint64_t paths = 3 * kBlockSize + 123;  // not a multiple of the block size
  const RunResults a = run(s, paths, 42, 1, StorePaths::all);
  const RunResults b = run(s, paths, 42, 2, StorePaths::all);
  CHECK(a.surplus_mean == b.surplus_mean);
  CHECK(a.surplus_std == b.surplus_std);
  CHECK(a.ocf_mean == b.ocf_mean);
  CHECK(a.capex_mean == b.capex_mean);
  CHECK(a.surplus_quantiles == b.surplus_quantiles);
  CHECK(a.prob_negative == b.prob_negative);
  CHECK(a.first_negative_counts == b.first_negative_counts);
  CHECK(a.path_surplus == b.path_surplus);
  CHECK(a.path_ocf == b.path_ocf);
  CHECK(a.path_first_negative_year == b.path_first_negative_year);

  const RunResults c = run(s, paths, 43, 2, StorePaths::all);
  CHECK(c.surplus_mean != a.surplus_mean);
  CHECK(c.path_surplus != a.path_surplus);
}

TEST_CASE("a company's draws do not depend on the other companies", "[engine][streams]") {
  Scenario both = two_company_scenario();
  Scenario only_b = both;
  only_b.companies.erase(only_b.companies.begin());
  const RunResults r2 = run(both, 5000, 9, 2, StorePaths::all);
  const RunResults r1 = run(only_b, 5000, 9, 2, StorePaths::all);
  // Entity b is index 1 in r2 and 0 in r1.
  for (int t = 0; t < 3; ++t) CHECK(r2.surplus_mean[r2.at(1, t)] == r1.surplus_mean[r1.at(0, t)]);
}

TEST_CASE("summary statistics agree with an independent computation from the stored paths",
          "[engine][statistics]") {
  const Scenario s = two_company_scenario();
  const std::uint64_t P = 20000;
  const RunResults r = run(s, P, 2024, 2, StorePaths::all);
  const int E = r.entity_count(), T = r.year_count();
  REQUIRE(r.path_surplus.size() == static_cast<std::size_t>(E * T) * P);
  auto slot = [&](int e, int t, std::size_t p) {
    return (static_cast<std::size_t>(e) * static_cast<std::size_t>(T) +
            static_cast<std::size_t>(t)) *
               P +
           p;
  };
  for (int e = 0; e < E; ++e) {
    std::vector<std::int64_t> first(static_cast<std::size_t>(T), 0);
    std::int64_t never = 0;
    for (std::size_t p = 0; p < P; ++p) {
      int fy = 0;
      for (int t = 0; t < T && fy == 0; ++t)
        if (r.path_surplus[slot(e, t, p)] < 0) fy = r.years[static_cast<std::size_t>(t)];
      CHECK(r.path_first_negative_year[static_cast<std::size_t>(e) * P + p] == fy);
      if (fy == 0)
        ++never;
      else
        ++first[static_cast<std::size_t>(fy - r.years[0])];
    }
    CHECK(r.never_negative_counts[static_cast<std::size_t>(e)] == never);
    for (int t = 0; t < T; ++t) {
      INFO("entity " << r.entities[static_cast<std::size_t>(e)] << " year " << t);
      CHECK(r.first_negative_counts[r.at(e, t)] == first[static_cast<std::size_t>(t)]);
      std::vector<double> x(P);
      double sum = 0, sum_ocf = 0, sum_capex = 0;
      std::size_t neg = 0;
      for (std::size_t p = 0; p < P; ++p) {
        x[p] = r.path_surplus[slot(e, t, p)];
        sum += x[p];
        sum_ocf += r.path_ocf[slot(e, t, p)];
        sum_capex += r.path_capex[slot(e, t, p)];
        neg += x[p] < 0 ? 1 : 0;
        // The flows on the path are consistent with the surplus definition.
        CHECK(x[p] == Approx(r.path_ocf[slot(e, t, p)] - r.path_buybacks[slot(e, t, p)] -
                             r.path_dividends[slot(e, t, p)] - r.path_capex[slot(e, t, p)])
                          .margin(1e-9));
      }
      const double mean = sum / static_cast<double>(P);
      double ss = 0;
      for (double v : x) ss += (v - mean) * (v - mean);
      CHECK(r.surplus_mean[r.at(e, t)] == Approx(mean).epsilon(1e-12));
      CHECK(r.surplus_std[r.at(e, t)] == Approx(std::sqrt(ss / (P - 1.0))).epsilon(1e-10));
      CHECK(r.ocf_mean[r.at(e, t)] == Approx(sum_ocf / P).epsilon(1e-12));
      CHECK(r.capex_mean[r.at(e, t)] == Approx(sum_capex / P).epsilon(1e-12));
      CHECK(r.prob_negative[r.at(e, t)] == static_cast<double>(neg) / P);
      std::sort(x.begin(), x.end());
      for (std::size_t q = 0; q < r.quantile_levels.size(); ++q) {
        const double h = (P - 1.0) * r.quantile_levels[q];
        const auto lo = static_cast<std::size_t>(h);
        const double expect = x[lo] + (h - static_cast<double>(lo)) * (x[lo + 1] - x[lo]);
        CHECK(r.surplus_quantiles[r.at(e, t) * r.quantile_levels.size() + q] ==
              Approx(expect).epsilon(1e-12));
      }
    }
  }
  // The total is the sum of the companies on every path.
  for (int t = 0; t < T; ++t)
    for (std::size_t p = 0; p < P; p += 97)
      CHECK(r.path_surplus[slot(2, t, p)] ==
            Approx(r.path_surplus[slot(0, t, p)] + r.path_surplus[slot(1, t, p)]).margin(1e-9));
}

TEST_CASE("means and P(surplus<0) agree with closed forms within k standard errors",
          "[engine][statistics]") {
  // One year; OCF growth and capex growth normal, ratios fixed: the total surplus is normal.
  Scenario s;
  s.name = "closed-form";
  s.base_year = 2023;
  s.years = {2024};
  const double r_a = 0.3, r_b = 0.1;
  s.companies.push_back(make_company("a", {1000, 300, 0, 600}, 1, Distribution::normal(0.1, 0.2),
                                     Distribution::normal(0.4, 0.3), Distribution::fixed(r_a),
                                     Distribution::fixed(0.0)));
  s.companies.push_back(make_company("b", {500, 50, 0, 300}, 1, Distribution::normal(0.05, 0.1),
                                     Distribution::normal(0.2, 0.2), Distribution::fixed(r_b),
                                     Distribution::fixed(0.0)));
  // surplus = sum_c ocf_c (1 + g_c)(1 - r_c) - capex_c (1 + h_c)
  const double mu = 1000 * 1.1 * (1 - r_a) - 600 * 1.4 + 500 * 1.05 * (1 - r_b) - 300 * 1.2;
  const double var = std::pow(1000 * 0.2 * (1 - r_a), 2) + std::pow(600 * 0.3, 2) +
                     std::pow(500 * 0.1 * (1 - r_b), 2) + std::pow(300 * 0.2, 2);
  const double sd = std::sqrt(var);
  const boost::math::normal_distribution<> z;
  const double p_neg = boost::math::cdf(z, -mu / sd);

  const std::uint64_t P = 400000;
  const RunResults r = run(s, P, 11, 2, StorePaths::none);
  const std::size_t i = r.at(2, 0);
  const double k = 5.0;
  CHECK(std::abs(r.surplus_mean[i] - mu) <= k * sd / std::sqrt(P));
  CHECK(std::abs(r.surplus_std[i] - sd) <= k * sd / std::sqrt(2.0 * (P - 1.0)));
  CHECK(std::abs(r.prob_negative[i] - p_neg) <= k * std::sqrt(p_neg * (1 - p_neg) / P));
  // Quantiles: SE = sqrt(p (1-p) / n) / f(x_p).
  for (std::size_t q = 0; q < r.quantile_levels.size(); ++q) {
    const double p = r.quantile_levels[q];
    const double xp = mu + sd * boost::math::quantile(z, p);
    const double density = boost::math::pdf(z, (xp - mu) / sd) / sd;
    INFO("p = " << p);
    CHECK(std::abs(r.surplus_quantiles[i * r.quantile_levels.size() + q] - xp) <=
          k * std::sqrt(p * (1 - p) / P) / density);
  }
  // E[OCF] = base (1 + mean growth); E[buybacks] = ratio E[OCF].
  CHECK(std::abs(r.ocf_mean[r.at(0, 0)] - 1100.0) <= k * 1000 * 0.2 / std::sqrt(P));
  CHECK(r.buybacks_mean[r.at(0, 0)] == Approx(r_a * r.ocf_mean[r.at(0, 0)]).epsilon(1e-12));
}

TEST_CASE("growth draws at or below -100% are floored, counted and visible", "[engine][floor]") {
  Scenario s;
  s.name = "crash";
  s.base_year = 2023;
  s.years = {2024, 2025};
  // About half of the OCF growth draws are <= -1.
  s.companies.push_back(make_company("x", {100, 10, 0, 50}, 2, Distribution::uniform(-2.0, 0.0),
                                     Distribution::fixed(0.0), Distribution::fixed(0.1),
                                     Distribution::fixed(0.0)));
  const std::uint64_t P = 10000;
  const RunResults r = run(s, P, 5, 2, StorePaths::all);
  for (int t = 0; t < 2; ++t) {
    std::int64_t zero_ocf = 0, floored_now = 0;
    for (std::size_t p = 0; p < P; ++p) {
      const double ocf = r.path_ocf[static_cast<std::size_t>(t) * P + p];  // entity 0
      CHECK(ocf >= 0.0);
      zero_ocf += ocf == 0.0 ? 1 : 0;
    }
    floored_now = r.ocf_growth_floored[r.at(0, t)];
    CHECK(floored_now > 0);
    CHECK(r.ocf_growth_floored[r.at(1, t)] == floored_now);  // the total sums the companies
    if (t == 0) CHECK(zero_ocf == floored_now);
    if (t == 1) CHECK(zero_ocf >= floored_now);  // a zero flow stays zero
    // Half of the draws: within 5 binomial standard errors.
    CHECK(std::abs(static_cast<double>(floored_now) / P - 0.5) <= 5 * std::sqrt(0.25 / P));
  }
}

TEST_CASE("replay_path gives exactly the run's path, in any block", "[engine][replay]") {
  const Scenario s = two_company_scenario();
  const std::uint64_t P = 3 * kBlockSize + 50;
  const RunResults r = run(s, P, 77, 2, StorePaths::all);
  const std::size_t T = s.years.size();
  for (std::uint64_t path :
       {std::uint64_t{0}, kBlockSize - 1, kBlockSize, 2 * kBlockSize + 17, P - 1}) {
    INFO("path " << path);
    RunOptions o;
    o.paths = P;
    o.seed = 77;
    const PathTrace trace = replay_path(s, o, path);
    for (std::size_t e = 0; e < 3; ++e) {
      for (std::size_t t = 0; t < T; ++t) {
        const std::size_t at = (e * T + t) * P + path;
        CHECK(trace.flows[e][t].ocf == r.path_ocf[at]);
        CHECK(trace.flows[e][t].capex == r.path_capex[at]);
        CHECK(trace.flows[e][t].buybacks == r.path_buybacks[at]);
        CHECK(trace.flows[e][t].dividends == r.path_dividends[at]);
        CHECK(trace.flows[e][t].surplus() == r.path_surplus[at]);
      }
    }
  }
  RunOptions o;
  o.paths = P;
  o.seed = 77;
  CHECK_THROWS_AS(replay_path(s, o, P), InputError);
}

TEST_CASE("survival and hazard follow from the first negative years", "[engine][survival]") {
  const Scenario s = two_company_scenario();
  const std::uint64_t P = 30000;
  const RunResults r = run(s, P, 8, 2, StorePaths::none);
  for (int e = 0; e < r.entity_count(); ++e) {
    double surv = 1.0, at_risk = static_cast<double>(P);
    for (int t = 0; t < r.year_count(); ++t) {
      const std::size_t i = r.at(e, t);
      const auto events = static_cast<double>(r.first_negative_counts[i]);
      CHECK(r.hazard[i] == Approx(events / at_risk).epsilon(1e-12));
      surv *= 1.0 - r.hazard[i];  // S(t) = prod (1 - h)
      at_risk -= events;
      CHECK(r.survival[i] == Approx(surv).epsilon(1e-12));
      CHECK(r.survival_lower[i] <= r.survival[i]);
      CHECK(r.survival[i] <= r.survival_upper[i]);
      CHECK(r.hazard_lower[i] <= r.hazard[i]);
      CHECK(r.hazard[i] <= r.hazard_upper[i]);
    }
    // Surviving the whole horizon is never being negative.
    CHECK(r.survival[r.at(e, r.year_count() - 1)] ==
          Approx(static_cast<double>(r.never_negative_counts[static_cast<std::size_t>(e)]) / P)
              .epsilon(1e-12));
  }
}

TEST_CASE("the engine's backstop checks are input errors (exit 2 at the command line)",
          "[engine][errors]") {
  // The command line checks these first; a caller that does not still gets an InputError,
  // never a bare std::invalid_argument that would exit 1.
  const Scenario s = two_company_scenario();
  RunOptions o;
  o.paths = 0;
  CHECK_THROWS_AS(run_simulation(s, o), InputError);
  Scenario empty = s;
  empty.companies.clear();
  o.paths = 10;
  CHECK_THROWS_AS(run_simulation(empty, o), InputError);
}
