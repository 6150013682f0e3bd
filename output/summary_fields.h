//! The /summary datasets of a results file as tables of (name, RunResults member, attributes):
//! one list that the results writer, the sweep writer and the summary reader all walk, so the
//! three cannot disagree (docs/results-format.md).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/results.h"

namespace capexsim {

//! (entity, year) float64 datasets.
struct SummaryField {
  const char* name;
  std::vector<double> RunResults::*values;
  const char* long_name;
  const char* description;
  bool money;  // units: the scenario unit, else "1"
};

inline constexpr SummaryField kSummaryFields[] = {
    {"ocf_mean", &RunResults::ocf_mean, "mean operating cash flow",
     "Mean over paths of operating cash flow", true},
    {"buybacks_mean", &RunResults::buybacks_mean, "mean buybacks", "Mean over paths of buybacks",
     true},
    {"dividends_mean", &RunResults::dividends_mean, "mean dividends",
     "Mean over paths of dividends", true},
    {"capex_mean", &RunResults::capex_mean, "mean capex", "Mean over paths of capital expenditure",
     true},
    {"surplus_mean", &RunResults::surplus_mean, "mean cash surplus",
     "Mean over paths of OCF - buybacks - dividends - capex", true},
    {"surplus_std", &RunResults::surplus_std, "standard deviation of cash surplus",
     "Standard deviation over paths of the surplus", true},
    {"prob_negative", &RunResults::prob_negative, "probability of a negative surplus",
     "Fraction of paths whose surplus is < 0", false},
    {"usage_ratio", &RunResults::usage_ratio, "cash usage ratio",
     "(mean buybacks + mean dividends + mean capex) / mean OCF", false},
    {"ocf_mean_stderr", &RunResults::ocf_mean_stderr, "standard error of mean operating cash flow",
     "Standard error of ocf_mean", true},
    {"buybacks_mean_stderr", &RunResults::buybacks_mean_stderr, "standard error of mean buybacks",
     "Standard error of buybacks_mean", true},
    {"dividends_mean_stderr", &RunResults::dividends_mean_stderr,
     "standard error of mean dividends", "Standard error of dividends_mean", true},
    {"capex_mean_stderr", &RunResults::capex_mean_stderr, "standard error of mean capex",
     "Standard error of capex_mean", true},
    {"surplus_mean_stderr", &RunResults::surplus_mean_stderr, "standard error of mean cash surplus",
     "Standard error of surplus_mean", true},
    {"prob_negative_stderr", &RunResults::prob_negative_stderr,
     "standard error of the probability of a negative surplus", "Standard error of prob_negative",
     false},
    {"prob_negative_lower", &RunResults::prob_negative_lower,
     "lower bound of the probability of a negative surplus",
     "Lower end of the 95% Wilson score interval of prob_negative", false},
    {"prob_negative_upper", &RunResults::prob_negative_upper,
     "upper bound of the probability of a negative surplus",
     "Upper end of the 95% Wilson score interval of prob_negative", false},
    {"survival", &RunResults::survival, "survival: no deficit yet",
     "Fraction of paths whose surplus has not been < 0 in any year up to and including this one",
     false},
    {"survival_lower", &RunResults::survival_lower, "lower bound of survival",
     "Lower end of the 95% Wilson score interval of survival", false},
    {"survival_upper", &RunResults::survival_upper, "upper bound of survival",
     "Upper end of the 95% Wilson score interval of survival", false},
    {"hazard", &RunResults::hazard, "hazard of a first deficit",
     "Among paths with no deficit before this year, the fraction whose surplus is < 0 this year",
     false},
    {"hazard_lower", &RunResults::hazard_lower, "lower bound of hazard",
     "Lower end of the 95% Wilson score interval of hazard (on the paths at risk)", false},
    {"hazard_upper", &RunResults::hazard_upper, "upper bound of hazard",
     "Upper end of the 95% Wilson score interval of hazard (on the paths at risk)", false},
};

//! (entity, year, quantile) float64 datasets, in money.
struct QuantileField {
  const char* name;
  std::vector<double> RunResults::*values;
  const char* long_name;
  const char* description;
};

inline constexpr QuantileField kQuantileFields[] = {
    {"surplus_quantiles", &RunResults::surplus_quantiles, "surplus quantiles",
     "Quantiles over paths of the surplus at the /quantile levels"},
    {"surplus_quantiles_lower", &RunResults::surplus_quantiles_lower,
     "lower bound of the surplus quantiles",
     "Lower end of the 95% order-statistic interval of surplus_quantiles"},
    {"surplus_quantiles_upper", &RunResults::surplus_quantiles_upper,
     "upper bound of the surplus quantiles",
     "Upper end of the 95% order-statistic interval of surplus_quantiles"},
};

//! (entity, year) int64 datasets, in paths.
struct CountField {
  const char* name;
  std::vector<std::int64_t> RunResults::*values;
  const char* long_name;
  const char* description;
};

inline constexpr CountField kCountFields[] = {
    {"first_negative_counts", &RunResults::first_negative_counts, "paths first negative",
     "Number of paths whose surplus is first < 0 in this year"},
    {"ocf_growth_floored", &RunResults::ocf_growth_floored, "paths with floored OCF growth",
     "Number of paths on which an OCF growth draw <= -100% was floored in this year "
     "(total: summed over companies)"},
    {"capex_growth_floored", &RunResults::capex_growth_floored, "paths with floored capex growth",
     "Number of paths on which a capex growth draw <= -100% was floored in this year "
     "(total: summed over companies)"},
};

}  // namespace capexsim
