// The balance sheet through the engine (docs/model.md, "Balance sheet"): a deterministic path,
// an independent recomputation from the stored paths, closed-form means of drawn rates within
// k standard errors, thread-count independence, existing results untouched by financing, and the
// run options refused with financing.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "models/errors.h"
#include "sim/engine.h"
#include "sim/quantile_sketch.h"
#include "sim/replay.h"
#include "tests/support/scenario_builders.h"

using namespace capexsim;

namespace {

using test::all_years;

Financing financing(Balance base, const Distribution& cash_yield, const Distribution& debt_rate,
                    double min_cash_ratio, double max_debt_to_ocf, bool equity, int years = 3) {
  Financing f;
  f.base = base;
  f.cash_yield = all_years(cash_yield, years);
  f.debt_rate = all_years(debt_rate, years);
  f.min_cash_ratio.assign(static_cast<std::size_t>(years), min_cash_ratio);
  f.max_debt_to_ocf = max_debt_to_ocf;
  f.equity = equity;
  return f;
}

//! The engine tests' two companies, with balances that run into the floor on many paths.
Scenario financed(const Distribution& cash_yield, const Distribution& debt_rate) {
  Scenario s = test::two_company_scenario("financed", 0.4);
  s.companies[0].financing = financing({10, 5}, cash_yield, debt_rate, 0.2, 1.0, false);
  s.companies[1].financing = financing({30, 0}, cash_yield, debt_rate, 0.1, 0.5, true);
  return s;
}

RunResults run(const Scenario& s, std::uint64_t paths, std::uint64_t seed, int threads,
               StorePaths store = StorePaths::all) {
  RunOptions o;
  o.paths = paths;
  o.seed = seed;
  o.threads = threads;
  o.store = store;
  o.sensitivity_paths = 0;
  return run_simulation(s, o);
}

const std::vector<double>& mean_of(const RunResults& r, BalanceVar v) {
  return r.balance.mean[static_cast<std::size_t>(v)];
}
const std::vector<double>& prob_of(const RunResults& r, BalanceEvent e) {
  return r.balance.prob[static_cast<std::size_t>(e)];
}

}  // namespace

TEST_CASE("a deterministic scenario gives the hand-computed balance path on every path",
          "[engine][balance]") {
  // One company, everything fixed: OCF 100 -> 110 -> 121 -> 133.1 (growth 10%), capex 60 ->
  // 78 -> 101.4 -> 131.82 (growth 30%), buybacks 20% and dividends 5% of OCF, so
  // surplus = 0.75 OCF - capex: 4.5, -10.65, -31.995.
  // Base cash 20, debt 10; cash_yield 0.05, debt_rate 0.10; floor 0.2 OCF; debt <= 0.3 OCF.
  // 2024: interest 0; pre = 20 + 4.5 = 24.5; floor 22: need 0; cash 24.5, debt 10, net 14.5.
  // 2025: interest = 0.05 (24.5 - 20) = 0.225; pre = 24.5 - 10.65 + 0.225 = 14.075;
  //       need = 24.2 - 14.075 = 10.125; room = 33 - 10 = 23; issued 10.125; cash 24.2,
  //       debt 20.125, net 4.075.
  // 2026: interest = 0.05 (24.2 - 20) - 0.10 (20.125 - 10) = 0.21 - 1.0125 = -0.8025;
  //       pre = 24.2 - 31.995 - 0.8025 = -8.5975; need = 26.62 + 8.5975 = 35.2175;
  //       room = 0.3 * 133.1 - 20.125 = 39.93 - 20.125 = 19.805; issued 19.805;
  //       shortfall = 35.2175 - 19.805 = 15.4125; cash = -8.5975 + 19.805 = 11.2075;
  //       debt 39.93; net -28.7225. Debt issued over the horizon: 10.125 + 19.805 = 29.93.
  Scenario s;
  s.name = "fixed";
  s.base_year = 2023;
  s.years = {2024, 2025, 2026};
  s.companies = {test::make_company("a", {100, 20, 5, 60}, 3, Distribution::fixed(0.1),
                                    Distribution::fixed(0.3), Distribution::fixed(0.2),
                                    Distribution::fixed(0.05))};
  s.companies[0].financing =
      financing({20, 10}, Distribution::fixed(0.05), Distribution::fixed(0.10), 0.2, 0.3, false);
  s.dependence = independent(s.companies);
  const std::uint64_t paths = kBlockSize + 10;
  const RunResults r = run(s, paths, 1, 2);
  const double cash[] = {24.5, 24.2, 11.2075}, debt[] = {10, 20.125, 39.93},
               issued[] = {0, 10.125, 19.805}, shortfall[] = {0, 0, 15.4125},
               interest[] = {0, 0.225, -0.8025};
  for (int e = 0; e < 2; ++e) {  // the company and the total
    for (int t = 0; t < 3; ++t) {
      INFO("entity " << e << ", year " << 2024 + t);
      const std::size_t i = r.at(e, t);
      CHECK(mean_of(r, BalanceVar::cash)[i] == Approx(cash[t]).epsilon(1e-12));
      CHECK(mean_of(r, BalanceVar::debt)[i] == Approx(debt[t]).epsilon(1e-12));
      CHECK(mean_of(r, BalanceVar::net_cash)[i] ==
            Approx(cash[t] - debt[t]).epsilon(1e-12).margin(1e-12));
      CHECK(mean_of(r, BalanceVar::issued)[i] == Approx(issued[t]).epsilon(1e-12).margin(1e-12));
      CHECK(mean_of(r, BalanceVar::shortfall)[i] ==
            Approx(shortfall[t]).epsilon(1e-12).margin(1e-12));
      CHECK(mean_of(r, BalanceVar::interest)[i] ==
            Approx(interest[t]).epsilon(1e-12).margin(1e-12));
      CHECK(mean_of(r, BalanceVar::equity)[i] == 0.0);
      CHECK(r.balance.mean_stderr[0][i] == 0.0);
      CHECK(prob_of(r, BalanceEvent::net_debt)[i] == (t == 2 ? 1.0 : 0.0));
      CHECK(prob_of(r, BalanceEvent::issued)[i] == (t >= 1 ? 1.0 : 0.0));
      CHECK(prob_of(r, BalanceEvent::shortfall)[i] == (t == 2 ? 1.0 : 0.0));
      const auto n = static_cast<std::int64_t>(paths);
      CHECK(r.balance.first_counts[0][i] == (t == 2 ? n : 0));  // net debt first in 2026
      CHECK(r.balance.first_counts[1][i] == (t == 1 ? n : 0));  // debt first issued in 2025
    }
    CHECK(r.balance.never_counts[0][static_cast<std::size_t>(e)] == 0);
    const std::size_t Q = r.quantile_levels.size();
    for (std::size_t q = 0; q < Q; ++q)
      CHECK(r.balance.net_cash_quantiles[r.at(e, 2) * Q + q] == Approx(-28.7225).epsilon(1e-12));
    CHECK(r.balance.cumulative_issued_quantiles[static_cast<std::size_t>(e) * Q] ==
          Approx(29.93).epsilon(1e-12));
  }
}

TEST_CASE("balance statistics agree with a recomputation from the stored paths",
          "[engine][balance][statistics]") {
  // Fixed rates, drawn flows: each path's balance follows from its stored OCF and surplus
  // alone, recomputed here with the formulas written out again (not models/balance.h).
  const Scenario s = financed(Distribution::fixed(0.03), Distribution::fixed(0.06));
  const std::uint64_t P = 2 * kBlockSize + 77;
  const RunResults r = run(s, P, 11, 2);
  const std::size_t C = 2, E = 3, T = 3;
  std::vector<double> net(E * T * P, 0.0), cash_total(T * P, 0.0), debt_total(T * P, 0.0);
  std::vector<double> issued(E * T * P, 0.0);
  for (std::size_t c = 0; c < C; ++c) {
    const Financing& f = *s.companies[c].financing;
    for (std::size_t p = 0; p < P; ++p) {
      double cash = f.base.cash, debt = f.base.debt;
      for (std::size_t t = 0; t < T; ++t) {
        const std::size_t at = (c * T + t) * P + p;
        const double ocf = r.path_ocf[at], surplus = r.path_surplus[at];
        const double interest = 0.03 * (cash - f.base.cash) - 0.06 * (debt - f.base.debt);
        const double pre = cash + surplus + interest;
        const double need = std::max(0.0, f.min_cash_ratio[t] * ocf - pre);
        const double room = std::max(0.0, f.max_debt_to_ocf * ocf - debt);
        const double iss = std::min(need, room);
        const double eq = f.equity ? need - iss : 0.0;
        cash = pre + iss + eq;
        debt += iss;
        net[at] = cash - debt;
        issued[at] = iss;
        cash_total[t * P + p] += cash;
        debt_total[t * P + p] += debt;
      }
    }
  }
  for (std::size_t t = 0; t < T; ++t)
    for (std::size_t p = 0; p < P; ++p)
      net[(C * T + t) * P + p] = cash_total[t * P + p] - debt_total[t * P + p];
  REQUIRE(r.path_net_cash.size() == net.size());
  bool events_seen = false;
  for (std::size_t e = 0; e < E; ++e) {
    for (std::size_t t = 0; t < T; ++t) {
      INFO("entity " << e << ", year " << 2024 + t);
      const std::size_t cell = e * T + t;
      double sum = 0, sum_sq = 0, negative = 0, max_diff = 0;
      for (std::size_t p = 0; p < P; ++p) {
        const double x = net[cell * P + p];
        sum += x;
        sum_sq += x * x;
        negative += x < 0 ? 1 : 0;
        max_diff = std::max(max_diff, std::abs(x - r.path_net_cash[cell * P + p]));
      }
      CHECK(max_diff <= 1e-9);
      const double n = static_cast<double>(P), mean = sum / n;
      const double se = std::sqrt(std::max(0.0, sum_sq / n - mean * mean) / n);
      constexpr double k = 5;
      CHECK(std::abs(mean_of(r, BalanceVar::net_cash)[cell] - mean) <= k * se + 1e-9);
      const double p_neg = negative / n;
      const double p_se = std::sqrt(std::max(p_neg * (1 - p_neg), 1.0 / n) / n);
      CHECK(std::abs(prob_of(r, BalanceEvent::net_debt)[cell] - p_neg) <= k * p_se);
      CHECK(prob_of(r, BalanceEvent::net_debt)[cell] ==
            static_cast<double>(static_cast<std::int64_t>(negative)) / n);
      events_seen = events_seen || (p_neg > 0.01 && p_neg < 0.99);
    }
  }
  CHECK(events_seen);  // the scenario is not degenerate
}

TEST_CASE("drawn rates: the year-2 interest mean matches its closed form within k sigma",
          "[engine][balance][statistics]") {
  // Fixed flows, so the year-1 balances are fixed: interest[2] = cy2 (cash1 - cash_b) -
  // dr2 (debt1 - debt_b), whose mean is E[cy] (cash1 - cash_b) - E[dr] (debt1 - debt_b).
  Scenario s;
  s.name = "rates";
  s.base_year = 2023;
  s.years = {2024, 2025, 2026};
  s.companies = {test::make_company("a", {100, 20, 5, 60}, 3, Distribution::fixed(0.1),
                                    Distribution::fixed(0.9), Distribution::fixed(0.2),
                                    Distribution::fixed(0.05))};
  // surplus 2024 = 0.75 * 110 - 114 = -31.5; pre = 50 - 31.5 = 18.5; floor 0.3 * 110 = 33:
  // issued 14.5 (room 2 * 110 - 40 = 180); cash1 = 33, debt1 = 54.5.
  s.companies[0].financing = financing({50, 40}, Distribution::uniform(0.0, 0.08),
                                       Distribution::normal(0.05, 0.02, 0.0), 0.3, 2.0, false);
  s.dependence = independent(s.companies);
  const RunResults r = run(s, 20000, 5, 2);
  const std::size_t i = r.at(0, 1);
  REQUIRE(mean_of(r, BalanceVar::cash)[r.at(0, 0)] == Approx(33.0));
  REQUIRE(mean_of(r, BalanceVar::debt)[r.at(0, 0)] == Approx(54.5));
  const double dr_mean = Distribution::normal(0.05, 0.02, 0.0).mean();
  const double expected = 0.04 * (33.0 - 50.0) - dr_mean * (54.5 - 40.0);
  const double se = r.balance.mean_stderr[static_cast<std::size_t>(BalanceVar::interest)][i];
  REQUIRE(se > 0);
  CHECK(std::abs(mean_of(r, BalanceVar::interest)[i] - expected) <= 5 * se);
}

TEST_CASE("balance results are bitwise the same for 1 and 2 threads",
          "[engine][balance][reproducible]") {
  const Scenario s =
      financed(Distribution::normal(0.03, 0.01, 0.0), Distribution::triangular(0.02, 0.05, 0.12));
  const std::uint64_t paths = 3 * kBlockSize + 123;
  const RunResults a = run(s, paths, 42, 1);
  const RunResults b = run(s, paths, 42, 2);
  for (int k = 0; k < kBalanceVarCount; ++k) {
    CHECK(a.balance.mean[k] == b.balance.mean[k]);
    CHECK(a.balance.mean_stderr[k] == b.balance.mean_stderr[k]);
  }
  for (int k = 0; k < kBalanceEventCount; ++k) {
    CHECK(a.balance.prob[k] == b.balance.prob[k]);
    CHECK(a.balance.first_counts[k] == b.balance.first_counts[k]);
    CHECK(a.balance.never_counts[k] == b.balance.never_counts[k]);
  }
  CHECK(a.balance.net_cash_quantiles == b.balance.net_cash_quantiles);
  CHECK(a.balance.net_cash_quantiles_lower == b.balance.net_cash_quantiles_lower);
  CHECK(a.balance.net_cash_quantiles_upper == b.balance.net_cash_quantiles_upper);
  CHECK(a.balance.cumulative_issued_quantiles == b.balance.cumulative_issued_quantiles);
  CHECK(a.path_net_cash == b.path_net_cash);
  const RunResults c = run(s, paths, 43, 2);
  CHECK(c.balance.mean[2] != a.balance.mean[2]);
}

TEST_CASE("financing leaves every existing result bitwise unchanged",
          "[engine][balance][streams]") {
  const Scenario with =
      financed(Distribution::normal(0.03, 0.01, 0.0), Distribution::triangular(0.02, 0.05, 0.12));
  Scenario without = with;
  for (Company& c : without.companies) c.financing.reset();
  const std::uint64_t paths = kBlockSize + 500;
  const RunResults a = run(with, paths, 3, 2);
  const RunResults b = run(without, paths, 3, 2);
  CHECK(b.balance.empty());
  CHECK(b.path_net_cash.empty());
  CHECK_FALSE(a.balance.empty());
  CHECK(a.surplus_mean == b.surplus_mean);
  CHECK(a.surplus_std == b.surplus_std);
  CHECK(a.ocf_mean == b.ocf_mean);
  CHECK(a.capex_mean == b.capex_mean);
  CHECK(a.surplus_quantiles == b.surplus_quantiles);
  CHECK(a.prob_negative == b.prob_negative);
  CHECK(a.first_negative_counts == b.first_negative_counts);
  CHECK(a.path_surplus == b.path_surplus);
  CHECK(a.path_ocf == b.path_ocf);
}

TEST_CASE("streaming: the same sums as with stored paths, quantiles within the sketch's accuracy",
          "[engine][balance][streaming]") {
  const Scenario s =
      financed(Distribution::normal(0.03, 0.01, 0.0), Distribution::triangular(0.02, 0.05, 0.12));
  const std::uint64_t paths = 3 * kBlockSize + 123;
  const RunResults kept = run(s, paths, 8, 2, StorePaths::total);
  const RunResults a = run(s, paths, 8, 1, StorePaths::none);
  const RunResults b = run(s, paths, 8, 2, StorePaths::none);
  CHECK(a.path_net_cash.empty());
  for (int k = 0; k < kBalanceVarCount; ++k) {
    CHECK(a.balance.mean[k] == kept.balance.mean[k]);
    CHECK(a.balance.mean_stderr[k] == kept.balance.mean_stderr[k]);
  }
  for (int k = 0; k < kBalanceEventCount; ++k) {
    CHECK(a.balance.prob[k] == kept.balance.prob[k]);
    CHECK(a.balance.first_counts[k] == kept.balance.first_counts[k]);
    CHECK(a.balance.never_counts[k] == kept.balance.never_counts[k]);
  }
  const double accuracy = QuantileSketch().relative_accuracy();
  const double min_magnitude = QuantileSketch().min_magnitude();  // smaller values read as 0
  auto close = [&](const std::vector<double>& sketch, const std::vector<double>& exact) {
    REQUIRE(sketch.size() == exact.size());
    for (std::size_t i = 0; i < exact.size(); ++i) {
      INFO(i << ": " << sketch[i] << " against " << exact[i]);
      // Type-7 interpolation between two order statistics, each within accuracy of itself.
      CHECK(std::abs(sketch[i] - exact[i]) <= 2 * accuracy * std::abs(exact[i]) + min_magnitude);
    }
  };
  close(a.balance.net_cash_quantiles, kept.balance.net_cash_quantiles);
  close(a.balance.net_cash_quantiles_lower, kept.balance.net_cash_quantiles_lower);
  close(a.balance.net_cash_quantiles_upper, kept.balance.net_cash_quantiles_upper);
  close(a.balance.cumulative_issued_quantiles, kept.balance.cumulative_issued_quantiles);
  // Sketches hold integer counts: bitwise the same for any thread count.
  CHECK(a.balance.net_cash_quantiles == b.balance.net_cash_quantiles);
  CHECK(a.balance.net_cash_quantiles_lower == b.balance.net_cash_quantiles_lower);
  CHECK(a.balance.net_cash_quantiles_upper == b.balance.net_cash_quantiles_upper);
  CHECK(a.balance.cumulative_issued_quantiles == b.balance.cumulative_issued_quantiles);
  CHECK(a.balance.mean[2] == b.balance.mean[2]);
}

TEST_CASE("run options the balance sheet does not carry yet are refused",
          "[engine][balance][errors]") {
  const Scenario s = financed(Distribution::fixed(0.03), Distribution::fixed(0.06));
  auto refused = [&](RunOptions o, const char* what) {
    o.paths = 1000;
    try {
      run_simulation(s, o);
    } catch (const InputError& e) {
      CHECK(e.key() == "financing");
      CHECK_THAT(e.message(), Catch::Matchers::Contains(what));
      return;
    }
    FAIL("not refused: " << what);
  };
  RunOptions lhs;
  lhs.sampler = SamplerKind::lhs;
  refused(lhs, "lhs sampler");
  RunOptions sobol;
  sobol.sampler = SamplerKind::sobol;
  refused(sobol, "sobol sampler");
  RunOptions crn;
  crn.common_random_numbers = true;
  refused(crn, "common random numbers");
  RunOptions checkpoints;
  checkpoints.save_checkpoint = [](const EngineSnapshot&) {};
  refused(checkpoints, "checkpoints");
  RunOptions resume;
  resume.resume = [](EngineSnapshot&) {};
  refused(resume, "checkpoints");

  RunOptions o;
  o.paths = 1000;
  CHECK_THROWS_AS(replay_path(s, o, 3), InputError);

  Scenario mixed = s;  // built in code, past the loader's check
  mixed.companies[1].financing.reset();
  RunOptions plain;
  plain.paths = 1000;
  CHECK_THROWS_WITH(run_simulation(mixed, plain), Catch::Matchers::Contains("has no financing"));
}
