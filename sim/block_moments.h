//! The mean and squared deviations of every (entity, year)'s surplus over one block, computed
//! two-pass from the block's per-path rows: the surplus moments of each cell of BlockStats.
#pragma once

#include <cstddef>

#include "sim/block_stats.h"

namespace capexsim {

//! Rows whose block moments are computed together (the rest: 1 to 3 together).
inline constexpr std::size_t kMomentRows = 4;

//! Two-pass mean and squared deviations of the block's values rows[g][from..from+n) for G rows
//! at once: each row's sums still run in the order of its values (the same bits as one row at a
//! time), but the G chains of dependent additions overlap instead of waiting on each other.
template <std::size_t G>
inline void block_moments(double* const* rows, std::size_t from, std::size_t n, double count,
                          CellStats* cells) {
  const double* x[G] = {};
  double sum[G] = {}, mean[G] = {}, m2[G] = {};
  for (std::size_t g = 0; g < G; ++g) x[g] = rows[g] + from;
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t g = 0; g < G; ++g) sum[g] += x[g][k];
  for (std::size_t g = 0; g < G; ++g) mean[g] = sum[g] / count;
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t g = 0; g < G; ++g) m2[g] += (x[g][k] - mean[g]) * (x[g][k] - mean[g]);
  for (std::size_t g = 0; g < G; ++g) cells[g].surplus = MeanVar{count, mean[g], m2[g]};
}

//! The surplus moments of `cells` rows (rows[i][from..from+n), `count` = n paths) into
//! cells_out[i].surplus, kMomentRows rows at a time and the rest together.
inline void surplus_moments(double* const* rows, std::size_t cells, std::size_t from, std::size_t n,
                            double count, CellStats* cells_out) {
  std::size_t i = 0;
  for (; i + kMomentRows <= cells; i += kMomentRows)
    block_moments<kMomentRows>(rows + i, from, n, count, cells_out + i);
  switch (cells - i) {
    case 3:
      block_moments<3>(rows + i, from, n, count, cells_out + i);
      break;
    case 2:
      block_moments<2>(rows + i, from, n, count, cells_out + i);
      break;
    case 1:
      block_moments<1>(rows + i, from, n, count, cells_out + i);
      break;
    default:
      break;
  }
}

}  // namespace capexsim
