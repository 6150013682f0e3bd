//! Exact sample quantiles (Hyndman & Fan type 7, numpy's default "linear").
#pragma once

#include <span>
#include <vector>

namespace capexsim {

//! Quantiles of `values` at ascending `levels` in [0, 1]. May reorder `values`; O(n), no full
//! sort. Empty input gives NaN.
std::vector<double> quantiles_inplace(std::span<double> values, const std::vector<double>& levels);

}  // namespace capexsim
