//! The balance-sheet results of a run (docs/results-format.md, /balance); empty when the
//! scenario has no financing. (entity, year) arrays are row-major like RunResults'.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "sim/balance_stats.h"
#include "sim/life_table.h"

namespace capexsim {

struct BalanceResults {
  //! Mean and its standard error of each BalanceVar, (entity, year).
  std::array<std::vector<double>, kBalanceVarCount> mean, mean_stderr;
  //! Quantiles of net_cash at the run's quantile levels, (entity, year, quantile), and their 95%
  //! order-statistic intervals (as RunResults::surplus_quantiles_lower and _upper).
  std::vector<double> net_cash_quantiles, net_cash_quantiles_lower, net_cash_quantiles_upper;
  //! P(event) per BalanceEvent, (entity, year), with 95% Wilson intervals.
  std::array<std::vector<double>, kBalanceEventCount> prob, prob_lower, prob_upper;
  //! Paths on which each event first holds in that year, (entity, year); never, (entity).
  std::array<std::vector<std::int64_t>, kBalanceEventCount> first_counts, never_counts;
  //! Time to each event's first year: survival and hazard with their Wilson intervals.
  std::array<LifeTable, kBalanceEventCount> time_to;
  //! Quantiles of the amount of debt issued over the whole horizon, (entity, quantile).
  std::vector<double> cumulative_issued_quantiles;
  //! With RunOptions::balance_quantiles, quantiles of each BalanceVar in kQuantileVars at the
  //! run's levels, (entity, year, quantile); empty otherwise and for net_cash (whose are
  //! net_cash_quantiles).
  std::array<std::vector<double>, kBalanceVarCount> quantiles;

  bool empty() const { return mean[0].empty(); }
};

}  // namespace capexsim
