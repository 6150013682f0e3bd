//! Everything a run produces, in plain arrays with documented layouts; output/ writes it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/dependence.h"
#include "sim/balance_results.h"
#include "sim/path_array.h"

namespace capexsim {

enum class StorePaths { none, total, all };
const char* store_paths_name(StorePaths s);
//! The inverse of store_paths_name; empty for an unknown name.
std::optional<StorePaths> store_paths_from_name(std::string_view name);

//! How the uniforms behind the draws are generated (docs/sampling.md).
enum class SamplerKind { mc, lhs, sobol };
const char* sampler_name(SamplerKind s);
//! The inverse of sampler_name; empty for an unknown name.
std::optional<SamplerKind> sampler_from_name(std::string_view name);

//! One check of a run that stops on precision (--target-stderr).
struct ConvergencePoint {
  std::uint64_t paths = 0;
  double estimate = 0;
  double stderr_ = 0;
};

//! The quantile levels of /summary/surplus_quantiles.
inline const std::vector<double> kQuantileLevels = {0.01, 0.05, 0.10, 0.25, 0.50,
                                                    0.75, 0.90, 0.95, 0.99};

//! Spearman rank correlation of each drawn input with each entity's surplus and first negative
//! year over the first `paths` paths of a run (docs/sensitivity.md); empty when disabled or when
//! no input is drawn. Entities and years are the run's.
struct RankSensitivity {
  std::uint64_t paths = 0;          //!< the sample size n
  std::vector<std::string> inputs;  //!< e.g. "meta.capex_growth.2025"
  std::vector<std::string> input_company, input_parameter;
  std::vector<std::int32_t> input_year;
  //! (input, entity, year), index = (i * entities + e) * years + t; NaN where a side is constant.
  std::vector<double> spearman_surplus;
  //! (input, entity), index = i * entities + e; "never negative" ranks after every year.
  std::vector<double> spearman_first_negative;
  //! With financing: (input, entity, year) like spearman_surplus, with year-end net cash; empty
  //! without.
  std::vector<double> spearman_net_cash;
  bool empty() const { return inputs.empty(); }
};

//! Results of one run. Entities are the companies in scenario order, then "total".
//! (entity, year) arrays are row-major: index = e * years + t.
struct RunResults {
  std::vector<int> years;
  std::vector<std::string> entities;
  std::vector<double> quantile_levels = kQuantileLevels;
  std::uint64_t paths = 0;
  std::uint64_t seed = 0;
  StorePaths store = StorePaths::total;
  SamplerKind sampler = SamplerKind::mc;
  //! Processes (MPI ranks) the blocks were spread over (docs/mpi.md).
  std::uint64_t ranks = 1;
  //! Drawn by inverse transform for common random numbers (RunOptions::common_random_numbers).
  bool common_random_numbers = false;
  //! Independent replicates behind the standard errors: 0 for mc (the paths themselves are
  //! independent), the number of blocks for lhs, the randomizations for sobol.
  std::uint64_t replicates = 0;

  // Summary, (entity, year).
  std::vector<double> ocf_mean, buybacks_mean, dividends_mean, capex_mean;
  std::vector<double> surplus_mean, surplus_std, prob_negative;
  //! (mean buybacks + mean dividends + mean capex) / mean OCF: the report's usage ratio.
  std::vector<double> usage_ratio;
  //! (entity, year, quantile), index = (e * years + t) * quantiles + q.
  std::vector<double> surplus_quantiles;
  //! "exact" (order statistics of every path) or "sketch" (--store-paths none: a mergeable
  //! quantile sketch whose values are within quantile_relative_accuracy of the exact ones).
  std::string quantile_method = "exact";
  double quantile_relative_accuracy = 0;
  //! (entity, year): paths whose first negative year is that year.
  std::vector<std::int64_t> first_negative_counts;
  //! (entity): paths never negative within the horizon.
  std::vector<std::int64_t> never_negative_counts;
  //! (entity, year): paths on which a growth draw <= -100% was floored (total: summed).
  std::vector<std::int64_t> ocf_growth_floored, capex_growth_floored;

  // Precision (docs/sampling.md), (entity, year) unless said otherwise.
  //! Standard errors of the means.
  std::vector<double> ocf_mean_stderr, buybacks_mean_stderr, dividends_mean_stderr,
      capex_mean_stderr, surplus_mean_stderr;
  //! Standard error of prob_negative, and its 95% Wilson score interval.
  std::vector<double> prob_negative_stderr, prob_negative_lower, prob_negative_upper;
  //! Time to the first deficit: survival S(t) = P(no negative surplus through year t) and the
  //! yearly hazard h(t) = P(first negative in t | none before), each with its 95% Wilson
  //! interval (on all paths for S, on the paths still at risk for h).
  std::vector<double> survival, survival_lower, survival_upper;
  std::vector<double> hazard, hazard_lower, hazard_upper;
  //! 95% order-statistic interval of each quantile, (entity, year, quantile).
  std::vector<double> surplus_quantiles_lower, surplus_quantiles_upper;

  //! The dependence the run used (correlation of the drawn variables, persistence).
  Dependence dependence;
  //! Rank correlation of the drawn inputs with the outcomes (RunOptions::sensitivity_paths).
  RankSensitivity sensitivity;
  //! The balance sheet (docs/model.md, "Balance sheet"); empty without financing.
  BalanceResults balance;

  // Convergence (--target-stderr): the statistic, the target, and the trace of checks.
  std::string target_statistic;  //!< e.g. "prob_negative[total,2026]"; empty when not used
  double target_stderr = 0;
  bool target_met = false;
  std::vector<ConvergencePoint> convergence;

  // Per-path data; layouts [entity][year][path] for flows, [entity][path] for years.
  // With StorePaths::total only the total entity is kept (entity dimension of size 1);
  // with ::all every entity and every flow; with ::none they are empty.
  PathArray<double> path_surplus;
  PathArray<double> path_ocf, path_buybacks, path_dividends, path_capex;  // ::all only
  //! First negative year on the path (the calendar year), 0 for none within the horizon.
  PathArray<std::int32_t> path_first_negative_year;
  //! Net cash, [entity][year][path], with financing and StorePaths::all only.
  PathArray<double> path_net_cash;

  int year_count() const { return static_cast<int>(years.size()); }
  int entity_count() const { return static_cast<int>(entities.size()); }
  std::size_t at(int e, int t) const { return static_cast<std::size_t>(e) * years.size() + t; }
};

}  // namespace capexsim
