//! Number formatting and quantile lookup shared by the printed summaries (cli/summary.cpp,
//! cli/balance_summary.cpp).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>

#include "sim/results.h"

namespace capexsim::cli {

//! `v` printed with a printf format for one double.
inline std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

//! The index of quantile level `level` in the run's levels (0 when absent).
inline std::size_t quantile_index(const RunResults& r, double level) {
  for (std::size_t q = 0; q < r.quantile_levels.size(); ++q)
    if (std::abs(r.quantile_levels[q] - level) < 1e-12) return q;
  return 0;
}

}  // namespace capexsim::cli
