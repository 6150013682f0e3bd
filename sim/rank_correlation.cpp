// Spearman's rank correlation coefficient (Spearman 1904, "The proof and measurement of
// association between two things") with the midrank treatment of ties: tied values share the
// mean of the ranks they occupy, and rho is Pearson's product-moment correlation of the ranks,
// which stays exact with ties (Kendall & Gibbons, "Rank Correlation Methods", 5th ed., ch. 3),
// unlike the 1 - 6 sum d^2 / (n (n^2 - 1)) shortcut, which assumes no ties.
//
// Sorting dominates the cost, so a column is sorted by an LSD radix sort (Knuth, TAOCP vol. 3,
// sec. 5.2.5) of the doubles' bits mapped to order-preserving unsigned keys, 8 bits a pass,
// skipping the passes whose digit is the same for every value: several times faster than a
// comparison sort at the sample sizes used (1e4-1e6).
//
// Ranks are centred on their mean (n + 1) / 2, which midranks keep exactly. Centred midranks are
// multiples of 1/2, their products multiples of 1/4, and the sums below stay under 2^53 / 4 for
// n up to about 3e5, so for such n every sum is exact; beyond, each is still summed in one fixed
// order by one task. Either way no result depends on the number of threads.
#include "sim/rank_correlation.h"

#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

namespace capexsim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool has_nan(std::span<const double> x) {
  return std::ranges::any_of(x, [](double v) { return std::isnan(v); });
}

struct Item {
  std::uint64_t key;
  std::uint64_t index;
};

//! An unsigned key ordered as the double is (no NaN); -0.0 and +0.0 get the same key.
std::uint64_t order_key(double v) {
  const auto bits = std::bit_cast<std::uint64_t>(v + 0.0);  // -0.0 + 0.0 = +0.0
  return bits >> 63 ? ~bits : bits | (std::uint64_t{1} << 63);
}

//! Sorts `a` by key (stably), using `tmp` as the second buffer.
void radix_sort(std::vector<Item>& a, std::vector<Item>& tmp) {
  const std::size_t n = a.size();
  std::array<std::array<std::size_t, 256>, 8> count{};
  for (const Item& item : a)
    for (unsigned d = 0; d < 8; ++d) ++count[d][(item.key >> (8 * d)) & 255];
  tmp.resize(n);
  for (unsigned d = 0; d < 8; ++d) {
    std::array<std::size_t, 256>& c = count[d];
    if (c[(a[0].key >> (8 * d)) & 255] == n) continue;  // one digit for all: nothing moves
    std::size_t start = 0;
    for (std::size_t& bucket : c) {
      const std::size_t size = bucket;
      bucket = start;
      start += size;
    }
    for (const Item& item : a) tmp[c[(item.key >> (8 * d)) & 255]++] = item;
    a.swap(tmp);
  }
}

//! Sort buffers, reused from column to column by one task.
struct Scratch {
  std::vector<Item> items, tmp;
};

//! Writes the midranks of `x` (non-empty, no NaN) into `ranks`, minus `shift`.
void ranks_into(std::span<const double> x, std::span<double> ranks, double shift,
                Scratch& scratch) {
  const std::size_t n = x.size();
  std::vector<Item>& sorted = scratch.items;
  sorted.resize(n);
  for (std::size_t i = 0; i < n; ++i) sorted[i] = {order_key(x[i]), i};
  radix_sort(sorted, scratch.tmp);
  for (std::size_t lo = 0; lo < n;) {
    std::size_t hi = lo + 1;
    while (hi < n && sorted[hi].key == sorted[lo].key) ++hi;
    // Positions lo..hi-1 hold ranks lo+1..hi; their mean is (lo + 1 + hi) / 2.
    const double rank = 0.5 * static_cast<double>(lo + 1 + hi) - shift;
    for (std::size_t k = lo; k < hi; ++k) ranks[sorted[k].index] = rank;
    lo = hi;
  }
}

//! A column's midranks centred on (n + 1) / 2, and their sum of squares (NaN for a column with
//! a NaN, 0 for a constant column).
struct CentredRanks {
  std::vector<double> r;
  double ss = 0;
};

void centre_ranks(std::span<const double> x, CentredRanks& c, Scratch& scratch) {
  c.ss = 0;
  if (x.empty() || has_nan(x)) {
    c.ss = kNaN;
    return;
  }
  c.r.resize(x.size());
  ranks_into(x, c.r, 0.5 * static_cast<double>(x.size() + 1), scratch);
  for (double v : c.r) c.ss += v * v;
}

//! Sum of a[i] b[i] in a fixed order: four interleaved partial sums, then their sum.
double dot(const std::vector<double>& a, const std::vector<double>& b) {
  const std::size_t n = a.size();
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
  }
  for (; i < n; ++i) s0 += a[i] * b[i];
  return (s0 + s1) + (s2 + s3);
}

double correlation(const CentredRanks& a, const CentredRanks& b) {
  if (std::isnan(a.ss) || std::isnan(b.ss) || a.ss == 0.0 || b.ss == 0.0) return kNaN;
  return dot(a.r, b.r) / std::sqrt(a.ss * b.ss);
}

}  // namespace

std::vector<double> midranks(std::span<const double> x) {
  if (has_nan(x)) throw std::invalid_argument("midranks: the sample holds a NaN");
  std::vector<double> ranks(x.size());
  Scratch scratch;
  if (!x.empty()) ranks_into(x, ranks, 0.0, scratch);
  return ranks;
}

double spearman(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size())
    throw std::invalid_argument("spearman: samples of " + std::to_string(x.size()) + " and " +
                                std::to_string(y.size()) + " values");
  if (x.size() < 2) return kNaN;
  Scratch scratch;
  CentredRanks rx, ry;
  centre_ranks(x, rx, scratch);
  centre_ranks(y, ry, scratch);
  return correlation(rx, ry);
}

std::vector<double> spearman_matrix(std::span<const std::span<const double>> x,
                                    std::span<const std::span<const double>> y) {
  const std::size_t n = x.empty() ? (y.empty() ? 0 : y[0].size()) : x[0].size();
  for (auto set : {x, y})
    for (std::span<const double> column : set)
      if (column.size() != n)
        throw std::invalid_argument("spearman_matrix: columns of " + std::to_string(n) + " and " +
                                    std::to_string(column.size()) + " values");
  std::vector<double> rho(x.size() * y.size(), kNaN);
  if (n < 2 || rho.empty()) return rho;
  // The y columns are ranked once and kept; each x column is ranked by the task that computes
  // its row, so only one x column per worker is held at a time.
  // Buffers are reused per worker (their contents never outlive a column).
  tbb::enumerable_thread_specific<Scratch> scratch;
  tbb::enumerable_thread_specific<CentredRanks> row;
  std::vector<CentredRanks> ry(y.size());
  tbb::parallel_for(std::size_t{0}, y.size(),
                    [&](std::size_t j) { centre_ranks(y[j], ry[j], scratch.local()); });
  tbb::parallel_for(std::size_t{0}, x.size(), [&](std::size_t i) {
    CentredRanks& rx = row.local();
    centre_ranks(x[i], rx, scratch.local());
    for (std::size_t j = 0; j < y.size(); ++j) rho[i * y.size() + j] = correlation(rx, ry[j]);
  });
  return rho;
}

}  // namespace capexsim
