//! Mergeable sums of one variable: a block's shifted sums, a run's count, mean and variance.
#pragma once

#include <cstddef>

namespace capexsim {

//! Count, mean and sum of squared deviations; merged with Chan et al.'s pairwise update
//! (Chan, Golub & LeVeque 1979), which is exact in real arithmetic and stable in floating point.
struct MeanVar {
  double n = 0, mean = 0, m2 = 0;

  void merge(const MeanVar& o) {
    if (o.n == 0) return;
    const double total = n + o.n;
    const double delta = o.mean - mean;
    mean += delta * (o.n / total);
    m2 += o.m2 + delta * delta * (n * o.n / total);
    n = total;
  }
  double variance() const { return n > 1 ? m2 / (n - 1) : 0.0; }
};

//! Sums of x - shift and (x - shift)^2 over a block, the shift being the block's first value:
//! one pass, and no cancellation when the spread is small against the level (exactly 0 for a
//! constant).
struct ShiftedSums {
  double shift = 0, sum = 0, sum_sq = 0;

  void add(double x, bool first) {
    if (first) shift = x;
    const double d = x - shift;
    sum += d;
    sum_sq += d * d;
  }
  MeanVar mean_var(double n) const {
    return n > 0 ? MeanVar{n, shift + sum / n, sum_sq - sum * sum / n} : MeanVar{};
  }
};

//! ShiftedSums::add of n variables at once, held as arrays (x[i] the path's value of variable i;
//! `first`: the block's first path, whose values become the shifts): each variable's sums see
//! the same operations in the same order as ShiftedSums::add, so the same bits. Vectorised, and
//! on CPUs with AVX2 four variables at a time (sim/mean_var.cpp).
void add_shifted(const double* x, std::size_t n, bool first, double* shift, double* sum,
                 double* sum_sq);

}  // namespace capexsim
