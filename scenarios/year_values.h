//! Numeric parameters given either once for every projection year or as one entry per year.
#pragma once

#include <string_view>
#include <vector>

#include "scenarios/toml_fields.h"

namespace capexsim {

//! One numeric parameter resolved to one value per projection year, with where each came from.
struct YearValues {
  std::vector<double> values;
  std::vector<const toml::node*> nodes;  //!< null where the value is a default
  bool per_year = false;                 //!< written as an array, one entry per year
};

//! A scalar (repeated for every year) or an array with exactly one number per year.
YearValues read_year_values(const toml::node& node, std::string_view path,
                            const std::vector<int>& years, const ErrorSite& site);

//! `value` for every year, written nowhere (a default).
YearValues default_year_values(double value, std::size_t year_count);

//! Empirical samples: one non-empty list of numbers for every year, or a list of such lists,
//! one per year. Returns one list per year.
std::vector<std::vector<double>> read_year_samples(const toml::node& node, std::string_view path,
                                                   const std::vector<int>& years,
                                                   const ErrorSite& site);

}  // namespace capexsim
