// The columns the floor draws, read from `capexsim draws --columns SCENARIO` (one line per drawn
// company, year and parameter, tab-separated: "meta 2025 ocf_growth normal(mean=0.15, ...)"),
// each turned into its SIMD transform (simd_kernels.h) and its exact CDF for the check.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bench/floor_table.h"
#include "bench/simd_kernels.h"

namespace capexsim_floor {

struct FloorColumn {
  std::string text;  //!< the line as read
  ColumnKernel kernel;
  std::function<double(double)> cdf;  //!< the exact CDF (Boost.Math), for the check
  //! Table columns: the table and the exact F^-1(Phi(z)) it tabulates (standardized units).
  std::shared_ptr<const FloorTable> table;
  std::function<double(double)> exact;
  std::shared_ptr<const std::vector<double>> values;  //!< empirical
};

//! Reads the columns of `path`; throws std::runtime_error("PATH:LINE: what") on bad input.
//! Columns of one shape share one table. Empirical lines show at most 8 values: the shown
//! values are repeated to n (a gather costs the same whatever the values).
//! `normal`: the normal score's polynomials (ColumnKernel::erfinv).
std::vector<FloorColumn> read_columns(const std::string& path, const ErfinvPoly& normal);

}  // namespace capexsim_floor
