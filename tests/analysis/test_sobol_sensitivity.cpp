// Sobol' indices of the cash-flow model (analysis/sobol_sensitivity.h): a scenario where one input
// varies, the factors and their groups, dependence, thread independence, and the transform
// checked against the engine (the output's mean over the design is the run's mean).
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <string>

#include "analysis/sobol_sensitivity.h"
#include "models/errors.h"
#include "scenarios/loader.h"
#include "sim/draw_plan.h"
#include "sim/engine.h"
#include "tests/support/scenario_builders.h"

using namespace capexsim;

namespace {

constexpr double kSigmas = 4.0;  // per check

Distribution fx(double v) { return Distribution::fixed(v); }

//! Company "a": every input fixed except capex growth in 2024; optionally company "b" with
//! every input drawn.
Scenario one_input(bool with_b) {
  Scenario s;
  s.name = "one input";
  s.base_year = 2023;
  s.years = {2024, 2025};
  Company a = test::make_company("a", {100, 20, 5, 60}, 2, fx(0.1), fx(0.3), fx(0.2), fx(0.05));
  a.params[static_cast<int>(Param::capex_growth)].by_year[0] = Distribution::uniform(0.1, 0.5);
  s.companies.push_back(a);
  if (with_b)
    s.companies.push_back(
        test::make_company("b", {200, 40, 10, 150}, 2, Distribution::normal(0.1, 0.2),
                           Distribution::triangular(0.0, 0.3, 0.6), Distribution::uniform(0.1, 0.3),
                           Distribution::pert(0.0, 0.05, 0.1)));
  s.dependence = independent(s.companies);
  return s;
}

SobolRunOptions options(SobolOutput output, SobolGrouping by, std::uint64_t n) {
  SobolRunOptions o;
  o.output = output;
  o.by = by;
  o.sobol.n = n;
  o.sobol.bootstrap = 200;
  o.sobol.seed = 17;
  return o;
}

std::size_t index_of(const SobolResults& r, const std::string& factor) {
  for (std::size_t i = 0; i < r.factors.size(); ++i)
    if (r.factors[i] == factor) return i;
  FAIL("no factor " << factor);
  return 0;
}

}  // namespace

TEST_CASE("the one input that varies explains all the variance", "[sobol][model]") {
  const Scenario s = one_input(false);
  for (const SobolGrouping by : {SobolGrouping::input, SobolGrouping::variable}) {
    const SobolResults r =
        run_sobol_sensitivity(s, options({SobolOutput::Kind::surplus, -1, -1}, by, 5000));
    INFO(sobol_grouping_name(by));
    REQUIRE(r.factors.size() == 1);
    CHECK(r.factors[0] == (by == SobolGrouping::input ? "a.capex_growth.2024" : "a.capex_growth"));
    CHECK(r.statistic == "surplus[total,2025]");
    CHECK(r.indices.first[0] == 1.0);  // one factor: A_B is B
    CHECK(std::abs(r.indices.total[0] - 1.0) <= kSigmas * r.indices.total_stderr[0]);
    CHECK(r.indices.variance > 0);
  }
}

TEST_CASE("inputs that cannot move the output get 0, the one that does gets 1", "[sobol][model]") {
  // Company a's surplus depends on its 2024 capex growth alone; b's eight draws are factors too.
  const Scenario s = one_input(true);
  for (const SobolGrouping by : {SobolGrouping::input, SobolGrouping::variable}) {
    INFO(sobol_grouping_name(by));
    const SobolResults r =
        run_sobol_sensitivity(s, options({SobolOutput::Kind::surplus, 0, 1}, by, 20000));
    CHECK(r.statistic == "surplus[a,2025]");
    CHECK(r.inputs == 9);
    CHECK(r.factors.size() == (by == SobolGrouping::input ? 9u : 5u));
    const std::size_t a =
        index_of(r, by == SobolGrouping::input ? "a.capex_growth.2024" : "a.capex_growth");
    const SobolIndices& x = r.indices;
    CHECK(std::abs(x.first[a] - 1.0) <= kSigmas * x.first_stderr[a]);
    CHECK(std::abs(x.total[a] - 1.0) <= kSigmas * x.total_stderr[a]);
    for (std::size_t i = 0; i < r.factors.size(); ++i) {
      if (i == a) continue;
      INFO(r.factors[i] << ": S " << x.first[i] << " +- " << x.first_stderr[i]);
      CHECK(x.total[i] == 0.0);  // the output is the same number with or without the swap
      CHECK(std::abs(x.first[i]) <= kSigmas * x.first_stderr[i]);
    }
  }
}

TEST_CASE("balance-sheet outputs: the inputs that move net cash, and none that cannot",
          "[sobol][model][balance]") {
  // Company a's flows are fixed; its net cash moves with its other flows (every year) and its
  // cash yield (interest on the change in cash from year 2); its debt rate cannot move it, as no
  // debt is issued (no floor); its 2024 capex growth moves the surplus, hence net cash.
  Scenario s = one_input(false);
  Financing f;
  f.base = {50, 20};
  f.min_cash_ratio = {0.0, 0.0};
  f.max_debt_to_ocf = 1.0;
  test::give_financing(s, 0, f, Distribution::uniform(0.0, 0.1), Distribution::uniform(0.0, 0.1),
                       Distribution::uniform(-0.3, 0.0));
  const SobolResults r = run_sobol_sensitivity(
      s, options({SobolOutput::Kind::net_cash, 0, 0}, SobolGrouping::variable, 20000));
  CHECK(r.statistic == "net_cash[a,2024]");
  const SobolIndices& x = r.indices;
  // 2024: net cash = 30 + surplus + other * OCF; surplus and other are independent, linear:
  // S(other) = Var(other OCF) / (Var(other OCF) + Var(capex)), the rest 0.
  const double ocf = 110, capex_sd = 60 * 0.4 / std::sqrt(12.0),
               other_sd = ocf * 0.3 / std::sqrt(12.0);
  const double share = other_sd * other_sd / (other_sd * other_sd + capex_sd * capex_sd);
  const std::size_t other = index_of(r, "a.other_flows"), debt = index_of(r, "a.debt_rate");
  const std::size_t cash = index_of(r, "a.cash_yield");
  CHECK(std::abs(x.first[other] - share) <= kSigmas * x.first_stderr[other]);
  CHECK(std::abs(x.total[other] - share) <= kSigmas * x.total_stderr[other]);
  CHECK(x.total[debt] == 0.0);
  CHECK(x.total[cash] == 0.0);  // the first year's interest is on the base balances' change: 0
  // A later year: the cash yield matters (interest on the change in cash), the debt rate never.
  const SobolResults later = run_sobol_sensitivity(
      s, options({SobolOutput::Kind::net_cash, 0, 1}, SobolGrouping::variable, 5000));
  CHECK(later.indices.total[index_of(later, "a.cash_yield")] > 0.0);
  CHECK(later.indices.total[index_of(later, "a.debt_rate")] == 0.0);
  // The indicator and the first year are read on the same net cash.
  const SobolResults first = run_sobol_sensitivity(
      s, options({SobolOutput::Kind::first_net_debt, -1, -1}, SobolGrouping::variable, 2000));
  CHECK(first.statistic == "first_net_debt[total]");
  // Without financing a balance output is an input error.
  CHECK_THROWS_AS(
      run_sobol_sensitivity(one_input(false), options({SobolOutput::Kind::net_debt, -1, -1},
                                                      SobolGrouping::input, 100)),
      InputError);
}

TEST_CASE("factors and groups follow company, parameter and year", "[sobol][model]") {
  const Scenario s = load_scenario("scenarios/hyperscalers.toml");
  const DrawPlan plan = DrawPlan::make(s, RunOptions{});
  const SobolFactors input = sobol_factors(s, plan, SobolGrouping::input);
  REQUIRE(input.dims.size() == plan.K * plan.T);  // every drawn parameter in every year
  CHECK(input.names == input.inputs);
  CHECK(input.names[0] == "meta.ocf_growth.2024");
  CHECK(input.names[2] == "meta.ocf_growth.2026");
  CHECK(input.names[3] == "meta.capex_growth.2024");
  const SobolFactors variable = sobol_factors(s, plan, SobolGrouping::variable);
  CHECK(variable.names.size() == plan.K);
  CHECK(variable.groups[1] == std::vector<std::size_t>{3, 4, 5});
  const SobolFactors parameter = sobol_factors(s, plan, SobolGrouping::parameter);
  CHECK(parameter.names ==
        std::vector<std::string>{"ocf_growth", "capex_growth", "buyback_ratio", "dividend_ratio"});
  const SobolFactors company = sobol_factors(s, plan, SobolGrouping::company);
  CHECK(company.names == std::vector<std::string>{"meta", "microsoft", "alphabet", "amazon"});
  for (const SobolFactors* f : {&variable, &parameter, &company}) {
    std::size_t columns = 0;
    for (const auto& g : f->groups) columns += g.size();
    CHECK(columns == input.dims.size());
  }
}

TEST_CASE("with dependence the factors are the innovations that reach a draw",
          "[sobol][model][copula]") {
  // Persistence 1 carries the first year's score to every year: later innovations move nothing.
  Scenario s = one_input(true);
  s.dependence.persistence = {1.0, 0.0, 0.0, 0.0, 0.0};  // a.capex_growth, b's four
  const DrawPlan plan = DrawPlan::make(s, RunOptions{});
  REQUIRE(plan.copula);
  const SobolFactors f = sobol_factors(s, plan, SobolGrouping::input);
  CHECK(f.inputs.size() == 9);
  CHECK(f.inputs[0] == "a.capex_growth.2024");
  // ...and here a's 2025 capex growth is fixed anyway; give it a draw and persistence 1 still
  // leaves its 2025 innovation out.
  s.companies[0].params[static_cast<int>(Param::capex_growth)].by_year[1] =
      Distribution::uniform(0.1, 0.5);
  const DrawPlan plan2 = DrawPlan::make(s, RunOptions{});
  CHECK(sobol_factors(s, plan2, SobolGrouping::input).inputs.size() == 9);
  s.dependence.persistence[0] = 0.5;
  const DrawPlan plan3 = DrawPlan::make(s, RunOptions{});
  CHECK(sobol_factors(s, plan3, SobolGrouping::input).inputs.size() == 10);
  CHECK(run_sobol_sensitivity(s, options({}, SobolGrouping::input, 10)).triangular);
  // rho = 1 between b's growths: no Cholesky factor, the eigendecomposition is not triangular.
  s.dependence.correlation(1, 2) = s.dependence.correlation(2, 1) = 1.0;
  const SobolResults singular = run_sobol_sensitivity(s, options({}, SobolGrouping::input, 10));
  CHECK(singular.dependence);
  CHECK_FALSE(singular.triangular);
}

TEST_CASE("model indices are bitwise the same for 1 and 2 threads, with a copula",
          "[sobol][model][copula]") {
  const Scenario s = load_scenario("scenarios/hyperscalers_correlated.toml");
  SobolRunOptions o = options({SobolOutput::Kind::negative, -1, 2}, SobolGrouping::input, 600);
  o.sobol.bootstrap = 20;
  o.sobol.threads = 1;
  const SobolResults one = run_sobol_sensitivity(s, o);
  o.sobol.threads = 2;
  const SobolResults two = run_sobol_sensitivity(s, o);
  CHECK(one.dependence);
  CHECK(one.indices.first == two.indices.first);
  CHECK(one.indices.total == two.indices.total);
  CHECK(one.indices.total_lower == two.indices.total_lower);
  CHECK(one.indices.first_stderr == two.indices.first_stderr);
  CHECK(one.indices.variance == two.indices.variance);
}

TEST_CASE(
    "the design's output has the run's mean: the engine's transform, with and without "
    "dependence",
    "[sobol][model][copula]") {
  for (const char* file :
       {"scenarios/hyperscalers.toml", "scenarios/hyperscalers_correlated.toml"}) {
    INFO(file);
    const Scenario s = load_scenario(file);
    RunOptions ro;
    ro.paths = 100000;
    ro.seed = 4;
    ro.store = StorePaths::none;
    const RunResults run = run_simulation(s, ro);
    const std::size_t cell = run.at(run.entity_count() - 1, 2);  // total, 2026
    const std::uint64_t n = 20000;
    for (const auto kind : {SobolOutput::Kind::surplus, SobolOutput::Kind::negative}) {
      const SobolResults r =
          run_sobol_sensitivity(s, options({kind, -1, 2}, SobolGrouping::company, n));
      const bool surplus = kind == SobolOutput::Kind::surplus;
      const double run_mean = surplus ? run.surplus_mean[cell] : run.prob_negative[cell];
      const double run_se =
          surplus ? run.surplus_mean_stderr[cell] : run.prob_negative_stderr[cell];
      const double se =
          std::sqrt(r.indices.variance / (2.0 * static_cast<double>(n)) + run_se * run_se);
      INFO(r.statistic << ": design mean " << r.indices.mean << ", run " << run_mean << " +- "
                       << se);
      CHECK(std::abs(r.indices.mean - run_mean) <= kSigmas * se);
    }
  }
}

TEST_CASE("first_negative is the first negative year's index, the horizon for never",
          "[sobol][model]") {
  // a's surplus 100 (1 + 0.1) (1 - 0.25) - 60 (1 + g): negative in 2024 iff g > 0.375, i.e.
  // with probability 0.125/0.4 (g uniform on [0.1, 0.5]); ocf and capex then grow 10% and 30%.
  Scenario s = one_input(false);
  const SobolResults r = run_sobol_sensitivity(
      s, options({SobolOutput::Kind::first_negative, 0, -1}, SobolGrouping::input, 4000));
  CHECK(r.statistic == "first_negative[a]");
  const double p2024 = 0.125 / 0.4;
  // 2025: 110 * 1.1 * 0.75 = 90.75 against 60 (1 + g) 1.3: negative iff g > 12.75 / 78.
  const double p2025 = (0.375 - 12.75 / 78) / 0.4;
  const double mean = 0 * p2024 + 1 * p2025 + 2 * (1 - p2024 - p2025);
  const double var = p2025 + 4 * (1 - p2024 - p2025) - mean * mean;
  CHECK(std::abs(r.indices.mean - mean) <= kSigmas * std::sqrt(var / 8000.0));
}

TEST_CASE("sobol sensitivity refuses a scenario with nothing drawn", "[sobol][model]") {
  Scenario s = one_input(false);
  s.companies[0].params[static_cast<int>(Param::capex_growth)].by_year[0] = fx(0.3);
  s.dependence = independent(s.companies);
  CHECK_THROWS_AS(run_sobol_sensitivity(s, options({}, SobolGrouping::input, 10)), InputError);
}
