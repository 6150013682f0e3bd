// The balance sheet through the engine (docs/model.md, "Balance sheet"): a deterministic path
// (every variable's quantiles too, stored and streamed), cash quantiles against net cash's where
// debt cannot move, --balance-quantiles changing nothing else, an independent recomputation from
// the stored paths, closed-form means of drawn rates within k standard errors, thread-count
// independence, existing results untouched by financing, the samplers, replay and common random
// numbers, and a scenario financing only some companies.
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

Financing financing(Balance base, double min_cash_ratio, double max_debt_to_ocf, bool equity,
                    int years = 3) {
  Financing f;
  f.base = base;
  f.min_cash_ratio.assign(static_cast<std::size_t>(years), min_cash_ratio);
  f.max_debt_to_ocf = max_debt_to_ocf;
  f.equity = equity;
  return f;
}

//! The engine tests' two companies, with balances that run into the floor on many paths.
Scenario financed(const Distribution& cash_yield, const Distribution& debt_rate) {
  Scenario s = test::two_company_scenario("financed", 0.4);
  test::give_financing(s, 0, financing({10, 5}, 0.2, 1.0, false), cash_yield, debt_rate);
  test::give_financing(s, 1, financing({30, 0}, 0.1, 0.5, true), cash_yield, debt_rate);
  return s;
}

RunResults run(const Scenario& s, std::uint64_t paths, std::uint64_t seed, int threads,
               StorePaths store = StorePaths::all, bool quantities = false) {
  RunOptions o;
  o.paths = paths;
  o.seed = seed;
  o.threads = threads;
  o.store = store;
  o.sensitivity_paths = 0;
  o.balance_quantiles = quantities;
  return run_simulation(s, o);
}

const std::vector<double>& quantiles_of(const RunResults& r, BalanceVar v) {
  return r.balance.quantiles[static_cast<std::size_t>(v)];
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
  test::give_financing(s, 0, financing({20, 10}, 0.2, 0.3, false), Distribution::fixed(0.05),
                       Distribution::fixed(0.10));
  const std::uint64_t paths = kBlockSize + 10;
  const bool streaming = GENERATE(false, true);
  INFO((streaming ? "streaming" : "stored paths"));
  const RunResults r = run(s, paths, 1, 2, streaming ? StorePaths::none : StorePaths::all, true);
  const double cash[] = {24.5, 24.2, 11.2075}, debt[] = {10, 20.125, 39.93},
               issued[] = {0, 10.125, 19.805}, shortfall[] = {0, 0, 15.4125},
               interest[] = {0, 0.225, -0.8025};
  // Every path is the same, so every quantile of every variable is its value (a sketch's
  // within its relative accuracy).
  const double accuracy = streaming ? 2 * QuantileSketch().relative_accuracy() : 1e-12;
  const double margin = streaming ? QuantileSketch().min_magnitude() : 1e-12;
  const std::size_t Q = r.quantile_levels.size();
  for (std::size_t e = 0; e < 2; ++e)
    for (std::size_t t = 0; t < 3; ++t) {
      const std::pair<BalanceVar, double> expected[] = {
          {BalanceVar::cash, cash[t]},           {BalanceVar::debt, debt[t]},
          {BalanceVar::issued, issued[t]},       {BalanceVar::equity, 0.0},
          {BalanceVar::shortfall, shortfall[t]}, {BalanceVar::interest, interest[t]},
          {BalanceVar::other_flows, 0.0}};
      for (const auto& [v, value] : expected)
        for (std::size_t q = 0; q < Q; ++q) {
          INFO(kBalanceVarNames[static_cast<std::size_t>(v)] << " of entity " << e << ", year " << t
                                                             << ", level " << q);
          CHECK(quantiles_of(r, v).at((e * 3 + t) * Q + q) ==
                Approx(value).epsilon(accuracy).margin(margin));
        }
    }
  CHECK(quantiles_of(r, BalanceVar::net_cash).empty());  // net_cash_quantiles has them
  for (int e = 0; e < 2; ++e) {                          // the company and the total
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
    for (std::size_t q = 0; q < Q; ++q)
      CHECK(r.balance.net_cash_quantiles[r.at(e, 2) * Q + q] ==
            Approx(-28.7225).epsilon(accuracy).margin(margin));
    CHECK(r.balance.cumulative_issued_quantiles[static_cast<std::size_t>(e) * Q] ==
          Approx(29.93).epsilon(accuracy).margin(margin));
  }
}

TEST_CASE("with no room to borrow, each cash quantile is net cash's plus the base debt",
          "[engine][balance][quantiles]") {
  // Debt may not exceed 0.01 OCF, below either base debt: nothing is ever issued, so on every
  // path debt stays at its base, cash = net cash + base debt, and (type 7 quantiles commuting
  // with a shift) each cash quantile is net cash's plus the base debt: a check of the quantity
  // rows against the net-cash rows, drawn rates and flows, both companies and the total.
  Scenario s = test::two_company_scenario("no_room", 0.4);
  const Distribution cash_yield = Distribution::normal(0.03, 0.01, 0.0);
  const Distribution debt_rate = Distribution::triangular(0.02, 0.05, 0.12);
  test::give_financing(s, 0, financing({10, 5}, 0.2, 0.01, false), cash_yield, debt_rate);
  test::give_financing(s, 1, financing({30, 7}, 0.1, 0.01, true), cash_yield, debt_rate);
  const RunResults r = run(s, 2 * kBlockSize + 31, 17, 2, StorePaths::total, true);
  const double base_debt[] = {5, 7, 12};
  const std::size_t Q = r.quantile_levels.size();
  for (std::size_t e = 0; e < 3; ++e)
    for (std::size_t t = 0; t < 3; ++t)
      for (std::size_t q = 0; q < Q; ++q) {
        INFO("entity " << e << ", year " << t << ", level " << r.quantile_levels[q]);
        const std::size_t i = (e * 3 + t) * Q + q;
        CHECK(quantiles_of(r, BalanceVar::debt)[i] == base_debt[e]);
        CHECK(quantiles_of(r, BalanceVar::issued)[i] == 0.0);
        CHECK(quantiles_of(r, BalanceVar::cash)[i] ==
              Approx(r.balance.net_cash_quantiles[i] + base_debt[e]).epsilon(1e-12).margin(1e-12));
        if (q > 0)  // and each variable's quantiles rise with the level
          for (const BalanceVar v : kQuantileVars)
            CHECK(quantiles_of(r, v)[i] >= quantiles_of(r, v)[i - 1]);
      }
  // Company b covers its floor with equity; a's shortfall is left open.
  CHECK(quantiles_of(r, BalanceVar::equity)[(1 * 3 + 2) * Q + Q - 1] > 0.0);
  CHECK(quantiles_of(r, BalanceVar::shortfall)[(0 * 3 + 2) * Q + Q - 1] > 0.0);
}

TEST_CASE(
    "balance quantiles of every variable change nothing else, and without them only net cash has "
    "any",
    "[engine][balance][quantiles]") {
  const Scenario s =
      financed(Distribution::normal(0.03, 0.01, 0.0), Distribution::triangular(0.02, 0.05, 0.12));
  const StorePaths store = GENERATE(StorePaths::all, StorePaths::none);
  const RunResults without = run(s, 2 * kBlockSize + 5, 3, 2, store);
  const RunResults with = run(s, 2 * kBlockSize + 5, 3, 2, store, true);
  CHECK_FALSE(without.balance.net_cash_quantiles.empty());
  for (const std::vector<double>& q : without.balance.quantiles) CHECK(q.empty());
  for (int k = 0; k < kBalanceVarCount; ++k) {
    CHECK(with.balance.mean[k] == without.balance.mean[k]);
    CHECK(with.balance.mean_stderr[k] == without.balance.mean_stderr[k]);
    CHECK(with.balance.quantiles[k].empty() == (k == static_cast<int>(BalanceVar::net_cash)));
  }
  for (int k = 0; k < kBalanceEventCount; ++k) {
    CHECK(with.balance.prob[k] == without.balance.prob[k]);
    CHECK(with.balance.first_counts[k] == without.balance.first_counts[k]);
  }
  CHECK(with.balance.net_cash_quantiles == without.balance.net_cash_quantiles);
  CHECK(with.balance.cumulative_issued_quantiles == without.balance.cumulative_issued_quantiles);
  CHECK(with.surplus_quantiles == without.surplus_quantiles);
  CHECK(with.surplus_mean == without.surplus_mean);
  CHECK(with.path_net_cash == without.path_net_cash);
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
  test::give_financing(s, 0, financing({50, 40}, 0.3, 2.0, false), Distribution::uniform(0.0, 0.08),
                       Distribution::normal(0.05, 0.02, 0.0));
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
  const RunResults a = run(s, paths, 42, 1, StorePaths::all, true);
  const RunResults b = run(s, paths, 42, 2, StorePaths::all, true);
  for (const BalanceVar v : kQuantileVars) {
    CHECK_FALSE(quantiles_of(a, v).empty());
    CHECK(quantiles_of(a, v) == quantiles_of(b, v));
  }
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
  const RunResults kept = run(s, paths, 8, 2, StorePaths::total, true);
  const RunResults a = run(s, paths, 8, 1, StorePaths::none, true);
  const RunResults b = run(s, paths, 8, 2, StorePaths::none, true);
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
  for (const BalanceVar v : kQuantileVars) {
    INFO(kBalanceVarNames[static_cast<std::size_t>(v)]);
    close(quantiles_of(a, v), quantiles_of(kept, v));
    CHECK(quantiles_of(a, v) == quantiles_of(b, v));
  }
  // Sketches hold integer counts: bitwise the same for any thread count.
  CHECK(a.balance.net_cash_quantiles == b.balance.net_cash_quantiles);
  CHECK(a.balance.net_cash_quantiles_lower == b.balance.net_cash_quantiles_lower);
  CHECK(a.balance.net_cash_quantiles_upper == b.balance.net_cash_quantiles_upper);
  CHECK(a.balance.cumulative_issued_quantiles == b.balance.cumulative_issued_quantiles);
  CHECK(a.balance.mean[2] == b.balance.mean[2]);
}

TEST_CASE("lhs and sobol carry the balance sheet, with replicate standard errors",
          "[engine][balance][sampling]") {
  Scenario s =
      financed(Distribution::normal(0.03, 0.01, 0.0), Distribution::triangular(0.02, 0.05, 0.12));
  test::give_financing(s, 0, *s.companies[0].financing, Distribution::normal(0.03, 0.01, 0.0),
                       Distribution::triangular(0.02, 0.05, 0.12),
                       Distribution::uniform(-0.2, 0.05));
  const RunResults mc = run(s, 50 * kBlockSize, 17, 2, StorePaths::none);
  for (SamplerKind sampler : {SamplerKind::lhs, SamplerKind::sobol}) {
    INFO(sampler_name(sampler));
    RunOptions o;
    o.paths = 16 * kBlockSize;
    o.seed = 18;
    o.sampler = sampler;
    o.store = StorePaths::none;
    o.sensitivity_paths = 0;
    const RunResults r = run_simulation(s, o);
    REQUIRE_FALSE(r.balance.empty());
    constexpr double k = 5;
    for (std::size_t i = 0; i < r.balance.mean[0].size(); ++i) {
      for (BalanceVar v : {BalanceVar::net_cash, BalanceVar::issued, BalanceVar::other_flows}) {
        const auto kv = static_cast<std::size_t>(v);
        const double se = r.balance.mean_stderr[kv][i], se_mc = mc.balance.mean_stderr[kv][i];
        INFO("cell " << i << " " << kBalanceVarNames[kv]);
        CHECK(std::isfinite(se));
        CHECK(std::abs(r.balance.mean[kv][i] - mc.balance.mean[kv][i]) <=
              k * std::hypot(se, se_mc) + 1e-12);
      }
      const double p = r.balance.prob[0][i];
      CHECK(r.balance.prob_lower[0][i] <= p);
      CHECK(p <= r.balance.prob_upper[0][i]);
      const double half = std::max(r.balance.prob_upper[0][i] - r.balance.prob_lower[0][i],
                                   mc.balance.prob_upper[0][i] - mc.balance.prob_lower[0][i]);
      CHECK(std::abs(p - mc.balance.prob[0][i]) <= 2 * half + 1e-12);
    }
    // The other flows are drawn: their year-1 mean is -0.075 OCF on average, not 0.
    CHECK(r.balance.mean[static_cast<std::size_t>(BalanceVar::other_flows)][r.at(0, 0)] < 0);
  }
}

TEST_CASE("replay gives each path's balance sheet exactly as the run stored it",
          "[engine][balance][replay]") {
  Scenario s =
      financed(Distribution::normal(0.03, 0.01, 0.0), Distribution::triangular(0.02, 0.05, 0.12));
  test::give_financing(s, 1, *s.companies[1].financing, Distribution::fixed(0.03),
                       Distribution::normal(0.05, 0.01, 0.0), Distribution::uniform(-0.2, 0.05));
  const std::uint64_t P = kBlockSize + 50;
  for (SamplerKind sampler : {SamplerKind::mc, SamplerKind::lhs}) {
    INFO(sampler_name(sampler));
    RunOptions o;
    o.paths = P;
    o.seed = 4;
    o.sampler = sampler;
    o.store = StorePaths::all;
    o.sensitivity_paths = 0;
    const RunResults r = run_simulation(s, o);
    const std::size_t E = 3, T = 3;
    for (std::uint64_t path : {std::uint64_t{0}, std::uint64_t{7}, std::uint64_t{kBlockSize + 3}}) {
      const PathTrace trace = replay_path(s, o, path);
      REQUIRE(trace.balance.size() == E);
      for (std::size_t e = 0; e < E; ++e)
        for (std::size_t t = 0; t < T; ++t) {
          INFO("path " << path << " entity " << e << " year " << t);
          CHECK(trace.balance[e][t].net_cash == r.path_net_cash[(e * T + t) * P + path]);
        }
      // The balance follows from the traced flows and draws.
      const BalanceYear& y = trace.balance[1][0];
      const Financing& f = *s.companies[1].financing;
      CHECK(y.other == trace.draws[1][0].other_flows * trace.flows[1][0].ocf);
      CHECK(y.cash - y.issued - y.equity ==
            Approx(f.base.cash + trace.flows[1][0].surplus() + y.other).epsilon(1e-12));
    }
  }
}

TEST_CASE("common random numbers reach the balance sheet's draws", "[engine][balance][crn]") {
  // With --crn every draw is the inverse CDF of one normal score per variable and year, so two
  // scenarios that differ only in the debt rate's mean draw it shifted by exactly that much.
  const Scenario a = financed(Distribution::normal(0.03, 0.01), Distribution::normal(0.05, 0.01));
  const Scenario b = financed(Distribution::normal(0.03, 0.01), Distribution::normal(0.06, 0.01));
  RunOptions o;
  o.paths = 2 * kBlockSize;
  o.seed = 9;
  o.common_random_numbers = true;
  for (std::uint64_t path : {std::uint64_t{3}, std::uint64_t{kBlockSize + 11}}) {
    const PathTrace x = replay_path(a, o, path), y = replay_path(b, o, path);
    for (std::size_t c = 0; c < 2; ++c)
      for (std::size_t t = 0; t < 3; ++t) {
        CHECK(y.draws[c][t].debt_rate - x.draws[c][t].debt_rate == Approx(0.01).epsilon(1e-9));
        CHECK(y.draws[c][t].cash_yield == x.draws[c][t].cash_yield);
        CHECK(y.flows[c][t].surplus() == x.flows[c][t].surplus());
      }
  }
  o.sensitivity_paths = 0;
  o.store = StorePaths::none;
  const RunResults ra = run_simulation(a, o), rb = run_simulation(b, o);
  // A dearer debt lowers net cash where debt was added; never raises it.
  const auto net = static_cast<std::size_t>(BalanceVar::net_cash);
  for (std::size_t i = 0; i < ra.balance.mean[net].size(); ++i)
    CHECK(rb.balance.mean[net][i] <= ra.balance.mean[net][i]);
  CHECK(rb.balance.mean[net][ra.at(2, 2)] < ra.balance.mean[net][ra.at(2, 2)]);
}

TEST_CASE("a scenario with financing on some companies only is refused",
          "[engine][balance][errors]") {
  const Scenario s = financed(Distribution::fixed(0.03), Distribution::fixed(0.06));
  Scenario mixed = s;  // built in code, past the loader's check
  mixed.companies[1].financing.reset();
  RunOptions plain;
  plain.paths = 1000;
  CHECK_THROWS_WITH(run_simulation(mixed, plain), Catch::Matchers::Contains("has no financing"));
}

TEST_CASE("the rank sensitivity covers the balance sheet's inputs and net cash",
          "[engine][balance][sensitivity]") {
  // Flows fixed; net cash in 2024 = 30 + surplus + other_flows * OCF (no floor, no interest yet):
  // increasing in the 2024 other-flows draw, so rho = +1 exactly; the debt rate moves nothing
  // (no debt is issued): rho within k / sqrt(n - 1) of 0.
  Scenario s;
  s.name = "rank";
  s.base_year = 2023;
  s.years = {2024, 2025};
  s.companies = {test::make_company("a", {100, 20, 5, 60}, 2, Distribution::fixed(0.1),
                                    Distribution::fixed(0.3), Distribution::fixed(0.2),
                                    Distribution::fixed(0.05))};
  Financing f;
  f.base = {50, 20};
  f.min_cash_ratio = {0.0, 0.0};
  f.max_debt_to_ocf = 1.0;
  test::give_financing(s, 0, f, Distribution::fixed(0.03), Distribution::uniform(0.0, 0.1),
                       Distribution::uniform(-0.3, 0.0));
  RunOptions o;
  o.paths = 3 * kBlockSize;
  o.seed = 12;
  o.sensitivity_paths = 10000;
  o.store = StorePaths::total;
  const RunResults kept = run_simulation(s, o);
  o.store = StorePaths::none;
  const RunResults streamed = run_simulation(s, o);
  const RankSensitivity& r = kept.sensitivity;
  REQUIRE(r.inputs.size() == 4);  // debt_rate and other_flows, two years each
  CHECK(r.inputs[0] == "a.debt_rate.2024");
  CHECK(r.inputs[2] == "a.other_flows.2024");
  const std::size_t E = 2, T = 2;
  REQUIRE(r.spearman_net_cash.size() == r.inputs.size() * E * T);
  auto rho = [&](std::size_t input, std::size_t e, std::size_t t) {
    return r.spearman_net_cash[(input * E + e) * T + t];
  };
  CHECK(rho(2, 0, 0) == Approx(1.0).epsilon(1e-12));
  CHECK(rho(2, 1, 0) == Approx(1.0).epsilon(1e-12));  // the total is company a
  const double bound = 5.0 / std::sqrt(static_cast<double>(r.paths - 1));
  CHECK(std::abs(rho(0, 0, 0)) <= bound);
  CHECK(std::abs(rho(1, 0, 1)) <= bound);
  // Streaming captures the same net cash: bitwise the same coefficients.
  CHECK(streamed.sensitivity.spearman_net_cash == r.spearman_net_cash);
  // Without financing there is no net-cash sensitivity.
  o.paths = 5000;
  const RunResults plain = run_simulation(test::two_company_scenario("plain"), o);
  CHECK_FALSE(plain.sensitivity.spearman_surplus.empty());
  CHECK(plain.sensitivity.spearman_net_cash.empty());
}

TEST_CASE("target_stderr can watch a balance-sheet probability or mean",
          "[engine][balance][precision]") {
  const Scenario s =
      financed(Distribution::normal(0.03, 0.01, 0.0), Distribution::triangular(0.02, 0.05, 0.12));
  for (const TargetStatistic::Kind kind :
       {TargetStatistic::Kind::balance_prob, TargetStatistic::Kind::balance_mean}) {
    RunOptions o;
    o.paths = 400 * kBlockSize;
    o.seed = 21;
    o.store = StorePaths::none;
    o.sensitivity_paths = 0;
    o.target.kind = kind;
    o.target.event = BalanceEvent::net_debt;
    o.target.var = BalanceVar::net_cash;
    o.target.year = 1;
    o.target_stderr = kind == TargetStatistic::Kind::balance_prob ? 0.004 : 0.05;
    const RunResults r = run_simulation(s, o);
    INFO(static_cast<int>(kind));
    REQUIRE(r.target_met);
    CHECK(r.paths < o.paths);
    REQUIRE_FALSE(r.convergence.empty());
    const ConvergencePoint& last = r.convergence.back();
    CHECK(last.stderr_ <= o.target_stderr);
    const std::size_t cell = r.at(2, 1);
    if (kind == TargetStatistic::Kind::balance_prob) {
      CHECK(last.estimate == r.balance.prob[0][cell]);
    } else {
      const auto net = static_cast<std::size_t>(BalanceVar::net_cash);
      CHECK(last.estimate == r.balance.mean[net][cell]);
      CHECK(last.stderr_ == r.balance.mean_stderr[net][cell]);
    }
  }
}
