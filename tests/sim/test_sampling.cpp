// Samplers (mc, Latin hypercube, randomized Sobol'), the Gaussian copula with persistence, and
// stopping on precision.
#include <catch2/catch.hpp>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <numeric>
#include <vector>

#include "models/inverse_normal.h"
#include "sim/draw_plan.h"
#include "sim/engine.h"
#include "sim/replay.h"
#include "sim/transformed_draws.h"
#include "tests/support/ks.h"
#include "tests/support/scenario_builders.h"

using namespace capexsim;

namespace {

Company company(const std::string& name, int years, const Distribution& ocf,
                const Distribution& capex, const Distribution& bb, const Distribution& div) {
  return test::make_company(name, {1000, 200, 50, 500}, years, ocf, capex, bb, div);
}

Scenario scenario(int years) {
  Scenario s;
  s.name = "sampling";
  s.base_year = 2023;
  for (int y = 0; y < years; ++y) s.years.push_back(2024 + y);
  s.companies.push_back(company("a", years, Distribution::normal(0.15, 0.1),
                                Distribution::triangular(0.0, 0.3, 0.6),
                                Distribution::uniform(0.1, 0.3), Distribution::fixed(0.05)));
  s.companies.push_back(company("b", years, Distribution::lognormal(0.1, 0.2, -1.0),
                                Distribution::pert(0.0, 0.3, 0.8), Distribution::beta(2, 5, 0, 0.4),
                                Distribution::fixed(0.0)));
  s.dependence = independent(s.companies);
  return s;
}

//! Draws of every path of every block: [path][(company, param, year)].
std::vector<std::vector<double>> draws(const Scenario& s, const RunOptions& o) {
  const DrawPlan plan = DrawPlan::make(s, o);
  std::vector<std::vector<double>> out;
  for (std::uint64_t first = 0; first < o.paths; first += kBlockSize) {
    const std::uint64_t n = std::min(kBlockSize, o.paths - first);
    TransformedDraws d(s, plan, o.seed, first / kBlockSize, first, n);
    for (std::uint64_t i = 0; i < n; ++i) {
      d.next_path();
      std::vector<double> row;
      for (std::size_t c = 0; c < s.companies.size(); ++c)
        for (int p = 0; p < kParamCount; ++p)
          for (int t = 0; t < s.year_count(); ++t)
            row.push_back(d.draw(c, static_cast<Param>(p), t));
      out.push_back(std::move(row));
    }
  }
  return out;
}

std::size_t column(const Scenario& s, std::size_t c, Param p, int t) {
  return (c * kParamCount + static_cast<std::size_t>(p)) *
             static_cast<std::size_t>(s.year_count()) +
         static_cast<std::size_t>(t);
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
  const double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxy / std::sqrt(sxx * syy);
}

std::vector<double> ranks(const std::vector<double>& x) {
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  std::vector<double> r(x.size());
  for (std::size_t i = 0; i < order.size(); ++i) r[order[i]] = static_cast<double>(i);
  return r;
}

//! The normal scores Phi^-1(F(x)) of one column of draws.
std::vector<double> scores(const std::vector<std::vector<double>>& d, std::size_t col,
                           const Distribution& dist) {
  std::vector<double> z;
  z.reserve(d.size());
  for (const auto& row : d)
    z.push_back(inverse_normal(std::clamp(dist.cdf(row[col]), 1e-300, 1 - 1e-16)));
  return z;
}

std::vector<double> values(const std::vector<std::vector<double>>& d, std::size_t col) {
  std::vector<double> v;
  v.reserve(d.size());
  for (const auto& row : d) v.push_back(row[col]);
  return v;
}

using test::ks_critical;
using test::ks_statistic;

}  // namespace

TEST_CASE("lhs puts each dimension's draws one per stratum in every block", "[sampling][lhs]") {
  Scenario s;
  s.name = "strata";
  s.base_year = 2023;
  s.years = {2024, 2025};
  const Distribution u01 = Distribution::uniform(0.0, 1.0);  // quantile is the identity
  s.companies.push_back(company("a", 2, u01, u01, u01, u01));
  s.dependence = independent(s.companies);
  RunOptions o;
  o.sampler = SamplerKind::lhs;
  o.paths = kBlockSize + 1000;  // a full block and a short one
  o.seed = 5;
  const auto d = draws(s, o);
  for (std::size_t col = 0; col < d[0].size(); ++col) {
    if ((col / 2) % kParamCount >= kFlowParamCount) continue;  // no financing: fixed at 0
    for (auto [first, n] :
         {std::pair<std::size_t, std::size_t>{0, kBlockSize}, {kBlockSize, 1000}}) {
      std::vector<int> hits(n, 0);
      for (std::size_t i = first; i < first + n; ++i)
        ++hits[static_cast<std::size_t>(d[i][col] * static_cast<double>(n))];
      INFO("dimension " << col << ", block of " << n);
      CHECK(std::all_of(hits.begin(), hits.end(), [](int h) { return h == 1; }));
    }
  }
}

TEST_CASE("sobol estimates a smooth integrand with far less error than mc", "[sampling][sobol]") {
  // One year, every input uniform: E[surplus] is linear in the inputs' means, known exactly.
  Scenario s;
  s.name = "smooth";
  s.base_year = 2023;
  s.years = {2024};
  s.companies.push_back(company("a", 1, Distribution::uniform(0.0, 0.3),
                                Distribution::uniform(0.1, 0.5), Distribution::uniform(0.1, 0.3),
                                Distribution::uniform(0.0, 0.1)));
  s.dependence = independent(s.companies);
  // surplus = 1000 (1 + g)(1 - b - d) - 500 (1 + h): E = 1000 * 1.15 * (1 - 0.2 - 0.05) - 500 * 1.3
  const double truth = 1000 * 1.15 * 0.75 - 500 * 1.3;
  auto rmse = [&](SamplerKind sampler) {
    double ss = 0;
    for (std::uint64_t seed = 1; seed <= 8; ++seed) {
      RunOptions o;
      o.sampler = sampler;
      o.paths = 16 * kBlockSize;
      o.seed = seed;
      o.store = StorePaths::none;
      const RunResults r = run_simulation(s, o);
      const double err = r.surplus_mean[r.at(1, 0)] - truth;
      ss += err * err;
    }
    return std::sqrt(ss / 8);
  };
  const double mc = rmse(SamplerKind::mc), lhs = rmse(SamplerKind::lhs),
               sobol = rmse(SamplerKind::sobol);
  INFO("rmse mc " << mc << ", lhs " << lhs << ", sobol " << sobol);
  CHECK(sobol < mc / 10);
  CHECK(lhs < mc / 3);
}

TEST_CASE("the reported standard errors match the observed spread over seeds", "[sampling]") {
  const Scenario s = scenario(2);
  for (SamplerKind sampler : {SamplerKind::mc, SamplerKind::lhs, SamplerKind::sobol}) {
    std::vector<double> estimates;
    double reported = 0;
    const int seeds = 24;
    for (int seed = 1; seed <= seeds; ++seed) {
      RunOptions o;
      o.sampler = sampler;
      o.paths = 8 * kBlockSize;
      o.seed = static_cast<std::uint64_t>(seed);
      o.store = StorePaths::none;
      const RunResults r = run_simulation(s, o);
      estimates.push_back(r.prob_negative[r.at(2, 1)]);
      reported += r.prob_negative_stderr[r.at(2, 1)] / seeds;
    }
    const double m = std::accumulate(estimates.begin(), estimates.end(), 0.0) / seeds;
    double ss = 0;
    for (double e : estimates) ss += (e - m) * (e - m);
    const double observed = std::sqrt(ss / (seeds - 1));
    INFO(sampler_name(sampler) << ": observed sd " << observed << ", mean reported se "
                               << reported);
    // The sample sd of 24 estimates is within about +-40% of the truth at k = 3 (its relative
    // standard error is 1 / sqrt(2 * 23) = 15%).
    CHECK(reported == Approx(observed).epsilon(0.45));
  }
}

TEST_CASE("a declared correlation is recovered and marginals keep their law",
          "[sampling][copula]") {
  Scenario s = scenario(2);
  const auto K = static_cast<Eigen::Index>(s.dependence.variables.size());
  // Variables: a.ocf, a.capex, a.bb, b.ocf, b.capex, b.bb (dividends are fixed).
  REQUIRE(K == 6);
  Eigen::MatrixXd c = Eigen::MatrixXd::Identity(K, K);
  c(0, 3) = c(3, 0) = 0.6;   // a.ocf_growth ~ b.ocf_growth
  c(0, 1) = c(1, 0) = -0.3;  // a.ocf_growth ~ a.capex_growth
  c(1, 4) = c(4, 1) = 0.5;   // a.capex_growth ~ b.capex_growth
  s.dependence.correlation = s.dependence.declared = c;
  for (SamplerKind sampler : {SamplerKind::mc, SamplerKind::lhs, SamplerKind::sobol}) {
    RunOptions o;
    o.sampler = sampler;
    o.paths = 50000;
    o.seed = 17;
    const auto d = draws(s, o);
    const double n = static_cast<double>(d.size());
    struct Pair {
      std::size_t ca;
      Param pa;
      std::size_t cb;
      Param pb;
      double rho;
    };
    for (const Pair& pr : {Pair{0, Param::ocf_growth, 1, Param::ocf_growth, 0.6},
                           Pair{0, Param::ocf_growth, 0, Param::capex_growth, -0.3},
                           Pair{0, Param::capex_growth, 1, Param::capex_growth, 0.5},
                           Pair{0, Param::buyback_ratio, 1, Param::buyback_ratio, 0.0}}) {
      for (int t = 0; t < 2; ++t) {
        const std::size_t x = column(s, pr.ca, pr.pa, t), y = column(s, pr.cb, pr.pb, t);
        const Distribution& dx = s.companies[pr.ca].param(pr.pa).by_year[0];
        const Distribution& dy = s.companies[pr.cb].param(pr.pb).by_year[0];
        INFO(sampler_name(sampler) << " pair rho " << pr.rho << " year " << t);
        // Pearson on normal scores: SE (1 - rho^2) / sqrt(n).
        const double r_scores = pearson(scores(d, x, dx), scores(d, y, dy));
        CHECK(std::abs(r_scores - pr.rho) <= 5 * (1 - pr.rho * pr.rho) / std::sqrt(n));
        // Spearman on values: 6/pi asin(rho/2); its SE is below 1/sqrt(n - 1).
        const double spearman = pearson(ranks(values(d, x)), ranks(values(d, y)));
        CHECK(std::abs(spearman - 6 / M_PI * std::asin(pr.rho / 2)) <= 5 / std::sqrt(n - 1));
      }
    }
    // Every marginal keeps exactly its declared distribution.
    for (std::size_t ci = 0; ci < 2; ++ci)
      for (int p = 0; p < 3; ++p) {
        const Distribution& dist = s.companies[ci].params[p].by_year[1];
        INFO(sampler_name(sampler) << " " << dist.describe());
        CHECK(ks_statistic(values(d, column(s, ci, static_cast<Param>(p), 1)), dist) <
              ks_critical(n));
      }
  }
}

TEST_CASE("persistence is the lag-1 correlation of the normal scores", "[sampling][copula]") {
  Scenario s = scenario(4);
  const auto K = s.dependence.variables.size();
  s.dependence.persistence.assign(K, 0.0);
  s.dependence.persistence[0] = 0.7;  // a.ocf_growth
  s.dependence.persistence[3] = 0.7;  // b.ocf_growth, correlated with it
  s.dependence.persistence[1] = 1.0;  // a.capex_growth: one draw for the whole horizon
  const auto Ki = static_cast<Eigen::Index>(K);
  Eigen::MatrixXd c = Eigen::MatrixXd::Identity(Ki, Ki);
  c(0, 3) = c(3, 0) = 0.5;
  s.dependence.correlation = s.dependence.declared = c;
  RunOptions o;
  o.paths = 40000;
  o.seed = 23;
  const auto d = draws(s, o);
  const double n = static_cast<double>(d.size());
  const Distribution& ocf_a = s.companies[0].params[0].by_year[0];
  const Distribution& ocf_b = s.companies[1].params[0].by_year[0];
  const Distribution& capex_a = s.companies[0].params[1].by_year[0];
  for (int t = 0; t + 1 < 4; ++t) {
    INFO("years " << t << " and " << t + 1);
    const double lag = pearson(scores(d, column(s, 0, Param::ocf_growth, t), ocf_a),
                               scores(d, column(s, 0, Param::ocf_growth, t + 1), ocf_a));
    CHECK(std::abs(lag - 0.7) <= 5 * (1 - 0.49) / std::sqrt(n));
    // Equal persistence keeps the declared cross correlation in every year.
    const double cross = pearson(scores(d, column(s, 0, Param::ocf_growth, t + 1), ocf_a),
                                 scores(d, column(s, 1, Param::ocf_growth, t + 1), ocf_b));
    CHECK(std::abs(cross - 0.5) <= 5 * (1 - 0.25) / std::sqrt(n));
    // persistence = 1: the same value every year.
    CHECK(values(d, column(s, 0, Param::capex_growth, t)) ==
          values(d, column(s, 0, Param::capex_growth, t + 1)));
    // No persistence: independent years.
    const double none = pearson(values(d, column(s, 1, Param::capex_growth, t)),
                                values(d, column(s, 1, Param::capex_growth, t + 1)));
    CHECK(std::abs(none) <= 5 / std::sqrt(n));
  }
  CHECK(ks_statistic(values(d, column(s, 0, Param::capex_growth, 3)), capex_a) < ks_critical(n));
}

TEST_CASE(
    "every sampler gives identical results for 1 and 2 threads, and stops at the same "
    "point",
    "[sampling][reproducible]") {
  Scenario s = scenario(3);
  Eigen::MatrixXd c = s.dependence.correlation;
  c(0, 3) = c(3, 0) = 0.4;
  s.dependence.correlation = s.dependence.declared = c;
  s.dependence.persistence[0] = 0.5;
  for (SamplerKind sampler : {SamplerKind::mc, SamplerKind::lhs, SamplerKind::sobol}) {
    for (double target : {0.0, 0.004}) {
      RunOptions o;
      o.sampler = sampler;
      o.paths = 100 * kBlockSize + 7;
      o.seed = 99;
      o.store = StorePaths::all;
      o.target_stderr = target;
      o.threads = 1;
      const RunResults a = run_simulation(s, o);
      o.threads = 2;
      const RunResults b = run_simulation(s, o);
      INFO(sampler_name(sampler) << " target " << target);
      CHECK(a.paths == b.paths);
      CHECK(a.surplus_mean == b.surplus_mean);
      CHECK(a.surplus_mean_stderr == b.surplus_mean_stderr);
      CHECK(a.prob_negative_stderr == b.prob_negative_stderr);
      CHECK(a.surplus_quantiles == b.surplus_quantiles);
      CHECK(a.surplus_quantiles_lower == b.surplus_quantiles_lower);
      CHECK(a.path_surplus == b.path_surplus);
      CHECK(a.path_ocf == b.path_ocf);
      if (target > 0) {
        CHECK(a.target_met);
        CHECK(a.paths < o.paths);
        CHECK(a.path_surplus.size() == a.paths * 3 * 3);  // 3 entities x 3 years
        REQUIRE(a.convergence.size() == b.convergence.size());
        CHECK(a.convergence.back().stderr_ <= target);
        for (std::size_t i = 0; i < a.convergence.size(); ++i) {
          CHECK(a.convergence[i].paths == b.convergence[i].paths);
          CHECK(a.convergence[i].stderr_ == b.convergence[i].stderr_);
        }
        // Stopping early gives the same numbers as a run of that many paths.
        RunOptions fixed = o;
        fixed.target_stderr = 0;
        fixed.paths = a.paths;
        const RunResults full = run_simulation(s, fixed);
        CHECK(full.surplus_mean == a.surplus_mean);
        CHECK(full.path_surplus == a.path_surplus);
      }
    }
  }
}

TEST_CASE("Wilson and order-statistic intervals cover the truth at about 95%",
          "[sampling][precision]") {
  // One year, capex growth normal, everything else fixed: the surplus is normal.
  Scenario s;
  s.name = "coverage";
  s.base_year = 2023;
  s.years = {2024};
  s.companies.push_back(company("a", 1, Distribution::fixed(0.1), Distribution::normal(0.3, 0.2),
                                Distribution::fixed(0.2), Distribution::fixed(0.05)));
  s.dependence = independent(s.companies);
  const double mu = 1000 * 1.1 * 0.75 - 500 * 1.3, sd = 500 * 0.2;
  const boost::math::normal_distribution<> z;
  const double p_true = boost::math::cdf(z, -mu / sd);
  const double median = mu;
  int covered_p = 0, covered_q = 0;
  const int runs = 200;
  for (int seed = 1; seed <= runs; ++seed) {
    RunOptions o;
    o.paths = 2000;
    o.seed = static_cast<std::uint64_t>(seed);
    o.store = StorePaths::none;
    const RunResults r = run_simulation(s, o);
    const std::size_t i = r.at(1, 0);
    covered_p += r.prob_negative_lower[i] <= p_true && p_true <= r.prob_negative_upper[i] ? 1 : 0;
    const std::size_t q50 = i * r.quantile_levels.size() + 4;
    covered_q +=
        r.surplus_quantiles_lower[q50] <= median && median <= r.surplus_quantiles_upper[q50] ? 1
                                                                                             : 0;
  }
  // Binomial(200, 0.95): sd 3.1 runs; allow k = 4.
  CHECK(std::abs(covered_p - 0.95 * runs) <= 4 * std::sqrt(runs * 0.95 * 0.05) + 1);
  CHECK(std::abs(covered_q - 0.95 * runs) <= 4 * std::sqrt(runs * 0.95 * 0.05) + 1);
}

TEST_CASE("replay gives the run's path for every sampler, with a copula", "[sampling][replay]") {
  Scenario s = scenario(3);
  Eigen::MatrixXd c = s.dependence.correlation;
  c(0, 3) = c(3, 0) = 0.4;
  s.dependence.correlation = s.dependence.declared = c;
  s.dependence.persistence[1] = 0.6;
  for (SamplerKind sampler : {SamplerKind::mc, SamplerKind::lhs, SamplerKind::sobol}) {
    RunOptions o;
    o.sampler = sampler;
    o.paths = 3 * kBlockSize + 77;
    o.seed = 31;
    o.store = StorePaths::all;
    const RunResults r = run_simulation(s, o);
    for (std::uint64_t path : {std::uint64_t{5}, kBlockSize + 1, 3 * kBlockSize + 76}) {
      INFO(sampler_name(sampler) << " path " << path);
      const PathTrace trace = replay_path(s, o, path);
      for (std::size_t e = 0; e < 3; ++e)
        for (std::size_t t = 0; t < 3; ++t) {
          const std::size_t at = (e * 3 + t) * o.paths + path;
          CHECK(trace.flows[e][t].ocf == r.path_ocf[at]);
          CHECK(trace.flows[e][t].surplus() == r.path_surplus[at]);
        }
    }
  }
}
