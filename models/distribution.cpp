//! Distribution: validation, exact sampling and closed-form quantile, CDF and moments.
//!
//! Truncated normal: rejection from the untruncated normal when the retained mass is large,
//! otherwise inversion of the CDF on [Phi(alpha), Phi(beta)] (Devroye 1986, Non-Uniform Random
//! Variate Generation, II.2-3), done on the upper tail's complement when alpha > 0 so that
//! far-tail intervals keep full relative precision; moments from Johnson, Kotz & Balakrishnan
//! 1994, Continuous Univariate Distributions vol. 1, 13.10. Normal draws use Boost's ziggurat
//! (Marsaglia & Tsang 2000); beta, PERT and Student's t use Marsaglia & Tsang's gamma method
//! (models/variates.h); Beta-PERT follows Vose 2008, Risk Analysis, 3rd ed.; CDFs and the other
//! draws delegate to Boost.Math and Boost.Random. Quantiles: the normal family through Wichura's
//! AS 241 (models/inverse_normal.h), beta, PERT and Student's t through a table in the normal
//! score (models/quantile_table.h), the rest in closed form.
#include "models/distribution.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

#include <boost/math/constants/constants.hpp>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <boost/math/policies/policy.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "models/inverse_normal.h"
#include "models/quantile_table.h"
#include "models/variates.h"

namespace capexsim {
namespace {

namespace bm = boost::math;
namespace br = boost::random;

// erfc_inv on the hot path: double precision throughout, no promotion to long double.
using FastPolicy = bm::policies::policy<bm::policies::promote_double<false>>;
// The same for quantile refinement, where a density or quantile beyond the doubles is infinite
// and a stalled iteration in a far tail returns its best estimate.
using RefinePolicy =
    bm::policies::policy<bm::policies::promote_double<false>,
                         bm::policies::overflow_error<bm::policies::ignore_error>,
                         bm::policies::evaluation_error<bm::policies::ignore_error>>;

constexpr double kSqrt2 = bm::constants::root_two<double>();
constexpr double kInvSqrt2 = bm::constants::one_div_root_two<double>();
constexpr double kInvSqrt2Pi = bm::constants::one_div_root_two_pi<double>();

// Below this retained mass the truncated normal is sampled by inversion (one erfc_inv, 20-35 ns)
// rather than by rejection (1 / mass ziggurat draws and mispredicted branches); the crossover
// was measured on x86-64 with g++ 12 -O2 (timings in docs/distributions.md).
constexpr double kRejectionMinMass = 0.6;

std::string fmt(double v) {
  std::array<char, 32> buf{};
  auto res = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return std::string(buf.data(), res.ptr);
}

[[noreturn]] void fail(const char* dist, const std::string& what) {
  throw std::invalid_argument(std::string(dist) + ": " + what);
}

void require_finite(const char* dist, const char* key, double v) {
  if (!std::isfinite(v))
    fail(dist, std::string(key) + " must be a finite number (got " + fmt(v) + ")");
}

void require_non_negative(const char* dist, const char* key, double v) {
  require_finite(dist, key, v);
  if (v < 0) fail(dist, std::string(key) + " must be >= 0 (got " + fmt(v) + ")");
}

void require_positive(const char* dist, const char* key, double v) {
  require_finite(dist, key, v);
  if (!(v > 0)) fail(dist, std::string(key) + " must be > 0 (got " + fmt(v) + ")");
}

void require_ordered(const char* dist, double min, double max) {
  if (min > max) fail(dist, "min must be <= max (got min=" + fmt(min) + ", max=" + fmt(max) + ")");
}

void require_mode_inside(const char* dist, double min, double mode, double max) {
  if (mode < min || mode > max)
    fail(dist, "mode must be in [min, max] (got mode=" + fmt(mode) + ", min=" + fmt(min) +
                   ", max=" + fmt(max) + ")");
}

// Uniform on the open interval (0, 1): the midpoints of 2^53 equal cells, so that an inverse
// CDF never sees 0 or 1 (where the normal quantile is infinite).
double open_unit(Rng& rng) { return (static_cast<double>(rng() >> 11) + 0.5) * 0x1p-53; }

using variates::unit;

// Standard normal density, with z * phi(z) = 0 at infinite z.
double phi(double z) { return std::isinf(z) ? 0.0 : kInvSqrt2Pi * std::exp(-0.5 * z * z); }
double z_phi(double z) { return std::isinf(z) ? 0.0 : z * phi(z); }

// Lower and upper tail probabilities of the standard normal, each accurate in its own tail.
double lower_tail(double z) { return 0.5 * std::erfc(-z * kInvSqrt2); }
double upper_tail(double z) { return 0.5 * std::erfc(z * kInvSqrt2); }

// u and its complement v = 1 - u, each accurate in its own tail.
double triangular_inverse(double u, double v, double lo, double hi, double f_mode, double k_lo,
                          double k_hi) {
  const double x = u < f_mode ? lo + std::sqrt(u * k_lo) : hi - std::sqrt(v * k_hi);
  return std::clamp(x, lo, hi);
}

bm::students_t_distribution<double> student(double df) {
  return bm::students_t_distribution<double>(df);
}

}  // namespace

const char* dist_kind_name(DistKind kind) {
  switch (kind) {
    case DistKind::fixed:
      return "fixed";
    case DistKind::normal:
      return "normal";
    case DistKind::uniform:
      return "uniform";
    case DistKind::triangular:
      return "triangular";
    case DistKind::lognormal:
      return "lognormal";
    case DistKind::pert:
      return "pert";
    case DistKind::beta:
      return "beta";
    case DistKind::student_t:
      return "student_t";
    case DistKind::empirical:
      return "empirical";
  }
  return "unknown";
}

// ---- Factories. Parameters a_..d_ per kind:
// fixed (value); normal (mean, sd, min, max); uniform (min, max); triangular (min, mode, max);
// lognormal (mean, sd, shift); pert (min, mode, max, lambda); beta (alpha, beta, min, max);
// student_t (location, scale, df); empirical (values_).

Distribution Distribution::fixed(double value) {
  require_finite("fixed", "value", value);
  Distribution d(DistKind::fixed, Method::point, value, value);
  d.a_ = value;
  return d;
}

// Normal constants: flag_ = inversion works on the upper tail (alpha > 0); k1_ = 2 Z with Z the
// retained mass; k0_ = 2 Phi(alpha) (lower) or 2 Q(beta) (upper); k2_ = -+sqrt(2) sd, so that
// x = mean + k2_ erfc_inv(k0_ + u k1_) maps u in [0, 1] onto [min, max].
Distribution Distribution::normal(double mean, double sd, double min, double max) {
  require_finite("normal", "mean", mean);
  require_non_negative("normal", "sd", sd);
  if (std::isnan(min) || min == kInf)
    fail("normal", "min must be a number below +inf (got " + fmt(min) + ")");
  if (std::isnan(max) || max == -kInf)
    fail("normal", "max must be a number above -inf (got " + fmt(max) + ")");
  require_ordered("normal", min, max);
  Distribution d(DistKind::normal, Method::point, min, max);
  d.a_ = mean, d.b_ = sd, d.c_ = min, d.d_ = max;
  if (sd == 0 || min == max) {
    d.lo_ = d.hi_ = std::clamp(mean, min, max);
    return d;
  }
  const double alpha = (min - mean) / sd, beta = (max - mean) / sd;
  d.cut_lo_ = lower_tail(alpha);
  d.cut_hi_ = upper_tail(beta);
  d.flag_ = alpha > 0;
  double mass;
  if (d.flag_) {
    mass = upper_tail(alpha) - upper_tail(beta);
    d.k0_ = 2 * upper_tail(beta);
    d.k2_ = kSqrt2 * sd;
  } else {
    mass =
        beta < 0 ? lower_tail(beta) - lower_tail(alpha) : 1 - lower_tail(alpha) - upper_tail(beta);
    d.k0_ = 2 * lower_tail(alpha);
    d.k2_ = -kSqrt2 * sd;
  }
  if (!(mass >= std::numeric_limits<double>::min()))
    fail("normal", "[min, max] = [" + fmt(min) + ", " + fmt(max) +
                       "] holds no representable probability (too many sd from the mean)");
  d.k1_ = 2 * mass;
  d.method_ = mass >= kRejectionMinMass ? Method::normal_reject : Method::normal_inverse;
  return d;
}

Distribution Distribution::uniform(double min, double max) {
  require_finite("uniform", "min", min);
  require_finite("uniform", "max", max);
  require_ordered("uniform", min, max);
  Distribution d(DistKind::uniform, min == max ? Method::point : Method::uniform, min, max);
  d.a_ = min, d.b_ = max;
  d.k0_ = max - min;
  return d;
}

Distribution Distribution::triangular(double min, double mode, double max) {
  require_finite("triangular", "min", min);
  require_finite("triangular", "mode", mode);
  require_finite("triangular", "max", max);
  require_ordered("triangular", min, max);
  require_mode_inside("triangular", min, mode, max);
  Distribution d(DistKind::triangular, min == max ? Method::point : Method::triangular, min, max);
  d.a_ = min, d.b_ = mode, d.c_ = max;
  d.k0_ = (mode - min) / (max - min);
  d.k1_ = (max - min) * (mode - min);
  d.k2_ = (max - min) * (max - mode);
  return d;
}

// Y = X - shift is lognormal(mu, sigma) with E[Y] = m and sd[Y] = sd:
// sigma^2 = log(1 + sd^2 / m^2), mu = log(m) - sigma^2 / 2. k0_ = mu, k1_ = sigma.
Distribution Distribution::lognormal(double mean, double sd, double shift) {
  require_finite("lognormal", "mean", mean);
  require_non_negative("lognormal", "sd", sd);
  require_finite("lognormal", "shift", shift);
  if (!(mean > shift))
    fail("lognormal",
         "mean must be > shift (got mean=" + fmt(mean) + ", shift=" + fmt(shift) + ")");
  const double m = mean - shift;
  const double var_log = std::log1p((sd / m) * (sd / m));
  Distribution d(DistKind::lognormal, Method::lognormal, shift, kInf);
  d.a_ = mean, d.b_ = sd, d.c_ = shift;
  if (var_log == 0) {
    d.method_ = Method::point;
    d.lo_ = d.hi_ = mean;
    return d;
  }
  d.k0_ = std::log(m) - 0.5 * var_log;
  d.k1_ = std::sqrt(var_log);
  return d;
}

// Beta constants (pert and beta): k0_ = alpha, k1_ = beta, k2_ = max - min.
Distribution Distribution::pert(double min, double mode, double max, double lambda) {
  require_finite("pert", "min", min);
  require_finite("pert", "mode", mode);
  require_finite("pert", "max", max);
  require_positive("pert", "lambda", lambda);
  require_ordered("pert", min, max);
  require_mode_inside("pert", min, mode, max);
  Distribution d(DistKind::pert, min == max ? Method::point : Method::beta, min, max);
  d.a_ = min, d.b_ = mode, d.c_ = max, d.d_ = lambda;
  d.k0_ = 1 + lambda * (mode - min) / (max - min);
  d.k1_ = 1 + lambda * (max - mode) / (max - min);
  d.k2_ = max - min;
  if (d.method_ == Method::beta)
    d.table_ = std::make_shared<const QuantileTable>(QuantileTable::beta(d.k0_, d.k1_));
  return d;
}

Distribution Distribution::beta(double alpha, double beta, double min, double max) {
  require_positive("beta", "alpha", alpha);
  require_positive("beta", "beta", beta);
  require_finite("beta", "min", min);
  require_finite("beta", "max", max);
  require_ordered("beta", min, max);
  Distribution d(DistKind::beta, min == max ? Method::point : Method::beta, min, max);
  d.a_ = alpha, d.b_ = beta, d.c_ = min, d.d_ = max;
  d.k0_ = alpha, d.k1_ = beta, d.k2_ = max - min;
  if (d.method_ == Method::beta)
    d.table_ = std::make_shared<const QuantileTable>(QuantileTable::beta(alpha, beta));
  return d;
}

Distribution Distribution::student_t(double location, double scale, double df) {
  require_finite("student_t", "location", location);
  require_non_negative("student_t", "scale", scale);
  require_positive("student_t", "df", df);
  Distribution d(DistKind::student_t, Method::student_t, -kInf, kInf);
  d.a_ = location, d.b_ = scale, d.c_ = df;
  if (scale == 0) {
    d.method_ = Method::point;
    d.lo_ = d.hi_ = location;
  } else {
    d.table_ = std::make_shared<const QuantileTable>(QuantileTable::student_t(df));
  }
  return d;
}

// k0_ = mean, k1_ = population variance (two-pass).
Distribution Distribution::empirical(std::vector<double> values) {
  if (values.empty()) fail("empirical", "values must not be empty");
  for (double v : values) require_finite("empirical", "values", v);
  std::sort(values.begin(), values.end());
  Distribution d(DistKind::empirical, Method::empirical, values.front(), values.back());
  const double n = static_cast<double>(values.size());
  d.k0_ = std::accumulate(values.begin(), values.end(), 0.0) / n;
  double ss = 0;
  for (double v : values) ss += (v - d.k0_) * (v - d.k0_);
  d.k1_ = ss / n;
  d.values_ = std::move(values);
  return d;
}

// ---- Sampling.

double Distribution::sample_drawn(Rng& rng) const {
  switch (method_) {
    case Method::point:
      return lo_;
    case Method::normal_reject: {
      br::normal_distribution<double> normal(a_, b_);
      for (;;) {
        const double x = normal(rng);
        if (x >= lo_ && x <= hi_) return x;
      }
    }
    case Method::normal_inverse: {
      const double z = bm::erfc_inv(k0_ + open_unit(rng) * k1_, FastPolicy());
      return std::clamp(a_ + k2_ * z, lo_, hi_);
    }
    case Method::uniform:
      return std::min(lo_ + k0_ * unit(rng), hi_);
    case Method::triangular: {
      const double u = unit(rng);
      return triangular_inverse(u, 1 - u, lo_, hi_, k0_, k1_, k2_);
    }
    case Method::lognormal:
      return lo_ + br::lognormal_distribution<double>(k0_, k1_)(rng);
    case Method::beta:
      return std::min(lo_ + k2_ * variates::beta(rng, k0_, k1_), hi_);
    case Method::student_t:
      return a_ + b_ * variates::student_t(rng, c_);
    case Method::empirical: {
      br::uniform_int_distribution<std::size_t> index(0, values_.size() - 1);
      return values_[index(rng)];
    }
  }
  return lo_;
}

// ---- Truncated normal: CDF, quantile and moments.

double Distribution::normal_cdf(double x) const {
  const double z = (x - a_) / b_;
  const double f =
      flag_ ? 1 - (std::erfc(z * kInvSqrt2) - k0_) / k1_ : (std::erfc(-z * kInvSqrt2) - k0_) / k1_;
  return std::clamp(f, 0.0, 1.0);
}

// F(x) = (Phi(z) - Phi(alpha)) / Z inverts to z = Phi^-1(Phi(alpha) + p Z) while that argument is
// <= 1/2, else to z = -Phi^-1((1 - Phi(beta)) + q Z): Phi^-1 always sees the smaller tail, whose
// digits a value near 1 would have lost.
double Distribution::normal_quantile(double p, double q) const {
  const double mass = 0.5 * k1_;
  const double below = cut_lo_ + p * mass;
  const double z = below <= 0.5 ? inverse_normal(below) : -inverse_normal(cut_hi_ + q * mass);
  return std::clamp(a_ + b_ * z, lo_, hi_);
}

double Distribution::normal_mean() const {
  const double alpha = (c_ - a_) / b_, beta = (d_ - a_) / b_, mass = 0.5 * k1_;
  return a_ + b_ * (phi(alpha) - phi(beta)) / mass;
}

double Distribution::normal_variance() const {
  const double alpha = (c_ - a_) / b_, beta = (d_ - a_) / b_, mass = 0.5 * k1_;
  const double r = (phi(alpha) - phi(beta)) / mass;
  return b_ * b_ * std::max(0.0, 1 + (z_phi(alpha) - z_phi(beta)) / mass - r * r);
}

// ---- CDF, quantile, moments.

double Distribution::cdf(double x) const {
  if (std::isnan(x)) return x;
  if (x < lo_) return 0;
  if (x >= hi_) return 1;
  switch (method_) {
    case Method::point:
      return 1;
    case Method::normal_reject:
    case Method::normal_inverse:
      return normal_cdf(x);
    case Method::uniform:
      return bm::cdf(bm::uniform_distribution<double>(lo_, hi_), x);
    case Method::triangular:
      return bm::cdf(bm::triangular_distribution<double>(lo_, b_, hi_), x);
    case Method::lognormal:
      return bm::cdf(bm::lognormal_distribution<double>(k0_, k1_), x - lo_);
    case Method::beta:
      return bm::cdf(bm::beta_distribution<double>(k0_, k1_), std::min((x - lo_) / k2_, 1.0));
    case Method::student_t:
      if (std::isinf(x)) return x > 0 ? 1 : 0;
      return bm::cdf(student(c_), (x - a_) / b_);
    case Method::empirical: {
      const auto below = std::upper_bound(values_.begin(), values_.end(), x) - values_.begin();
      return static_cast<double>(below) / static_cast<double>(values_.size());
    }
  }
  return 1;
}

double Distribution::quantile(double p) const {
  if (!(p >= 0 && p <= 1))
    throw std::invalid_argument("quantile: p must be in [0, 1] (got " + fmt(p) + ")");
  if (p == 0) return lo_;
  if (p == 1) return hi_;
  switch (method_) {
    case Method::point:
      return lo_;
    case Method::normal_reject:
    case Method::normal_inverse:
      return normal_quantile(p, 1 - p);
    case Method::uniform:
      return std::min(lo_ + k0_ * p, hi_);
    case Method::triangular:
      return triangular_inverse(p, 1 - p, lo_, hi_, k0_, k1_, k2_);
    case Method::lognormal:
      return lo_ + std::exp(k0_ + k1_ * inverse_normal(p));
    case Method::beta:
    case Method::student_t:
      return refined_quantile(p);
    case Method::empirical: {
      // Smallest k with k / n >= p, in the same arithmetic as cdf(), so the two round-trip.
      const std::size_t n = values_.size();
      const double nd = static_cast<double>(n);
      auto k = static_cast<std::size_t>(std::ceil(p * nd));
      while (k > 1 && static_cast<double>(k - 1) / nd >= p) --k;
      while (k < n && static_cast<double>(k) / nd < p) ++k;
      return values_[k - 1];
    }
  }
  return lo_;
}

// beta and pert: the table's value (within 4e-13 of the quantile) refined by one Newton step on
// Boost's CDF to the CDF's own precision, as the error squares; the residual is taken in the
// smaller tail, F(x) - p or (1 - p) - (1 - F(x)). Boost's ibeta_inv would cost 0.3-2 us.
// student_t: Boost's quantile in double precision (closed forms for df = 1, 2, 4), the table
// where that overflows (df far below 1).
double Distribution::refined_quantile(double p) const {
  if (method_ == Method::student_t) {
    const double t = bm::quantile(bm::students_t_distribution<double, RefinePolicy>(c_), p);
    return a_ + b_ * (std::isfinite(t) ? t : (*table_)(inverse_normal(p)));
  }
  const double x = (*table_)(inverse_normal(p));
  const bm::beta_distribution<double, RefinePolicy> dist(k0_, k1_);
  const double residual =
      p <= 0.5 ? bm::cdf(dist, x) - p : (1 - p) - bm::cdf(bm::complement(dist, x));
  const double step = residual / bm::pdf(dist, x);
  return std::clamp(lo_ + k2_ * (std::isfinite(step) ? x - step : x), lo_, hi_);
}

double Distribution::quantile_from_normal(double z) const {
  if (std::isnan(z))
    throw std::invalid_argument("quantile_from_normal: z must be a number (got nan)");
  if (std::isinf(z)) return z < 0 ? lo_ : hi_;
  // p = Phi(z) and q = 1 - Phi(z), the smaller computed directly, accurate where the other
  // rounds towards 1.
  const auto tails = [z] {
    const double tail = upper_tail(std::abs(z));
    return z < 0 ? std::pair(tail, 1 - tail) : std::pair(1 - tail, tail);
  };
  switch (method_) {
    case Method::point:
      return lo_;
    case Method::normal_reject:
    case Method::normal_inverse: {
      if (lo_ == -kInf && hi_ == kInf) return a_ + b_ * z;
      const auto [p, q] = tails();
      return normal_quantile(p, q);
    }
    case Method::uniform:
    case Method::empirical:
      return quantile(tails().first);
    case Method::triangular: {
      const auto [p, q] = tails();
      return triangular_inverse(p, q, lo_, hi_, k0_, k1_, k2_);
    }
    case Method::lognormal:
      return lo_ + std::exp(k0_ + k1_ * z);
    case Method::beta:
      return std::clamp(lo_ + k2_ * (*table_)(z), lo_, hi_);
    case Method::student_t:
      return a_ + b_ * (*table_)(z);
  }
  return lo_;
}

double Distribution::mean() const {
  switch (method_) {
    case Method::point:
      return lo_;
    case Method::normal_reject:
    case Method::normal_inverse:
      return normal_mean();
    case Method::uniform:
      return bm::mean(bm::uniform_distribution<double>(lo_, hi_));
    case Method::triangular:
      return bm::mean(bm::triangular_distribution<double>(lo_, b_, hi_));
    case Method::lognormal:
      return a_;
    case Method::beta:
      return lo_ + k2_ * bm::mean(bm::beta_distribution<double>(k0_, k1_));
    case Method::student_t:
      return c_ > 1 ? a_ : std::numeric_limits<double>::quiet_NaN();
    case Method::empirical:
      return k0_;
  }
  return lo_;
}

double Distribution::variance() const {
  switch (method_) {
    case Method::point:
      return 0;
    case Method::normal_reject:
    case Method::normal_inverse:
      return normal_variance();
    case Method::uniform:
      return bm::variance(bm::uniform_distribution<double>(lo_, hi_));
    case Method::triangular:
      return bm::variance(bm::triangular_distribution<double>(lo_, b_, hi_));
    case Method::lognormal:
      return b_ * b_;
    case Method::beta:
      return k2_ * k2_ * bm::variance(bm::beta_distribution<double>(k0_, k1_));
    case Method::student_t:
      return c_ > 2 ? b_ * b_ * bm::variance(student(c_)) : kInf;
    case Method::empirical:
      return k1_;
  }
  return 0;
}

double Distribution::support_min() const { return lo_; }
double Distribution::support_max() const { return hi_; }

std::string Distribution::describe() const {
  std::string s = std::string(dist_kind_name(kind_)) + "(";
  auto put = [&s](const char* key, double v) {
    if (s.back() != '(') s += ", ";
    s += std::string(key) + "=" + fmt(v);
  };
  switch (kind_) {
    case DistKind::fixed:
      put("value", a_);
      break;
    case DistKind::normal:
      put("mean", a_), put("sd", b_);
      if (std::isfinite(c_)) put("min", c_);
      if (std::isfinite(d_)) put("max", d_);
      break;
    case DistKind::uniform:
      put("min", a_), put("max", b_);
      break;
    case DistKind::triangular:
      put("min", a_), put("mode", b_), put("max", c_);
      break;
    case DistKind::lognormal:
      put("mean", a_), put("sd", b_), put("shift", c_);
      break;
    case DistKind::pert:
      put("min", a_), put("mode", b_), put("max", c_), put("lambda", d_);
      break;
    case DistKind::beta:
      put("alpha", a_), put("beta", b_), put("min", c_), put("max", d_);
      break;
    case DistKind::student_t:
      put("location", a_), put("scale", b_), put("df", c_);
      break;
    case DistKind::empirical: {
      constexpr std::size_t kShown = 8;
      s += "n=" + std::to_string(values_.size()) + ", values=[";
      for (std::size_t i = 0; i < std::min(values_.size(), kShown); ++i)
        s += (i ? ", " : "") + fmt(values_[i]);
      s += values_.size() > kShown ? ", ...]" : "]";
      break;
    }
  }
  return s + ")";
}

}  // namespace capexsim
