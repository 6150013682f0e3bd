// The break-even search (analysis/solve.h) on toy functions with known roots, and reading a
// statistic with its standard error from finished results (analysis/result_statistic.h), the
// balance sheet's from an mc run of a financing scenario checked against its stored paths.
#include <catch2/catch.hpp>

#include <algorithm>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <limits>
#include <set>
#include <vector>

#include "analysis/result_statistic.h"
#include "analysis/solve.h"
#include "models/errors.h"
#include "sim/engine.h"
#include "sim/precision.h"
#include "tests/support/scenario_builders.h"

using namespace capexsim;

namespace {

//! A deterministic toy S(v) with a constant standard error, ignoring the seed.
SeededObjective toy(double (*s)(double), double stderr_ = 0.01) {
  return [s, stderr_](double v, std::uint64_t) { return Estimate{s(v), stderr_}; };
}

RootSearchOptions bracket(double lo, double hi, double target, double xtol = 1e-6) {
  RootSearchOptions o;
  o.lo = lo;
  o.hi = hi;
  o.target = target;
  o.xtol = xtol;
  return o;
}

//! The final bracket contains `root`, is at most xtol wide, and the search converged.
void check_brackets(const RootSearch& r, double root, double xtol) {
  CHECK(r.converged);
  CHECK(r.bracket_lo <= root);
  CHECK(root <= r.bracket_hi);
  CHECK(r.bracket_hi - r.bracket_lo <= xtol * (1 + 1e-9));
  CHECK(std::abs(r.root - root) <= xtol * (1 + 1e-9));
}

}  // namespace

TEST_CASE("find_root finds the root of increasing and decreasing smooth functions", "[solve]") {
  const RootSearch up = find_root(toy([](double v) { return v * v * v; }), bracket(0, 3, 2), 1);
  check_brackets(up, std::cbrt(2.0), 1e-6);
  CHECK(up.trace.size() == static_cast<std::size_t>(up.iterations) + 2);
  CHECK(up.iterations < 20);  // superlinear: bisection alone would need 22
  CHECK(up.trace[0].role == Evaluation::Role::bracket);
  CHECK(up.at_root.value == Approx(2).margin(1e-5));

  const RootSearch down =
      find_root(toy([](double v) { return std::exp(-v); }), bracket(-1, 5, 0.3), 1);
  check_brackets(down, std::log(1 / 0.3), 1e-6);
}

TEST_CASE("find_root brackets the jump of a step function to xtol", "[solve]") {
  // S(v) = #{k : (k + 0.5) / 1000 < v} / 1000, a probability over 1000 fixed "paths": S - 0.2505
  // changes sign at v = 0.2505 and is never zero.
  const auto step = [](double v) {
    return std::clamp(std::ceil(v * 1000 - 0.5), 0.0, 1000.0) / 1000;
  };
  const RootSearch r = find_root(toy(step), bracket(0, 1, 0.2505, 1e-7), 1);
  check_brackets(r, 0.2505, 1e-7);
  CHECK(r.iterations <= 60);
  CHECK(r.at_root.value != 0.2505);

  // A target the step function reaches exactly: any v of the plateau S = 0.25 is a root.
  const RootSearch plateau = find_root(toy(step), bracket(0, 1, 0.25, 1e-7), 1);
  CHECK(plateau.converged);
  CHECK(plateau.at_root.value == 0.25);
  CHECK(plateau.root > 0.2495);
  CHECK(plateau.root <= 0.2505);
}

TEST_CASE("find_root throws BracketError with both values when the target is not bracketed",
          "[solve]") {
  const auto s = toy([](double v) { return v; }, 0.5);
  try {
    find_root(s, bracket(0, 1, 5), 7);
    FAIL("no BracketError");
  } catch (const BracketError& e) {
    CHECK(e.lo.v == 0);
    CHECK(e.lo.at.value == 0);
    CHECK(e.hi.v == 1);
    CHECK(e.hi.at.value == 1);
    CHECK(e.seed == 7);
    const std::string what = e.what();
    CHECK(what.find("S(0) = 0") != std::string::npos);
    CHECK(what.find("S(1) = 1") != std::string::npos);
  }
  const auto nan = toy([](double) { return std::numeric_limits<double>::quiet_NaN(); });
  CHECK_THROWS_AS(find_root(nan, bracket(0, 1, 0), 1), BracketError);
  CHECK_THROWS_AS(find_root(s, bracket(1, 0, 0.5), 1), InputError);
  RootSearchOptions no_tol = bracket(0, 1, 0.5);
  no_tol.xtol = 0;
  CHECK_THROWS_AS(find_root(s, no_tol, 1), InputError);
}

TEST_CASE("find_root stops at max_iterations unconverged, still bracketing the root", "[solve]") {
  RootSearchOptions o = bracket(0, 3, 2, 1e-14);
  o.max_iterations = 3;
  const RootSearch r = find_root(toy([](double v) { return v * v * v; }), o, 1);
  CHECK_FALSE(r.converged);
  CHECK(r.iterations == 3);
  CHECK(r.trace.size() == 5);
  CHECK(r.bracket_lo <= std::cbrt(2.0));
  CHECK(std::cbrt(2.0) <= r.bracket_hi);
}

TEST_CASE("a root at an end of the bracket is found without searching", "[solve]") {
  const RootSearch r = find_root(toy([](double v) { return v; }), bracket(0, 1, 0), 1);
  CHECK(r.converged);
  CHECK(r.root == 0);
  CHECK(r.iterations == 0);
}

TEST_CASE("the delta method divides the statistic's standard error by the slope", "[solve]") {
  // S(v) = 2 v + 1 with SE 0.01: root 0.5, slope 2, SE(root) 0.005.
  const BreakEven be =
      solve_break_even(toy([](double v) { return 2 * v + 1; }, 0.01), bracket(-1, 3, 2), 1);
  CHECK(be.search.root == Approx(0.5).margin(1e-6));
  CHECK(be.slope_step == Approx(0.04));  // 1% of the bracket beats 20 xtol
  CHECK(be.slope_left == Approx(be.search.root - 0.04));
  CHECK(be.slope_right == Approx(be.search.root + 0.04));
  CHECK(be.slope == Approx(2).epsilon(1e-12));
  CHECK(be.root_stderr == Approx(0.005).epsilon(1e-12));
  CHECK(be.ci_lower == Approx(be.search.root - kZ95 * 0.005));
  CHECK(be.ci_upper == Approx(be.search.root + kZ95 * 0.005));
  REQUIRE(be.trace.size() == be.search.trace.size() + 2);
  CHECK(be.trace.back().role == Evaluation::Role::slope);
  CHECK(be.replicate_roots.empty());

  // A root near lo: the difference is clipped to the bracket, one-sided.
  const BreakEven edge =
      solve_break_even(toy([](double v) { return 2 * v; }, 0.01), bracket(0, 1, 0.001), 1);
  CHECK(edge.slope_left == 0);
  CHECK(edge.slope_right == Approx(edge.search.root + 0.01));
  CHECK(edge.slope == Approx(2).epsilon(1e-12));

  // A statistic flat around the root: the standard error is infinite, not a division by zero.
  const auto plateau = [](double v) { return v < 0.3 ? 0.0 : v > 0.7 ? 1.0 : 0.5; };
  const BreakEven flat = solve_break_even(toy(plateau), bracket(0, 1, 0.5, 1e-6), 1);
  CHECK(flat.search.at_root.value == 0.5);
  CHECK(flat.slope == 0);
  CHECK(std::isinf(flat.root_stderr));
}

TEST_CASE("replicates: roots over independent seeds spread as the delta-method SE says",
          "[solve][statistical]") {
  // S(v, seed) = v + sigma Z(seed): the root is target - sigma Z, so over R seeds the roots have
  // mean target and standard deviation sigma, and the delta method's SE is sigma / 1.
  constexpr double sigma = 0.05, target = 0.3;
  constexpr int R = 400;
  const SeededObjective s = [](double v, std::uint64_t seed) {
    boost::random::mt19937_64 rng(seed);
    return Estimate{v + sigma * boost::random::normal_distribution<double>()(rng), sigma};
  };
  const BreakEven be = solve_break_even(s, bracket(-1, 2, target, 1e-8), 99, R);
  CHECK(be.root_stderr == Approx(sigma).epsilon(1e-9));
  REQUIRE(be.replicate_roots.size() == R);
  CHECK(std::set<std::uint64_t>(be.replicate_seeds.begin(), be.replicate_seeds.end()).size() == R);
  CHECK(be.replicates_unconverged == 0);
  // Mean within 4 SE of the mean; sd within 4 SE of the sd (SE(sd) ~ sigma / sqrt(2 (R - 1))).
  CHECK(std::abs(be.replicate_mean - target) <= 4 * sigma / std::sqrt(R));
  CHECK(std::abs(be.replicate_sd - sigma) <= 4 * sigma / std::sqrt(2.0 * (R - 1)));
  // Deterministic: the same seed gives the same replicates.
  const BreakEven again = solve_break_even(s, bracket(-1, 2, target, 1e-8), 99, R);
  CHECK(again.replicate_roots == be.replicate_roots);
  CHECK(replicate_seed(99, 0) != replicate_seed(99, 1));
  CHECK(replicate_seed(99, 0) != replicate_seed(98, 0));
}

TEST_CASE("result_statistic reads every kind with its standard error", "[solve]") {
  RunResults r;
  r.years = {2024, 2025};
  r.entities = {"a", "total"};
  r.paths = 10000;
  const std::size_t ET = 4, Q = r.quantile_levels.size();
  for (auto* v :
       {&r.prob_negative, &r.prob_negative_stderr, &r.surplus_mean, &r.surplus_mean_stderr,
        &r.ocf_mean, &r.ocf_mean_stderr, &r.capex_mean, &r.capex_mean_stderr, &r.survival})
    v->assign(ET, 0.0);
  r.surplus_quantiles.assign(ET * Q, 0.0);
  r.surplus_quantiles_lower.assign(ET * Q, 0.0);
  r.surplus_quantiles_upper.assign(ET * Q, 0.0);
  const std::size_t cell = r.at(1, 1);  // total, 2025
  r.prob_negative[cell] = 0.2;
  r.prob_negative_stderr[cell] = 0.004;
  r.surplus_mean[cell] = 12;
  r.surplus_mean_stderr[cell] = 0.5;
  r.survival[cell] = 0.64;
  r.surplus_quantiles[cell * Q + 1] = -3;  // level 0.05
  r.surplus_quantiles_lower[cell * Q + 1] = -4;
  r.surplus_quantiles_upper[cell * Q + 1] = -1;

  TargetStatistic t;  // prob_negative[total, last year]
  CHECK(result_statistic(r, t).value == 0.2);
  CHECK(result_statistic(r, t).stderr_ == 0.004);
  t.kind = TargetStatistic::Kind::surplus_mean;
  CHECK(result_statistic(r, t).stderr_ == 0.5);
  t.kind = TargetStatistic::Kind::survival;
  CHECK(result_statistic(r, t).value == 0.64);
  CHECK(result_statistic(r, t).stderr_ == Approx(std::sqrt(0.64 * 0.36 / 10000)));
  t.kind = TargetStatistic::Kind::surplus_quantile;
  t.level = 0.05;
  CHECK(result_statistic(r, t).value == -3);
  CHECK(result_statistic(r, t).stderr_ == Approx(3 / (2 * kZ95)));
  t.level = 0.07;
  CHECK_THROWS_AS(result_statistic(r, t), InputError);
  t.level = 0.05;
  t.year = 2;
  CHECK_THROWS_AS(result_statistic(r, t), InputError);
}

namespace {

//! The engine tests' two companies with financing whose floor and ceiling bind on many paths.
Scenario financed_scenario() {
  return test::with_financing(test::two_company_scenario("financed", 0.4), 10, 5,
                              Distribution::normal(0.03, 0.01), Distribution::normal(0.05, 0.01, 0),
                              0.2, 0.3);
}

RunResults run_mc(const Scenario& s, std::uint64_t paths, StorePaths store) {
  RunOptions o;
  o.paths = paths;
  o.seed = 5;
  o.threads = 2;
  o.store = store;
  o.sensitivity_paths = 0;
  return run_simulation(s, o);
}

}  // namespace

TEST_CASE("result_statistic reads the balance sheet's statistics of a financing run",
          "[solve][balance]") {
  const std::uint64_t paths = 3 * kBlockSize + 100;
  const RunResults r = run_mc(financed_scenario(), paths, StorePaths::all);
  REQUIRE_FALSE(r.balance.empty());
  const BalanceResults& b = r.balance;
  const auto n = static_cast<double>(paths);
  const std::size_t T = r.years.size(), Q = r.quantile_levels.size();
  using Kind = TargetStatistic::Kind;
  int mixed = 0;  // cells where net debt is neither rare nor certain: the checks see both sides
  for (int e = 0; e < r.entity_count(); ++e) {
    for (int y = 0; y < r.year_count(); ++y) {
      INFO("entity " << e << ", year " << y);
      TargetStatistic t;
      t.entity = e == r.entity_count() - 1 ? -1 : e;
      t.year = y;
      const std::size_t i = r.at(e, y);
      t.kind = Kind::balance_mean;
      for (int k = 0; k < kBalanceVarCount; ++k) {
        t.var = static_cast<BalanceVar>(k);
        CHECK(result_statistic(r, t).value == b.mean[k][i]);
        CHECK(result_statistic(r, t).stderr_ == b.mean_stderr[k][i]);
      }
      t.kind = Kind::balance_prob;
      for (int k = 0; k < kBalanceEventCount; ++k) {
        t.event = static_cast<BalanceEvent>(k);
        const double p = b.prob[k][i];
        CHECK(result_statistic(r, t).value == p);
        CHECK(result_statistic(r, t).stderr_ == Approx(std::sqrt(p * (1 - p) / n)));
      }
      mixed += b.prob[0][i] > 0.05 && b.prob[0][i] < 0.95 ? 1 : 0;

      // Survival of net debt and the net-cash quantile's interval, from every path's net cash.
      std::vector<double> row(paths);
      std::int64_t never = 0;
      for (std::size_t p = 0; p < paths; ++p) {
        bool clear = true;
        for (std::size_t s = 0; s <= static_cast<std::size_t>(y); ++s)
          clear = clear && r.path_net_cash[(static_cast<std::size_t>(e) * T + s) * paths + p] >= 0;
        never += clear ? 1 : 0;
        row[p] = r.path_net_cash[i * paths + p];
      }
      t.kind = Kind::balance_survival;
      t.event = BalanceEvent::net_debt;
      const double surv = static_cast<double>(never) / n;
      CHECK(result_statistic(r, t).value == surv);
      CHECK(result_statistic(r, t).stderr_ == Approx(std::sqrt(surv * (1 - surv) / n)));
      std::sort(row.begin(), row.end());
      t.kind = Kind::net_cash_quantile;
      t.level = 0.05;
      const auto [lo, hi] = quantile_interval_ranks(paths, 0.05);
      CHECK(result_statistic(r, t).value == b.net_cash_quantiles[i * Q + 1]);
      CHECK(result_statistic(r, t).stderr_ == Approx((row[hi] - row[lo]) / (2 * kZ95)));
    }
  }
  CHECK(mixed >= 3);

  // Streaming: the quantiles and their intervals come from sketches, the rest is the same.
  const RunResults none = run_mc(financed_scenario(), paths, StorePaths::none);
  TargetStatistic t;  // total, last year
  t.kind = Kind::net_cash_quantile;
  t.level = 0.5;
  const Estimate median = result_statistic(none, t);
  CHECK(std::isfinite(median.stderr_));
  CHECK(median.stderr_ > 0);
  t.kind = Kind::balance_prob;
  CHECK(result_statistic(none, t).value == result_statistic(r, t).value);
  CHECK(result_statistic(none, t).stderr_ == result_statistic(r, t).stderr_);

  // Refused: a quantile level not stored, results without intervals, a run without financing.
  t.kind = Kind::net_cash_quantile;
  t.level = 0.07;
  CHECK_THROWS_AS(result_statistic(r, t), InputError);
  RunResults bare = r;
  t.level = 0.05;
  bare.balance.net_cash_quantiles_lower.clear();
  CHECK_THROWS_WITH(result_statistic(bare, t), Catch::Contains("no intervals"));
  const RunResults plain = run_mc(test::two_company_scenario("plain", 0.4), 1000, StorePaths::none);
  for (Kind kind :
       {Kind::balance_mean, Kind::balance_prob, Kind::balance_survival, Kind::net_cash_quantile}) {
    t.kind = kind;
    CHECK_THROWS_WITH(result_statistic(plain, t), Catch::Contains("the scenario has no financing"));
  }
}
