//! Exact sample quantiles (Hyndman & Fan type 7, numpy's default "linear").
#pragma once

#include <span>
#include <vector>

namespace capexsim {

//! Quantiles of `values` at ascending `levels` in [0, 1], without sorting: O(n), and no copy of
//! the sample unless it is small or has non-finite values. Empty input gives NaN.
std::vector<double> quantiles(std::span<const double> values, const std::vector<double>& levels);

}  // namespace capexsim
