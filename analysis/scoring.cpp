//! Forecast scores from a sample. The CRPS uses the sorted-sample identity
//! sum_{i,j} |x_i - x_j| = 2 sum_i (2i - n - 1) x_(i) (i = 1..n), so after an O(n log n) sort the
//! exact sample CRPS E|X - y| - E|X - X'| / 2 (Gneiting & Raftery 2007, JASA 102, eq. 21) costs
//! O(n) rather than the O(n^2) of the double sum.
#include "analysis/scoring.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace capexsim {
namespace {

void require_nonempty(std::span<const double> sorted) {
  if (sorted.empty()) throw std::invalid_argument("scoring: empty sample");
}

}  // namespace

double pit_sorted(std::span<const double> sorted, double y) {
  require_nonempty(sorted);
  const auto below = std::ranges::lower_bound(sorted, y) - sorted.begin();
  const auto not_above = std::ranges::upper_bound(sorted, y) - sorted.begin();
  const auto ties = static_cast<double>(not_above - below);
  return (static_cast<double>(below) + 0.5 * ties) / static_cast<double>(sorted.size());
}

double quantile_sorted(std::span<const double> sorted, double p) {
  require_nonempty(sorted);
  if (!(p >= 0 && p <= 1)) throw std::invalid_argument("scoring: quantile level outside [0, 1]");
  const double h = p * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

bool in_central_interval(std::span<const double> sorted, double mass, double y) {
  const double tail = (1 - mass) / 2;
  return quantile_sorted(sorted, tail) <= y && y <= quantile_sorted(sorted, 1 - tail);
}

double crps_sorted(std::span<const double> sorted, double y) {
  require_nonempty(sorted);
  const auto n = static_cast<double>(sorted.size());
  double abs_dev = 0, spread = 0;  // sum |x_i - y|, sum (2i - n - 1) x_(i)
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    abs_dev += std::abs(sorted[i] - y);
    spread += (2 * static_cast<double>(i + 1) - n - 1) * sorted[i];
  }
  // E|X - X'| = 2 spread / n^2, halved in the score.
  return abs_dev / n - spread / (n * n);
}

SampleScores score_sample(std::vector<double> sample, double y) {
  std::ranges::sort(sample);
  const std::span<const double> s(sample);
  return {.pit = pit_sorted(s, y),
          .in50 = in_central_interval(s, 0.5, y),
          .in90 = in_central_interval(s, 0.9, y),
          .crps = crps_sorted(s, y),
          .median = quantile_sorted(s, 0.5)};
}

}  // namespace capexsim
