//! The /balance datasets of a results file as one list of (name, BalanceResults array, axes,
//! attributes): the results writer, the sweep writer, the summary reader and the sweep's gather
//! all walk it, so they cannot disagree (docs/results-format.md, "/balance").
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sim/results.h"  // BalanceResults

namespace capexsim {

//! The axes of a /balance dataset (a sweep file puts `point` in front).
enum class BalanceAxes { entity_year, entity_year_quantile, entity, entity_quantile };

//! Its units: the scenario's money unit, "1" (a probability) or "paths" (a count).
enum class BalanceUnits { money, one, paths };

//! The `units` attribute of a field; `money` is the scenario's unit.
inline std::string_view balance_units(BalanceUnits units, std::string_view money) {
  switch (units) {
    case BalanceUnits::money:
      return money;
    case BalanceUnits::one:
      return "1";
    case BalanceUnits::paths:
      return "paths";
  }
  return "";
}

struct BalanceField {
  std::string name;  //!< the dataset's name, e.g. "cash_mean", "prob_net_debt_lower"
  std::string long_name, description;
  BalanceAxes axes;
  BalanceUnits units;
  //! Present only when the run asked for it (--balance-quantiles): an empty array is no dataset.
  bool optional = false;
};

//! Calls f(field, array...) for every field in the order of the file, with the field's array
//! of each `b` (BalanceResults, const or not): a std::vector<double> or std::vector<std::int64_t>.
template <class F, class... Results>
void for_each_balance_field(F&& f, Results&... b) {
  using Axes = BalanceAxes;
  using Units = BalanceUnits;
  for (int k = 0; k < kBalanceVarCount; ++k) {
    const std::string name = kBalanceVarNames[k];
    f(BalanceField{name + "_mean", std::string("mean ") + kBalanceVarText[k].long_name,
                   std::string(kBalanceVarText[k].description) + ", mean over paths",
                   Axes::entity_year, Units::money},
      b.mean[k]...);
    f(BalanceField{name + "_mean_stderr",
                   std::string("standard error of mean ") + kBalanceVarText[k].long_name,
                   "Monte Carlo standard error of " + name + "_mean", Axes::entity_year,
                   Units::money},
      b.mean_stderr[k]...);
  }
  f(BalanceField{"net_cash_quantiles", "net cash quantiles",
                 "Quantiles of year-end net cash over paths", Axes::entity_year_quantile,
                 Units::money},
    b.net_cash_quantiles...);
  f(BalanceField{"net_cash_quantiles_lower", "lower bound of the net cash quantiles",
                 "Lower end of the 95% order-statistic interval of net_cash_quantiles",
                 Axes::entity_year_quantile, Units::money},
    b.net_cash_quantiles_lower...);
  f(BalanceField{"net_cash_quantiles_upper", "upper bound of the net cash quantiles",
                 "Upper end of the 95% order-statistic interval of net_cash_quantiles",
                 Axes::entity_year_quantile, Units::money},
    b.net_cash_quantiles_upper...);
  f(BalanceField{"cumulative_issued_quantiles", "cumulative debt issued quantiles",
                 "Quantiles over paths of the debt issued over the whole horizon",
                 Axes::entity_quantile, Units::money},
    b.cumulative_issued_quantiles...);
  for (const BalanceVar v : kQuantileVars) {
    const auto k = static_cast<std::size_t>(v);
    f(BalanceField{std::string(kBalanceVarNames[k]) + "_quantiles",
                   std::string(kBalanceVarText[k].long_name) + " quantiles",
                   std::string(kBalanceVarText[k].description) +
                       ", quantiles over paths (only in a run with --balance-quantiles)",
                   Axes::entity_year_quantile, Units::money, true},
      b.quantiles[k]...);
  }
  for (int k = 0; k < kBalanceEventCount; ++k) {
    const std::string event = kBalanceEventNames[k];
    const std::string long_name = kBalanceEventText[k].long_name,
                      cond = kBalanceEventText[k].description;
    const std::string p = "P(" + long_name + ")";
    f(BalanceField{"prob_" + event, p, "Share of paths with " + cond + " in the year",
                   Axes::entity_year, Units::one},
      b.prob[k]...);
    f(BalanceField{"prob_" + event + "_lower", p,
                   "Lower end of the 95% Wilson interval of the share of paths with " + cond +
                       " in the year",
                   Axes::entity_year, Units::one},
      b.prob_lower[k]...);
    f(BalanceField{"prob_" + event + "_upper", p,
                   "Upper end of the 95% Wilson interval of the share of paths with " + cond +
                       " in the year",
                   Axes::entity_year, Units::one},
      b.prob_upper[k]...);
    f(BalanceField{"first_" + event + "_counts", "paths with first " + long_name + " in year",
                   "Number of paths on which " + cond + " holds first in that year",
                   Axes::entity_year, Units::paths},
      b.first_counts[k]...);
    f(BalanceField{"never_" + event + "_counts", "paths never with " + long_name,
                   "Number of paths on which " + cond + " holds in no year of the horizon",
                   Axes::entity, Units::paths},
      b.never_counts[k]...);
    // Time to the event, as /summary's survival and hazard of the first negative surplus.
    const std::string surv = "P(no " + long_name + " through the year)";
    const std::string haz = "P(first " + long_name + " in the year | none before)";
    const std::string lower = "Lower end of the 95% Wilson interval of ";
    const std::string upper = "Upper end of the 95% Wilson interval of ";
    f(BalanceField{event + "_survival", "survival: " + long_name, surv, Axes::entity_year,
                   Units::one},
      b.time_to[k].survival...);
    f(BalanceField{event + "_survival_lower", "survival: " + long_name, lower + surv,
                   Axes::entity_year, Units::one},
      b.time_to[k].survival_lower...);
    f(BalanceField{event + "_survival_upper", "survival: " + long_name, upper + surv,
                   Axes::entity_year, Units::one},
      b.time_to[k].survival_upper...);
    f(BalanceField{event + "_hazard", "hazard: " + long_name, haz, Axes::entity_year, Units::one},
      b.time_to[k].hazard...);
    f(BalanceField{event + "_hazard_lower", "hazard: " + long_name, lower + haz, Axes::entity_year,
                   Units::one},
      b.time_to[k].hazard_lower...);
    f(BalanceField{event + "_hazard_upper", "hazard: " + long_name, upper + haz, Axes::entity_year,
                   Units::one},
      b.time_to[k].hazard_upper...);
  }
}

//! A field's dimensions, outermost first, in a run of that many entities, years and quantiles.
inline std::vector<std::size_t> balance_field_shape(BalanceAxes axes, std::size_t entities,
                                                    std::size_t years, std::size_t quantiles) {
  switch (axes) {
    case BalanceAxes::entity_year:
      return {entities, years};
    case BalanceAxes::entity_year_quantile:
      return {entities, years, quantiles};
    case BalanceAxes::entity:
      return {entities};
    case BalanceAxes::entity_quantile:
      return {entities, quantiles};
  }
  return {};
}

//! The number of values of such a field.
inline std::size_t balance_field_size(BalanceAxes axes, std::size_t entities, std::size_t years,
                                      std::size_t quantiles) {
  std::size_t n = 1;
  for (std::size_t d : balance_field_shape(axes, entities, years, quantiles)) n *= d;
  return n;
}

}  // namespace capexsim
