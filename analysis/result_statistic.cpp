// Standard errors: binomial for the probabilities of the balance sheet and for survival; for a
// quantile the normal approximation behind its order-statistic interval (Conover 1999, 3.2), so
// half-width / z is the quantile's standard error.
#include "analysis/result_statistic.h"

#include <cmath>
#include <cstdint>
#include <string>

#include "models/errors.h"
#include "sim/precision.h"

namespace capexsim {
namespace {

//! The quantile at `level` among `levels` of cell i, with its standard error from the interval.
Estimate quantile_estimate(const std::vector<double>& levels, std::size_t i, double level,
                           const std::vector<double>& value, const std::vector<double>& lower,
                           const std::vector<double>& upper, const char* what) {
  const std::size_t Q = levels.size();
  for (std::size_t q = 0; q < Q; ++q)
    if (std::abs(levels[q] - level) < 1e-12) {
      const std::size_t j = i * Q + q;
      if (j >= lower.size() || j >= upper.size())
        throw InputError(std::string("result_statistic: the results have no intervals of the ") +
                         what + " quantiles, so no standard error");
      return {value[j], (upper[j] - lower[j]) / (2 * kZ95)};
    }
  throw InputError("result_statistic: quantile level " + std::to_string(level) +
                   " is not among the run's quantile levels");
}

//! p with its binomial standard error on n paths.
Estimate binomial(double p, double n) { return {p, std::sqrt(p * (1 - p) / n)}; }

//! r's balance sheet; InputError when the run had none.
const BalanceResults& balance_of(const RunResults& r) {
  if (r.balance.empty())
    throw InputError(
        "result_statistic: the results have no balance sheet (the scenario has no financing)");
  return r.balance;
}

//! Paths on which `event` first holds in year y or before (`through`), and the run's paths: for
//! each, its first year or never (the run's own count, also when it stopped before --paths).
struct EventPaths {
  double through = 0, n = 0;
};
EventPaths event_paths(const RunResults& r, BalanceEvent event, int e, int y) {
  const auto k = static_cast<std::size_t>(event);
  const BalanceResults& b = balance_of(r);
  EventPaths c;
  c.n = static_cast<double>(b.never_counts[k][static_cast<std::size_t>(e)]);
  for (int s = 0; s < r.year_count(); ++s) {
    const auto first = static_cast<double>(b.first_counts[k][r.at(e, s)]);
    c.n += first;
    if (s <= y) c.through += first;
  }
  return c;
}

}  // namespace

Estimate result_statistic(const RunResults& r, const TargetStatistic& t) {
  const int e = t.entity < 0 ? r.entity_count() - 1 : t.entity;
  const int y = t.year < 0 ? r.year_count() - 1 : t.year;
  if (e < 0 || e >= r.entity_count() || y < 0 || y >= r.year_count())
    throw InputError("result_statistic: no cell (" + std::to_string(e) + ", " + std::to_string(y) +
                     ") in the results");
  const std::size_t i = r.at(e, y);
  using Kind = TargetStatistic::Kind;
  switch (t.kind) {
    case Kind::prob_negative:
      return {r.prob_negative[i], r.prob_negative_stderr[i]};
    case Kind::surplus_mean:
      return {r.surplus_mean[i], r.surplus_mean_stderr[i]};
    case Kind::ocf_mean:
      return {r.ocf_mean[i], r.ocf_mean_stderr[i]};
    case Kind::capex_mean:
      return {r.capex_mean[i], r.capex_mean_stderr[i]};
    case Kind::survival:
      return binomial(r.survival[i], static_cast<double>(r.paths));
    case Kind::surplus_quantile:
      return quantile_estimate(r.quantile_levels, i, t.level, r.surplus_quantiles,
                               r.surplus_quantiles_lower, r.surplus_quantiles_upper, "surplus");
    case Kind::balance_mean: {
      const auto v = static_cast<std::size_t>(t.var);
      return {balance_of(r).mean[v][i], balance_of(r).mean_stderr[v][i]};
    }
    case Kind::balance_prob:
      return binomial(balance_of(r).prob[static_cast<std::size_t>(t.event)][i],
                      event_paths(r, t.event, e, y).n);
    case Kind::balance_survival: {
      const EventPaths c = event_paths(r, t.event, e, y);
      return binomial((c.n - c.through) / c.n, c.n);
    }
    case Kind::net_cash_quantile: {
      const BalanceResults& b = balance_of(r);
      return quantile_estimate(r.quantile_levels, i, t.level, b.net_cash_quantiles,
                               b.net_cash_quantiles_lower, b.net_cash_quantiles_upper, "net cash");
    }
  }
  throw InputError("result_statistic: unknown statistic kind");
}

}  // namespace capexsim
