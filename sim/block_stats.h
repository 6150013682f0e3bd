//! What one block of paths contributes to the summary; blocks are merged in block order.
#pragma once

#include <cstdint>
#include <vector>

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

//! The four flows, in the order of RunResults' *_mean arrays.
inline constexpr int kFlowCount = 4;

//! What one block adds up for one (entity, year), kept together so that the hot loop touches
//! one small struct per cell.
struct CellStats {
  ShiftedSums flows[kFlowCount];  //!< ocf, buybacks, dividends, capex
  MeanVar surplus;
  std::int64_t negative = 0, first_negative = 0, ocf_growth_floored = 0, capex_growth_floored = 0;
};

//! Per-block sums and counts; cells are (entity, year), row-major like RunResults.
struct BlockStats {
  double n = 0;  //!< paths in the block
  std::vector<CellStats> cells;
  std::vector<std::int64_t> never_negative;  // (entity)

  void resize(std::size_t entity_years, std::size_t entities) {
    cells.assign(entity_years, CellStats{});
    never_negative.assign(entities, 0);
  }
};

}  // namespace capexsim
