//! Spearman's rank correlation with ties (midranks): one pair of samples, or every column of one
//! set with every column of another, in parallel and bitwise the same for any thread count.
#pragma once

#include <span>
#include <vector>

namespace capexsim {

//! Midranks of `x`: ranks 1..n in sorted order, tied values all given the average of the ranks
//! they span (e.g. {3, 1, 3} -> {2.5, 1, 2.5}). Throws std::invalid_argument on a NaN.
std::vector<double> midranks(std::span<const double> x);

//! Spearman's rho: Pearson's correlation of the midranks of `x` and `y` (equal lengths, else
//! std::invalid_argument). NaN when n < 2, when either sample is constant (all tied) or holds a
//! NaN.
double spearman(std::span<const double> x, std::span<const double> y);

//! Spearman's rho of every column of `x` with every column of `y` (all of one length n), as a
//! row-major [x column][y column] matrix; NaN cells as in spearman(). Columns are ranked in
//! parallel (oneTBB) and each coefficient is summed in a fixed order by one task. Memory: the
//! ranks of every y column, plus about 40 bytes per value for each worker.
std::vector<double> spearman_matrix(std::span<const std::span<const double>> x,
                                    std::span<const std::span<const double>> y);

}  // namespace capexsim
