// DDSketch: C. Masson, J. E. Rim, H. K. Lee, "DDSketch: a fast and fully-mergeable quantile
// sketch with relative-error guarantees", PVLDB 12(12), 2019. A value x lands in bucket
// ceil(log_gamma |x|) of the store for its sign, gamma = (1 + alpha) / (1 - alpha), and is reported
// as the bucket's 2 gamma^i / (gamma + 1), within alpha |x| of x.
//
// The logarithm is the "cubically interpolated" mapping of DDSketch's reference implementations
// (sketches-java CubicallyInterpolatedMapping): for a = 2^e (1 + s), s in [0, 1),
// l(a) = e + P(s) with P(s) = (6/35) s^3 - (3/5) s^2 + (10/7) s, so that P(0) = 0, P(1) = 1
// (l is continuous and equals log2 at powers of two) and P' > 0 (its discriminant is negative).
// Along ln a, dl / d(ln a) = (1 + s) P'(s) >= 10/7, the minimum being reached at s = 0 and
// s = 2/3. With index = ceil(m l(a)) and m = 7 / (10 ln gamma), a bucket (lo, hi] spans
// ln(hi / lo) <= (1 / m) / (10 / 7) = ln gamma, so hi / lo <= gamma and the harmonic mean
// 2 lo hi / (lo + hi) is within (gamma - 1) / (gamma + 1) = alpha of every value in it. It needs
// ~1% more buckets than ceil(log_gamma a) (m ln 2 / (1 / ln gamma) = 0.7 / ln 2 = 1.0099), costs
// a few multiplications instead of a call to log, and uses only exact bit operations and
// IEEE-754 arithmetic (ln gamma too), so no math library version can move a bucket bound.
#include "sim/quantile_sketch.h"
#include "models/errors.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace capexsim {
namespace {

constexpr double kA = LogMapping::kA, kB = LogMapping::kB, kC = LogMapping::kC;

double cubic(double s) { return ((kA * s + kB) * s + kC) * s; }
double cubic_slope(double s) { return (3 * kA * s + 2 * kB) * s + kC; }

//! The s in [0, 1] with P(s) = u, u in [0, 1): Newton's method kept inside a shrinking bracket.
double solve_cubic(double u) {
  double lo = 0, hi = 1, s = u;
  for (int k = 0; k < 100; ++k) {
    const double f = cubic(s) - u;
    if (f == 0) break;
    (f > 0 ? hi : lo) = s;
    double next = s - f / cubic_slope(s);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (next == s) break;
    s = next;
  }
  return s;
}

//! ln gamma = ln((1 + alpha) / (1 - alpha)) = 2 atanh(alpha) = 2 sum alpha^(2k+1) / (2k + 1):
//! plain arithmetic rather than libm's log, so no library version can move a bucket bound.
double log_gamma(double alpha) {
  double sum = 0, power = alpha;
  for (int k = 0; k < 200 && power / (2 * k + 1) > 1e-20 * sum; ++k) {
    sum += power / (2 * k + 1);
    power *= alpha * alpha;
  }
  return 2 * sum;
}

std::int64_t floor_to_chunk(std::int64_t i) {
  const std::int64_t q = i / BucketStore::kChunk;
  return (q - (i % BucketStore::kChunk < 0 ? 1 : 0)) * BucketStore::kChunk;
}

double checked_accuracy(double alpha) {
  if (!(alpha >= 1e-6 && alpha <= 0.5))
    throw std::invalid_argument("quantile sketch relative accuracy must be in [1e-6, 0.5], got " +
                                std::to_string(alpha));
  return alpha;
}

double checked_min_magnitude(double m) {
  if (!(m >= DBL_MIN && m <= 1e300))
    throw std::invalid_argument("quantile sketch min magnitude must be in [DBL_MIN, 1e300], got " +
                                std::to_string(m));
  return m;
}

}  // namespace

LogMapping::LogMapping(double relative_accuracy)
    : alpha_(relative_accuracy), multiplier_(7.0 / (10.0 * log_gamma(relative_accuracy))) {}

double LogMapping::inverse(double t) {
  const double e = std::floor(t);
  return std::ldexp(1.0 + solve_cubic(t - e), static_cast<int>(e));
}

double LogMapping::representative(std::int64_t i) const {
  // Both bounds scaled by 2^-e of the lower one, so that nothing overflows before the end.
  const double t_lo = static_cast<double>(i - 1) / multiplier_;
  const double t_hi = static_cast<double>(i) / multiplier_;
  const double e_lo = std::floor(t_lo), e_hi = std::floor(t_hi);
  const double lo = 1.0 + solve_cubic(t_lo - e_lo);
  const double hi = std::ldexp(1.0 + solve_cubic(t_hi - e_hi), static_cast<int>(e_hi - e_lo));
  return std::ldexp(2.0 * lo * hi / (lo + hi), static_cast<int>(e_lo));
}

// ---- BucketStore ------------------------------------------------------------------------------

void BucketStore::cover(std::int64_t first, std::int64_t end) {
  if (!empty()) {
    first = std::min(first, offset_);
    end = std::max(end, end_index());
  }
  const std::int64_t new_first = floor_to_chunk(first);
  const std::int64_t new_end = floor_to_chunk(end - 1) + kChunk;
  if (!empty() && new_first == offset_ && new_end == end_index()) return;
  std::vector<std::uint64_t> grown(static_cast<std::size_t>(new_end - new_first), 0);
  std::copy(counts_.begin(), counts_.end(),
            grown.begin() + static_cast<std::ptrdiff_t>(offset_ - new_first));
  counts_.swap(grown);
  offset_ = new_first;
}

void BucketStore::grow_and_add(std::int64_t i, std::uint64_t n) {
  cover(i, i + 1);
  counts_[static_cast<std::size_t>(i - offset_)] += n;
}

void BucketStore::merge(const BucketStore& o) {
  if (o.empty()) return;
  cover(o.first_index(), o.end_index());
  const auto shift = static_cast<std::size_t>(o.offset_ - offset_);
  for (std::size_t k = 0; k < o.counts_.size(); ++k) counts_[shift + k] += o.counts_[k];
}

bool BucketStore::operator==(const BucketStore& o) const {
  const std::int64_t first = std::min(first_index(), o.first_index());
  const std::int64_t end = std::max(end_index(), o.end_index());
  for (std::int64_t i = first; i < end; ++i)
    if (at(i) != o.at(i)) return false;
  return true;
}

std::uint64_t BucketStore::total() const {
  return std::accumulate(counts_.begin(), counts_.end(), std::uint64_t{0});
}

BucketStore BucketStore::from_counts(std::int64_t offset, std::vector<std::uint64_t> counts) {
  BucketStore s;
  s.offset_ = offset;
  s.counts_ = std::move(counts);
  return s;
}

// ---- QuantileSketch ---------------------------------------------------------------------------

QuantileSketch::QuantileSketch(double relative_accuracy, double min_magnitude)
    : mapping_(checked_accuracy(relative_accuracy)),
      min_magnitude_(checked_min_magnitude(min_magnitude)),
      min_magnitude_bits_(std::bit_cast<std::uint64_t>(min_magnitude_)),
      finite_span_bits_(std::bit_cast<std::uint64_t>(DBL_MAX) - min_magnitude_bits_) {}

void QuantileSketch::add_non_finite(double x) {
  if (std::isnan(x))
    ++nan_;
  else if (x > 0)
    ++positive_infinite_;
  else
    ++negative_infinite_;
}

void BucketStore::add_each(const std::int64_t* indices, std::size_t n) {
  // Locals: through counts_.data() the compiler could not keep offset_ and the size in registers.
  std::int64_t offset = offset_;
  std::uint64_t* counts = counts_.data();
  std::uint64_t size = counts_.size();
  for (std::size_t k = 0; k < n; ++k) {
    const auto at = static_cast<std::uint64_t>(indices[k] - offset);
    if (at < size) {
      ++counts[at];
    } else {
      grow_and_add(indices[k], 1);
      offset = offset_;
      counts = counts_.data();
      size = counts_.size();
    }
  }
}

void QuantileSketch::add(std::span<const double> xs) {
  // In chunks: first the bucket indices of the chunk (arithmetic only, sorted by sign without a
  // branch), then the increments; the counts are integers, so the sketch is the one add(x) for
  // each x in turn gives. Two running minima and maxima, so that no chain of compares runs
  // through every value.
  constexpr std::size_t kChunk = 512;
  std::int64_t positive[kChunk], negative[kChunk];
  double lo0 = min_, lo1 = min_, hi0 = max_, hi1 = max_;
  const auto index_of = [&](double x, std::size_t& np, std::size_t& nn) {
    const std::uint64_t a = std::bit_cast<std::uint64_t>(x) & ~kSignBit;
    if (a - min_magnitude_bits_ <= finite_span_bits_) {
      const std::int64_t i = mapping_.index(std::bit_cast<double>(a));
      positive[np] = i;
      negative[nn] = i;
      const bool up = x > 0;
      np += up ? 1 : 0;
      nn += up ? 0 : 1;
    } else if (a < min_magnitude_bits_) {
      ++zero_;
    } else {
      add_non_finite(x);
    }
  };
  const std::size_t n = xs.size();
  for (std::size_t begin = 0; begin < n; begin += kChunk) {
    const std::size_t end = std::min(n, begin + kChunk);
    std::size_t np = 0, nn = 0;
    std::size_t k = begin;
    for (; k + 2 <= end; k += 2) {
      const double x0 = xs[k], x1 = xs[k + 1];
      index_of(x0, np, nn);
      index_of(x1, np, nn);
      lo0 = x0 < lo0 ? x0 : lo0;
      lo1 = x1 < lo1 ? x1 : lo1;
      hi0 = x0 > hi0 ? x0 : hi0;
      hi1 = x1 > hi1 ? x1 : hi1;
    }
    if (k < end) {
      index_of(xs[k], np, nn);
      lo0 = xs[k] < lo0 ? xs[k] : lo0;
      hi0 = xs[k] > hi0 ? xs[k] : hi0;
    }
    positive_.add_each(positive, np);
    negative_.add_each(negative, nn);
  }
  min_ = (lo1 < lo0 ? lo1 : lo0) + 0.0;
  max_ = (hi1 > hi0 ? hi1 : hi0) + 0.0;
}

void QuantileSketch::merge(const QuantileSketch& o) {
  if (o.relative_accuracy() != relative_accuracy() || o.min_magnitude_ != min_magnitude_)
    throw std::invalid_argument("cannot merge quantile sketches with different parameters");
  positive_.merge(o.positive_);
  negative_.merge(o.negative_);
  zero_ += o.zero_;
  negative_infinite_ += o.negative_infinite_;
  positive_infinite_ += o.positive_infinite_;
  nan_ += o.nan_;
  min_ = std::min(min_, o.min_);
  max_ = std::max(max_, o.max_);
}

std::uint64_t QuantileSketch::count() const {
  return positive_.total() + negative_.total() + zero_ + negative_infinite_ + positive_infinite_ +
         nan_;
}

std::vector<double> QuantileSketch::values_at_ranks(const std::vector<std::uint64_t>& ranks) const {
  const std::uint64_t n = count();
  for (std::uint64_t r : ranks)
    if (r >= n)
      throw std::out_of_range("rank " + std::to_string(r) + " beyond a sketch of " +
                              std::to_string(n) + " values");
  std::vector<std::size_t> order(ranks.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return ranks[a] < ranks[b]; });
  std::vector<double> out(ranks.size());
  std::size_t next = 0;    // in `order`
  std::uint64_t seen = 0;  // values in the groups passed so far
  // Gives the ranks that fall among the next c values in sorted order the value value().
  auto group = [&](std::uint64_t c, auto value) {
    if (c == 0) return;
    seen += c;
    if (next < order.size() && ranks[order[next]] < seen) {
      const double v = value();
      while (next < order.size() && ranks[order[next]] < seen) out[order[next++]] = v;
    }
  };
  // Representatives kept inside [min, max], which holds the true value: never a larger error, and
  // a constant sample comes back exact.
  auto clamp = [&](double v) { return std::min(std::max(v, min_), max_); };
  const double inf = std::numeric_limits<double>::infinity();
  group(negative_infinite_, [&] { return -inf; });
  for (std::int64_t i = negative_.end_index() - 1; i >= negative_.first_index(); --i)
    group(negative_.at(i), [&] { return clamp(-mapping_.representative(i)); });
  group(zero_, [&] { return clamp(0.0); });
  for (std::int64_t i = positive_.first_index(); i < positive_.end_index(); ++i)
    group(positive_.at(i), [&] { return clamp(mapping_.representative(i)); });
  group(positive_infinite_, [&] { return inf; });
  group(nan_, [] { return std::numeric_limits<double>::quiet_NaN(); });
  // The smallest and largest value (NaN aside) are known exactly.
  for (std::size_t i = 0; i < ranks.size(); ++i) {
    if (ranks[i] == 0 && n > nan_) out[i] = min_;
    if (ranks[i] + 1 == n - nan_) out[i] = max_;
  }
  return out;
}

double QuantileSketch::value_at_rank(std::uint64_t k) const { return values_at_ranks({k})[0]; }

double QuantileSketch::quantile(double p) const {
  if (!(p >= 0.0 && p <= 1.0))
    throw std::invalid_argument("quantile level must be in [0, 1], got " + std::to_string(p));
  const std::uint64_t n = count();
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  // The same arithmetic as quantiles_with_intervals (sim/quantiles.cpp), so that the two agree
  // bit for bit on the same order statistics.
  const double h = static_cast<double>(n - 1) * p;
  const auto r = static_cast<std::uint64_t>(std::floor(h));
  const std::vector<double> x = values_at_ranks({r, std::min(r + 1, n - 1)});
  const double frac = h - std::floor(h);
  return frac > 0.0 ? x[0] + frac * (x[1] - x[0]) : x[0];
}

std::uint64_t QuantileSketch::memory_bytes() const {
  return sizeof(*this) + positive_.memory_bytes() + negative_.memory_bytes();
}

bool QuantileSketch::operator==(const QuantileSketch& o) const {
  return relative_accuracy() == o.relative_accuracy() && min_magnitude_ == o.min_magnitude_ &&
         positive_ == o.positive_ && negative_ == o.negative_ && zero_ == o.zero_ &&
         negative_infinite_ == o.negative_infinite_ && positive_infinite_ == o.positive_infinite_ &&
         nan_ == o.nan_ &&
         std::bit_cast<std::uint64_t>(min_) == std::bit_cast<std::uint64_t>(o.min_) &&
         std::bit_cast<std::uint64_t>(max_) == std::bit_cast<std::uint64_t>(o.max_);
}

// ---- Flat form --------------------------------------------------------------------------------

namespace {
constexpr std::uint64_t kWordsTag = 0x44'44'53'4b'00'00'00'01;  // "DDSK", version 1
constexpr std::size_t kHeaderWords = 13;
}  // namespace

std::vector<std::uint64_t> QuantileSketch::to_words() const {
  std::vector<std::uint64_t> w = {kWordsTag,
                                  std::bit_cast<std::uint64_t>(relative_accuracy()),
                                  std::bit_cast<std::uint64_t>(min_magnitude_),
                                  std::bit_cast<std::uint64_t>(min_),
                                  std::bit_cast<std::uint64_t>(max_),
                                  zero_,
                                  negative_infinite_,
                                  positive_infinite_,
                                  nan_,
                                  static_cast<std::uint64_t>(positive_.first_index()),
                                  positive_.counts().size(),
                                  static_cast<std::uint64_t>(negative_.first_index()),
                                  negative_.counts().size()};
  w.insert(w.end(), positive_.counts().begin(), positive_.counts().end());
  w.insert(w.end(), negative_.counts().begin(), negative_.counts().end());
  return w;
}

QuantileSketch QuantileSketch::from_words(const std::vector<std::uint64_t>& w) {
  // Bucket indices stay far inside +-2^40 (1100 octaves of at most 0.7 / ln gamma buckets).
  auto sane_offset = [](std::uint64_t o) {
    const auto i = static_cast<std::int64_t>(o);
    return i > -(std::int64_t{1} << 40) && i < (std::int64_t{1} << 40);
  };
  if (w.size() < kHeaderWords || w[0] != kWordsTag || w[10] > w.size() || w[12] > w.size() ||
      w.size() != kHeaderWords + w[10] + w[12] || !sane_offset(w[9]) || !sane_offset(w[11]))
    throw InputError("not a quantile sketch's flat form");
  QuantileSketch s(std::bit_cast<double>(w[1]), std::bit_cast<double>(w[2]));
  s.min_ = std::bit_cast<double>(w[3]);
  s.max_ = std::bit_cast<double>(w[4]);
  s.zero_ = w[5];
  s.negative_infinite_ = w[6];
  s.positive_infinite_ = w[7];
  s.nan_ = w[8];
  const auto at = w.begin() + static_cast<std::ptrdiff_t>(kHeaderWords);
  const auto mid = at + static_cast<std::ptrdiff_t>(w[10]);
  s.positive_ = BucketStore::from_counts(static_cast<std::int64_t>(w[9]), {at, mid});
  s.negative_ = BucketStore::from_counts(static_cast<std::int64_t>(w[11]), {mid, w.end()});
  return s;
}

}  // namespace capexsim
