// The cash-flow model as a function of uniforms, for the Saltelli design of sim/sobol_indices.
// A row of uniforms is placed in the plan's dimensions (j = t K + k) and goes through
// TransformedDraws::set_uniforms, the engine's own transform: without dependence each uniform
// is its draw's quantile level; with dependence it is the level of an independent innovation
// e = Phi^-1(u) that the copula factor F mixes across variables and the AR(1) chain carries to
// later years (docs/dependence.md), so the indices are those of the innovations. A dimension
// is an input only when it can move a non-fixed draw: the innovation of variable k in year t
// reaches variable m in year s >= t with weight F(m, k) c phi_m^(s - t), c = 1 in the first
// year and sqrt(1 - phi_m^2) after it. Each batch of rows is simulated by sim/path_model.h's
// simulate_path, the engine's per-path model.
#include "analysis/sobol_sensitivity.h"

#include <algorithm>
#include <span>
#include <stdexcept>
#include <string>

#include "models/errors.h"
#include "sim/balance_walk.h"
#include "sim/path_model.h"
#include "sim/run_options.h"
#include "sim/transformed_draws.h"

namespace capexsim {
namespace {

constexpr const char* kGroupingNames[] = {"input", "variable", "parameter", "company"};

const Distribution& distribution(const Scenario& sc, const DrawPlan& plan, std::size_t k,
                                 std::size_t t) {
  const Variable& v = plan.variables[k];
  return sc.companies[static_cast<std::size_t>(v.company)].params[v.param].by_year[t];
}

//! Whether dimension (k, t) can move a non-fixed draw (see the comment at the top).
bool moves_a_draw(const Scenario& sc, const DrawPlan& plan, std::size_t k, std::size_t t) {
  if (!plan.copula) return !distribution(sc, plan, k, t).is_fixed();
  for (std::size_t m = 0; m < plan.K; ++m) {
    if (plan.factor(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(k)) == 0.0) continue;
    double weight = t == 0 ? 1.0 : plan.innovation[m];
    for (std::size_t s = t; s < plan.T; ++s, weight *= plan.persistence[m])
      if (weight != 0.0 && !distribution(sc, plan, m, s).is_fixed()) return true;
  }
  return false;
}

std::string group_name(const Scenario& sc, const Variable& v, std::size_t t, SobolGrouping by) {
  switch (by) {
    case SobolGrouping::input:
      return v.name + "." + std::to_string(sc.years[t]);
    case SobolGrouping::variable:
      return v.name;
    case SobolGrouping::parameter:
      return kParamNames[static_cast<std::size_t>(v.param)];
    case SobolGrouping::company:
      return sc.companies[static_cast<std::size_t>(v.company)].name;
  }
  return {};
}

//! A simulate_path source whose path is one row of uniforms over the factors' dimensions
//! (the other dimensions, which move no draw, stay at 1/2).
class RowSource {
 public:
  RowSource(const Scenario& sc, const DrawPlan& plan, const SobolFactors& factors)
      : draws_(sc, plan), dims_(factors.dims), u_(plan.dims(), 0.5) {}
  void set_row(std::span<const double> row) {
    for (std::size_t i = 0; i < dims_.size(); ++i) u_[dims_[i]] = row[i];
  }
  void next_path() { draws_.set_uniforms(u_); }
  double draw(std::size_t c, Param p, int t) const { return draws_.draw(c, p, t); }

 private:
  TransformedDraws draws_;
  const std::vector<std::size_t>& dims_;
  std::vector<double> u_;
};

//! The output on the source's current row: the entity's flows (and, with financing, its balance
//! sheet, sim/balance_walk.h) along the path.
double evaluate(const Scenario& sc, RowSource& source, std::span<Flows> total, BalanceWalk& walk,
                const SobolOutput& out) {
  const int T = static_cast<int>(total.size());
  const int year = out.year < 0 ? T - 1 : out.year;
  const bool balance = sobol_output_needs_financing(out.kind);
  // The entity's value of the year, the first year its event holds (T: never), and the debt it
  // issued over the horizon.
  double value = 0, issued = 0;
  int first = T;
  auto see = [&](int t, double x, double iss) {
    if (t == year) value = x;
    if (x < 0.0 && first == T) first = t;
    issued += iss;
  };
  walk.start_path();
  simulate_path(
      sc, source, total,
      [&](std::size_t c, int t, const Draws& d, const Step& step) {
        if (!balance) {
          if (static_cast<int>(c) == out.entity) see(t, step.flows.surplus(), 0.0);
          return;
        }
        const BalanceYear y = walk.company_year(c, t, step.flows, d);
        if (static_cast<int>(c) == out.entity) see(t, y.net_cash, y.issued);
      },
      [](std::size_t) {});
  if (out.entity < 0)
    for (int t = 0; t < T; ++t) {
      const auto i = static_cast<std::size_t>(t);
      if (balance)
        see(t, walk.total(i).net_cash, walk.total(i).issued);
      else
        see(t, total[i].surplus(), 0.0);
    }
  switch (out.kind) {
    case SobolOutput::Kind::surplus:
    case SobolOutput::Kind::net_cash:
      return value;
    case SobolOutput::Kind::negative:
    case SobolOutput::Kind::net_debt:
      return value < 0.0 ? 1.0 : 0.0;
    case SobolOutput::Kind::first_negative:
    case SobolOutput::Kind::first_net_debt:
      return static_cast<double>(first);
    case SobolOutput::Kind::cumulative_issued:
      return issued;
  }
  return value;
}

}  // namespace

bool sobol_output_has_year(SobolOutput::Kind kind) {
  return kind != SobolOutput::Kind::first_negative && kind != SobolOutput::Kind::first_net_debt &&
         kind != SobolOutput::Kind::cumulative_issued;
}

bool sobol_output_needs_financing(SobolOutput::Kind kind) {
  return static_cast<int>(kind) >= static_cast<int>(SobolOutput::Kind::net_cash);
}

std::string sobol_output_name(const SobolOutput& output, const Scenario& scenario) {
  const std::string entity = output.entity < 0
                                 ? "total"
                                 : scenario.companies[static_cast<std::size_t>(output.entity)].name;
  std::string name = std::string(kSobolOutputNames[static_cast<int>(output.kind)]) + "[" + entity;
  if (sobol_output_has_year(output.kind)) {
    const std::size_t t =
        output.year < 0 ? scenario.years.size() - 1 : static_cast<std::size_t>(output.year);
    name += ',';
    name += std::to_string(scenario.years[t]);
  }
  return name + "]";
}

const char* sobol_grouping_name(SobolGrouping g) { return kGroupingNames[static_cast<int>(g)]; }

std::optional<SobolGrouping> sobol_grouping_from_name(std::string_view name) {
  for (int i = 0; i < 4; ++i)
    if (name == kGroupingNames[i]) return static_cast<SobolGrouping>(i);
  return std::nullopt;
}

SobolFactors sobol_factors(const Scenario& scenario, const DrawPlan& plan, SobolGrouping by) {
  SobolFactors f;
  for (std::size_t k = 0; k < plan.K; ++k)
    for (std::size_t t = 0; t < plan.T; ++t) {
      if (!moves_a_draw(scenario, plan, k, t)) continue;
      const Variable& v = plan.variables[k];
      const std::size_t column = f.dims.size();
      f.dims.push_back(t * plan.K + k);
      f.inputs.push_back(group_name(scenario, v, t, SobolGrouping::input));
      const std::string name = group_name(scenario, v, t, by);
      std::size_t g = 0;
      while (g < f.names.size() && f.names[g] != name) ++g;
      if (g == f.names.size()) {
        f.names.push_back(name);
        f.groups.emplace_back();
      }
      f.groups[g].push_back(column);
    }
  return f;
}

std::uint64_t sobol_memory_bytes(const Scenario& scenario, const SobolRunOptions& options,
                                 std::uint64_t threads) {
  const DrawPlan plan = DrawPlan::make(scenario, RunOptions{});
  const SobolFactors factors = sobol_factors(scenario, plan, options.by);
  const std::uint64_t G = factors.groups.size(), d = factors.dims.size();
  const std::uint64_t n = options.sobol.n, B = options.sobol.bootstrap;
  const std::uint64_t workers = std::max<std::uint64_t>(threads, 1);
  // The outputs on A, B and the G mixed matrices; per worker a bootstrap weight column and one
  // row block of A, B and a mixed matrix (d inputs a row); the bootstrap's replicates.
  return 8 * ((G + 2) * n + (workers + 1) * n + 2 * B * G + workers * 3 * kSobolRowBlock * d);
}

SobolResults run_sobol_sensitivity(const Scenario& scenario, const SobolRunOptions& options) {
  const SobolOutput& out = options.output;
  if (scenario.years.empty() || scenario.companies.empty())
    throw InputError("scenario has no years or no companies");
  if (sobol_output_needs_financing(out.kind) && !scenario.has_financing())
    throw InputError("", 0, 0,
                     std::string("--output ") + kSobolOutputNames[static_cast<int>(out.kind)] +
                         " is a balance-sheet output: the scenario has no financing",
                     "output");
  if (out.entity >= scenario.company_count() || out.entity < -1 ||
      out.year >= scenario.year_count() || out.year < -1)
    throw InputError("sobol: the output's entity or year is not in the scenario");
  const DrawPlan plan = DrawPlan::make(scenario, RunOptions{});  // mc: no sampler state
  const SobolFactors factors = sobol_factors(scenario, plan, options.by);
  if (factors.dims.empty()) throw InputError("the scenario draws nothing: every input is fixed");
  const std::size_t d = factors.dims.size();
  const BatchModel model = [&](std::span<const double> rows, std::span<double> values) {
    RowSource source(scenario, plan, factors);
    std::vector<Flows> total(scenario.years.size());
    BalanceWalk walk(scenario, scenario.years.size());
    for (std::size_t r = 0; r < values.size(); ++r) {
      source.set_row(rows.subspan(r * d, d));
      values[r] = evaluate(scenario, source, total, walk, out);
    }
  };
  SobolResults r;
  r.statistic = sobol_output_name(out, scenario);
  r.by = options.by;
  r.dependence = plan.copula;
  r.triangular = plan.factor.isLowerTriangular();
  r.inputs = d;
  r.factors = factors.names;
  r.indices = sobol_indices(d, factors.groups, model, options.sobol);
  return r;
}

}  // namespace capexsim
