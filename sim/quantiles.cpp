// Type-7 quantiles (Hyndman & Fan 1996, "Sample quantiles in statistical packages"):
// h = (n - 1) p, q = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]) on the sorted sample.
// The order statistics needed (x[floor h] and x[floor h + 1] of every level) are found by a
// bucket selection: one pass for min and max, one pass counting values in equal-width bins
// (a monotone map, so a bin holds a contiguous stretch of the sorted sample), then only the bins
// that hold a requested rank are gathered and sorted. Two cheap passes instead of O(n log m)
// comparisons; exact, since the ranks are read off sorted values. Small or non-finite samples
// use a multiple selection (recursive std::nth_element) instead.
#include "sim/quantiles.h"

#include "sim/precision.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace capexsim {
namespace {

using Iter = std::span<double>::iterator;

//! Puts the order statistics at the (sorted, unique) positions `ranks` into place in [first, last).
void multi_select(Iter first, Iter last, Iter base, const std::size_t* ranks_begin,
                  const std::size_t* ranks_end) {
  if (ranks_begin == ranks_end) return;
  const std::size_t* mid = ranks_begin + (ranks_end - ranks_begin) / 2;
  const Iter nth = base + static_cast<std::ptrdiff_t>(*mid);
  std::nth_element(first, nth, last);
  multi_select(first, nth, base, ranks_begin, mid);
  multi_select(nth + 1, last, base, mid + 1, ranks_end);
}

constexpr std::size_t kBins = 1 << 14;
constexpr std::size_t kBucketMinSize = 1 << 14;

//! The values at the sorted, unique `ranks`, read off the sorted contents of the bins that hold
//! them. Returns false (doing nothing) if the sample has a non-finite value or no spread.
bool bucket_select(std::span<const double> v, const std::vector<std::size_t>& ranks,
                   std::vector<double>& out) {
  double lo = v[0], hi = v[0];
  for (double x : v) {
    lo = std::min(lo, x);
    hi = std::max(hi, x);
  }
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(hi > lo) || !std::isfinite(hi - lo))
    return false;
  const double scale = static_cast<double>(kBins) / (hi - lo);
  auto bin = [&](double x) {
    return std::min(kBins - 1, static_cast<std::size_t>((x - lo) * scale));
  };
  std::vector<std::size_t> count(kBins + 1, 0);
  for (double x : v) ++count[bin(x) + 1];
  for (std::size_t b = 1; b <= kBins; ++b) count[b] += count[b - 1];  // count[b]: values before b
  // The bin of each rank, and a slot per distinct bin.
  std::vector<std::size_t> rank_bin(ranks.size());
  std::vector<std::ptrdiff_t> slot(kBins, -1);
  std::vector<std::vector<double>> gathered;
  for (std::size_t i = 0; i < ranks.size(); ++i) {
    const auto it = std::upper_bound(count.begin(), count.end(), ranks[i]);
    rank_bin[i] = static_cast<std::size_t>(it - count.begin()) - 1;
    if (slot[rank_bin[i]] < 0) {
      slot[rank_bin[i]] = static_cast<std::ptrdiff_t>(gathered.size());
      gathered.emplace_back();
      gathered.back().reserve(count[rank_bin[i] + 1] - count[rank_bin[i]]);
    }
  }
  for (double x : v) {
    const std::ptrdiff_t s = slot[bin(x)];
    if (s >= 0) gathered[static_cast<std::size_t>(s)].push_back(x);
  }
  for (auto& g : gathered) std::sort(g.begin(), g.end());
  out.resize(ranks.size());
  for (std::size_t i = 0; i < ranks.size(); ++i)
    out[i] = gathered[static_cast<std::size_t>(slot[rank_bin[i]])][ranks[i] - count[rank_bin[i]]];
  return true;
}

}  // namespace

std::vector<double> order_statistics(std::span<const double> values,
                                     const std::vector<std::size_t>& ranks) {
  const std::size_t n = values.size();
  std::vector<std::size_t> wanted = ranks;
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  if (!wanted.empty() && wanted.back() >= n)
    throw std::invalid_argument("order statistic rank beyond the sample");
  std::vector<double> at;
  if (n < kBucketMinSize || !bucket_select(values, wanted, at)) {
    std::vector<double> copy(values.begin(), values.end());
    std::span<double> work(copy);
    multi_select(work.begin(), work.end(), work.begin(), wanted.data(),
                 wanted.data() + wanted.size());
    at.clear();
    for (std::size_t r : wanted) at.push_back(work[r]);
  }
  std::vector<double> out;
  out.reserve(ranks.size());
  for (std::size_t r : ranks)
    out.push_back(at[static_cast<std::size_t>(std::lower_bound(wanted.begin(), wanted.end(), r) -
                                              wanted.begin())]);
  return out;
}

namespace {

void check_levels(const std::vector<double>& levels) {
  for (std::size_t i = 0; i < levels.size(); ++i)
    if (!(levels[i] >= 0.0 && levels[i] <= 1.0) || (i > 0 && levels[i] < levels[i - 1]))
      throw std::invalid_argument("quantile levels must be ascending in [0, 1]");
}

}  // namespace

QuantileEstimates quantiles_with_intervals(std::span<const double> values,
                                           const std::vector<double>& levels, bool intervals) {
  return quantiles_from_order_statistics(
      values.size(), levels, intervals,
      [values](const std::vector<std::size_t>& ranks) { return order_statistics(values, ranks); });
}

QuantileEstimates quantiles_from_order_statistics(
    std::size_t n, const std::vector<double>& levels, bool intervals,
    const std::function<std::vector<double>(std::vector<std::size_t>)>& order_stats) {
  check_levels(levels);
  const std::size_t L = levels.size();
  QuantileEstimates q;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  q.value.assign(L, nan);
  q.lower.assign(L, nan);
  q.upper.assign(L, nan);
  if (n == 0) return q;
  // Ranks: floor(h) and floor(h) + 1 of each level (type 7), then each interval's two ranks.
  const double last = static_cast<double>(n - 1);
  std::vector<std::size_t> ranks;
  for (double p : levels) {
    const auto r = static_cast<std::size_t>(std::floor(last * p));
    ranks.push_back(r);
    ranks.push_back(std::min(r + 1, n - 1));
  }
  if (intervals) {
    for (double p : levels) {
      const auto [lo, hi] = quantile_interval_ranks(n, p);
      ranks.push_back(static_cast<std::size_t>(lo));
      ranks.push_back(static_cast<std::size_t>(hi));
    }
  }
  const std::vector<double> x = order_stats(std::move(ranks));
  for (std::size_t i = 0; i < L; ++i) {
    const double h = last * levels[i];
    const double frac = h - std::floor(h);
    const double x_lo = x[2 * i], x_hi = x[2 * i + 1];
    q.value[i] = frac > 0.0 ? x_lo + frac * (x_hi - x_lo) : x_lo;
    if (intervals) {
      q.lower[i] = x[2 * L + 2 * i];
      q.upper[i] = x[2 * L + 2 * i + 1];
    }
  }
  return q;
}

std::vector<double> quantiles(std::span<const double> values, const std::vector<double>& levels) {
  return quantiles_with_intervals(values, levels, false).value;
}

}  // namespace capexsim
