//! Exact sample quantiles (Hyndman & Fan type 7, numpy's default "linear").
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

namespace capexsim {

//! Quantiles of `values` at ascending `levels` in [0, 1], without sorting: O(n), and no copy of
//! the sample unless it is small or has non-finite values. Empty input gives NaN.
std::vector<double> quantiles(std::span<const double> values, const std::vector<double>& levels);

//! Type-7 quantiles and, when `intervals`, their 95% order-statistic intervals
//! (quantile_interval_ranks in sim/precision.h); NaN where not computed.
struct QuantileEstimates {
  std::vector<double> value, lower, upper;
};
QuantileEstimates quantiles_with_intervals(std::span<const double> values,
                                           const std::vector<double>& levels, bool intervals);

//! The same from any source of order statistics of a sample of n values: `order_stats(ranks)`
//! returns the values at the given zero-based ranks (exactly, or from a quantile sketch).
QuantileEstimates quantiles_from_order_statistics(
    std::size_t n, const std::vector<double>& levels, bool intervals,
    const std::function<std::vector<double>(std::vector<std::size_t>)>& order_stats);

//! The values of the given zero-based ranks of the sorted sample (any order, repeats allowed).
std::vector<double> order_statistics(std::span<const double> values,
                                     const std::vector<std::size_t>& ranks);

}  // namespace capexsim
