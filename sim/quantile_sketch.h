//! A mergeable quantile sketch with a relative-error guarantee (DDSketch), so that
//! `--store-paths none` gets quantiles in memory that does not grow with the paths.
//!
//! Every value x with |x| >= min_magnitude is reported within relative_accuracy * |x| of itself;
//! values with |x| < min_magnitude are reported as 0 (absolute error below min_magnitude).
//! Counts are integers, so merging is exact: any grouping and order of merges gives the same
//! sketch, bit for bit (docs/streaming.md).
#pragma once

#include <bit>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace capexsim {

//! The bucket index of a magnitude: ceil(m * l(a)) where l is a piecewise-cubic approximation of
//! log2 (exact at powers of two, built from the exponent and mantissa bits alone) and m is chosen
//! so that every bucket spans a ratio of at most gamma = (1 + alpha) / (1 - alpha).
class LogMapping {
 public:
  explicit LogMapping(double relative_accuracy);

  //! For normal a > 0 (the sketch sends only a >= min_magnitude >= DBL_MIN here).
  std::int64_t index(double a) const {
    const auto bits = std::bit_cast<std::uint64_t>(a);
    const auto exponent = static_cast<double>(static_cast<std::int64_t>(bits >> 52) - 1023);
    const double s =
        std::bit_cast<double>((bits & kMantissa) | std::bit_cast<std::uint64_t>(1.0)) - 1.0;
    const double t = ((kA * s + kB) * s + kC) * s + exponent;
    const double scaled = t * multiplier_;
    const auto i = static_cast<std::int64_t>(scaled);  // truncation, then up to the ceiling
    return i + (scaled > static_cast<double>(i) ? 1 : 0);
  }

  //! The value with relative error at most alpha against every magnitude of bucket i: the
  //! harmonic mean 2 lo hi / (lo + hi) of its bounds (may overflow to +inf for the top bucket).
  double representative(std::int64_t i) const;

  //! The bucket's bounds: index(a) == i for lower(i) < a <= upper(i) (up to rounding).
  double lower(std::int64_t i) const { return inverse(static_cast<double>(i - 1) / multiplier_); }
  double upper(std::int64_t i) const { return inverse(static_cast<double>(i) / multiplier_); }

  double relative_accuracy() const { return alpha_; }

  //! l(2^e (1 + s)) = e + kA s^3 + kB s^2 + kC s.
  static constexpr double kA = 6.0 / 35.0, kB = -3.0 / 5.0, kC = 10.0 / 7.0;

 private:
  static constexpr std::uint64_t kMantissa = (std::uint64_t{1} << 52) - 1;
  static double inverse(double t);

  double alpha_, multiplier_;
};

//! Dense integer counts of the bucket indices in [offset, offset + size), grown by aligned chunks
//! to the hull of the indices seen, so its layout too is independent of the order of adds.
class BucketStore {
 public:
  void add(std::int64_t i, std::uint64_t n = 1) {
    const auto at = static_cast<std::uint64_t>(i - offset_);
    if (at < counts_.size())
      counts_[at] += n;
    else
      grow_and_add(i, n);
  }
  //! add(i) for each of indices[0..n), with the store's bounds held in registers.
  void add_each(const std::int64_t* indices, std::size_t n);
  void merge(const BucketStore& o);

  bool empty() const { return counts_.empty(); }
  std::int64_t first_index() const { return offset_; }
  std::int64_t end_index() const { return offset_ + static_cast<std::int64_t>(counts_.size()); }
  std::uint64_t at(std::int64_t i) const {
    return i >= offset_ && i < end_index() ? counts_[static_cast<std::size_t>(i - offset_)] : 0;
  }
  std::uint64_t total() const;
  const std::vector<std::uint64_t>& counts() const { return counts_; }
  static BucketStore from_counts(std::int64_t offset, std::vector<std::uint64_t> counts);
  std::uint64_t memory_bytes() const { return counts_.capacity() * sizeof(std::uint64_t); }
  //! Same counts at every index (layouts may differ).
  bool operator==(const BucketStore& o) const;

  static constexpr std::int64_t kChunk = 128;  // buckets (1 KiB)

 private:
  void grow_and_add(std::int64_t i, std::uint64_t n);
  void cover(std::int64_t first, std::int64_t end);

  std::int64_t offset_ = 0;
  std::vector<std::uint64_t> counts_;
};

//! DDSketch (Masson, Rim & Lee, VLDB 2019): logarithmic buckets for positive and for negative
//! values, a zero bucket for |x| < min_magnitude, and counts of -inf, +inf and NaN, which sort
//! below, above and above everything (numpy's order). Queries use Hyndman & Fan type 7, as
//! sim/quantiles.h does.
class QuantileSketch {
 public:
  //! 0.05% relative error: rank errors stay below 0.1% with a margin of 2 for capexsim's surplus
  //! cells; |x| < 0.01 (USD 1 million) is reported as 0 (docs/streaming.md).
  static constexpr double kDefaultRelativeAccuracy = 5e-4;
  static constexpr double kDefaultMinMagnitude = 1e-2;

  //! Throws std::invalid_argument unless 1e-6 <= relative_accuracy <= 0.5 and
  //! DBL_MIN <= min_magnitude <= 1e300.
  explicit QuantileSketch(double relative_accuracy = kDefaultRelativeAccuracy,
                          double min_magnitude = kDefaultMinMagnitude);

  void add(double x) {
    tally(x);
    if (x < min_) min_ = x + 0.0;  // + 0.0: -0.0 as +0.0, so the extremes are order independent
    if (x > max_) max_ = x + 0.0;
  }
  //! The same for many values (faster: the extremes stay in registers).
  void add(std::span<const double> xs);

  //! Adds o's counts (same relative accuracy and min magnitude, else std::invalid_argument).
  void merge(const QuantileSketch& o);

  std::uint64_t count() const;
  bool empty() const { return count() == 0; }

  //! The k-th smallest value (0-based), up to the bucket error; std::out_of_range if k >= count().
  double value_at_rank(std::uint64_t k) const;
  //! The same for many ranks (any order, repeats allowed), in one pass over the buckets.
  std::vector<double> values_at_ranks(const std::vector<std::uint64_t>& ranks) const;
  //! Type-7 quantile: h = (n - 1) p between value_at_rank(floor h) and (floor h + 1); NaN if
  //! empty; std::invalid_argument unless 0 <= p <= 1.
  double quantile(double p) const;

  double relative_accuracy() const { return mapping_.relative_accuracy(); }
  double min_magnitude() const { return min_magnitude_; }
  //! Smallest and largest value added, NaN aside (+inf and -inf while there is none).
  double min() const { return min_; }
  double max() const { return max_; }
  //! Heap and object bytes.
  std::uint64_t memory_bytes() const;

  //! Same parameters and counts in every bucket (the layout of the stores may differ).
  bool operator==(const QuantileSketch& o) const;

  //! A flat copy (parameters, extremes, counts) for sending between processes, and back.
  std::vector<std::uint64_t> to_words() const;
  static QuantileSketch from_words(const std::vector<std::uint64_t>& words);

 private:
  void tally(double x) {
    // On the bits of |x| (ordered as the magnitudes, NaN above +inf), one compare for the
    // common case min_magnitude <= |x| <= DBL_MAX.
    const std::uint64_t a = std::bit_cast<std::uint64_t>(x) & ~kSignBit;
    if (a - min_magnitude_bits_ <= finite_span_bits_)
      (x > 0 ? positive_ : negative_).add(mapping_.index(std::bit_cast<double>(a)));
    else if (a < min_magnitude_bits_)
      ++zero_;
    else
      add_non_finite(x);
  }
  void add_non_finite(double x);

  static constexpr std::uint64_t kSignBit = std::uint64_t{1} << 63;

  LogMapping mapping_;
  double min_magnitude_;
  std::uint64_t min_magnitude_bits_, finite_span_bits_;
  BucketStore positive_, negative_;  // negative_ holds the bucket of |x|
  std::uint64_t zero_ = 0, negative_infinite_ = 0, positive_infinite_ = 0, nan_ = 0;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

}  // namespace capexsim
