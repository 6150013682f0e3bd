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
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <utility>

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
//! A gathered bin this large is not sorted: only its requested ranks are selected.
constexpr std::size_t kSelectMinSize = 1 << 12;
//! Independent running minima and maxima of the first pass (a multiple of the vector width).
constexpr std::size_t kLanes = 8;

//! The least and greatest of v (v non-empty) as the sequential std::min/std::max pass from
//! v[0] finds them, in kLanes independent lanes that the compiler vectorises (MINPD and MAXPD
//! compute exactly x < lo ? x : lo and x > hi ? x : hi). Every lane starts at v[0], so a NaN
//! there gives NaN and a NaN elsewhere is passed over, as in the one-lane pass; the lanes'
//! results are the same values (which zero, -0 or +0, may differ, but no bin depends on it).
std::pair<double, double> min_max(std::span<const double> v) {
  double lo[kLanes], hi[kLanes];
  for (std::size_t j = 0; j < kLanes; ++j) lo[j] = hi[j] = v[0];
  const std::size_t n = v.size(), whole = n - n % kLanes;
  for (std::size_t i = 0; i < whole; i += kLanes)
    for (std::size_t j = 0; j < kLanes; ++j) {
      const double x = v[i + j];
      lo[j] = x < lo[j] ? x : lo[j];
      hi[j] = x > hi[j] ? x : hi[j];
    }
  for (std::size_t i = whole; i < n; ++i) {
    lo[0] = std::min(lo[0], v[i]);
    hi[0] = std::max(hi[0], v[i]);
  }
  for (std::size_t j = 1; j < kLanes; ++j) {
    lo[0] = std::min(lo[0], lo[j]);
    hi[0] = std::max(hi[0], hi[j]);
  }
  return {lo[0], hi[0]};
}

//! Whether g holds both +0 and -0.
bool both_zeros(const std::vector<double>& g) {
  bool positive = false, negative = false;
  for (double x : g) {
    const bool zero = x == 0.0, minus = std::signbit(x);
    positive |= zero && !minus;
    negative |= zero && minus;
  }
  return positive && negative;
}

//! The values at the sorted, unique `ranks`, read off the sorted contents of the bins that hold
//! them. Returns false (doing nothing) if the sample has a non-finite value or no spread.
bool bucket_select(std::span<const double> v, const std::vector<std::size_t>& ranks,
                   std::vector<double>& out) {
  const auto [low, high] = min_max(v);
  const double lo = low, hi = high;  // clang 14 cannot capture a structured binding in a lambda
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(hi > lo) || !std::isfinite(hi - lo))
    return false;
  const double scale = static_cast<double>(kBins) / (hi - lo);
  // (x - lo) * scale is in [0, kBins] for the finite sample: through a signed conversion, which
  // is one instruction, where the unsigned one needs a branch for values beyond 2^63.
  auto bin = [&](double x) {
    return std::min(kBins - 1,
                    static_cast<std::size_t>(static_cast<std::int64_t>((x - lo) * scale)));
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
  // Small bins are sorted. A large one (a sample with a heavy atom, e.g. mostly zeros) has only
  // its requested ranks put into place: its least value's copies moved to the front (they are
  // the first ranks of the bin), then the ranks beyond them selected in the rest. Unless it holds
  // both zeros, +0 and -0: equal, so where each lands depends on the algorithm, and the sort's
  // placement is the one to keep.
  std::vector<std::vector<std::size_t>> local(gathered.size());
  for (std::size_t i = 0; i < ranks.size(); ++i)
    local[static_cast<std::size_t>(slot[rank_bin[i]])].push_back(ranks[i] - count[rank_bin[i]]);
  for (std::size_t s = 0; s < gathered.size(); ++s) {
    std::vector<double>& g = gathered[s];
    if (g.size() < kSelectMinSize || both_zeros(g)) {
      std::sort(g.begin(), g.end());
      continue;
    }
    const double least = min_max(g).first;
    std::span<double> work(g);
    const Iter rest =
        std::partition(work.begin(), work.end(), [least](double x) { return x == least; });
    const auto atom = static_cast<std::size_t>(rest - work.begin());
    const std::vector<std::size_t>& r = local[s];  // ascending
    const auto beyond = std::lower_bound(r.begin(), r.end(), atom) - r.begin();
    multi_select(rest, work.end(), work.begin(), r.data() + beyond, r.data() + r.size());
  }
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
