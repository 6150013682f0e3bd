//! Everything a run produces, in plain arrays with documented layouts; output/ writes it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/path_array.h"

namespace capexsim {

enum class StorePaths { none, total, all };
const char* store_paths_name(StorePaths s);

//! The quantile levels of /summary/surplus_quantiles.
inline const std::vector<double> kQuantileLevels = {0.01, 0.05, 0.10, 0.25, 0.50,
                                                    0.75, 0.90, 0.95, 0.99};

//! Results of one run. Entities are the companies in scenario order, then "total".
//! (entity, year) arrays are row-major: index = e * years + t.
struct RunResults {
  std::vector<int> years;
  std::vector<std::string> entities;
  std::vector<double> quantile_levels = kQuantileLevels;
  std::uint64_t paths = 0;
  std::uint64_t seed = 0;
  StorePaths store = StorePaths::total;

  // Summary, (entity, year).
  std::vector<double> ocf_mean, buybacks_mean, dividends_mean, capex_mean;
  std::vector<double> surplus_mean, surplus_std, prob_negative;
  //! (mean buybacks + mean dividends + mean capex) / mean OCF: the report's usage ratio.
  std::vector<double> usage_ratio;
  //! (entity, year, quantile), index = (e * years + t) * quantiles + q.
  std::vector<double> surplus_quantiles;
  //! (entity, year): paths whose first negative year is that year.
  std::vector<std::int64_t> first_negative_counts;
  //! (entity): paths never negative within the horizon.
  std::vector<std::int64_t> never_negative_counts;
  //! (entity, year): paths on which a growth draw <= -100% was floored (total: summed).
  std::vector<std::int64_t> ocf_growth_floored, capex_growth_floored;

  // Per-path data; layouts [entity][year][path] for flows, [entity][path] for years.
  // With StorePaths::total only the total entity is kept (entity dimension of size 1);
  // with ::all every entity and every flow; with ::none they are empty.
  PathArray<double> path_surplus;
  PathArray<double> path_ocf, path_buybacks, path_dividends, path_capex;  // ::all only
  //! First negative year on the path (the calendar year), 0 for none within the horizon.
  PathArray<std::int32_t> path_first_negative_year;

  int year_count() const { return static_cast<int>(years.size()); }
  int entity_count() const { return static_cast<int>(entities.size()); }
  std::size_t at(int e, int t) const { return static_cast<std::size_t>(e) * years.size() + t; }
};

}  // namespace capexsim
