//! Univariate input distributions: sampling, quantile, CDF and closed-form moments.
//! Parameterizations, sampling methods and moments are documented in docs/distributions.md.
#pragma once

#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "models/rng.h"

namespace capexsim {

class QuantileTable;

enum class DistKind {
  fixed,
  normal,
  uniform,
  triangular,
  lognormal,
  pert,
  beta,
  student_t,
  empirical
};

//! Name as written in scenario files ("fixed", "normal", ...).
const char* dist_kind_name(DistKind kind);

//! One distribution with its parameters validated and derived constants precomputed.
//! Constructors throw std::invalid_argument on invalid parameters (the scenario loader checks
//! first and reports file positions; this is the last line of defence).
class Distribution {
 public:
  static constexpr double kInf = std::numeric_limits<double>::infinity();

  static Distribution fixed(double value);
  //! Normal(mean, sd); with finite min and/or max it is exactly truncated to [min, max].
  static Distribution normal(double mean, double sd, double min = -kInf, double max = kInf);
  static Distribution uniform(double min, double max);
  static Distribution triangular(double min, double mode, double max);
  //! X = shift + Y where Y is lognormal; mean and sd are those of X (so mean > shift).
  //! shift = -1 on a growth rate makes (1 + g) lognormal.
  static Distribution lognormal(double mean, double sd, double shift = 0.0);
  //! Beta-PERT on [min, max] with the given mode; lambda = 4 is the classic PERT.
  static Distribution pert(double min, double mode, double max, double lambda = 4.0);
  //! Beta(alpha, beta) scaled to [min, max].
  static Distribution beta(double alpha, double beta, double min = 0.0, double max = 1.0);
  //! X = location + scale * T with T Student's t with df degrees of freedom (df > 0).
  static Distribution student_t(double location, double scale, double df);
  //! Each of the values with equal probability (non-empty).
  static Distribution empirical(std::vector<double> values);

  DistKind kind() const { return kind_; }
  bool is_fixed() const { return kind_ == DistKind::fixed; }

  //! One draw. A fixed distribution consumes no random numbers (and costs no call: the
  //! balance sheet's other flows are often fixed, drawn per company-year).
  double sample(Rng& rng) const { return method_ == Method::point ? lo_ : sample_drawn(rng); }
  //! Inverse CDF, p in [0, 1] (left-continuous generalized inverse for empirical), to the
  //! precision of the CDF: 3-20 ns, but 0.1-0.7 us for beta and pert (one CDF evaluation refines
  //! a table) and 30-600 ns for student_t (docs/distributions.md, "Quantile functions").
  double quantile(double p) const;
  //! quantile(Phi(z)) for a standard-normal score z, within 1e-12 of the scale: the Gaussian
  //! copula's map, 3-8 ns for normal, lognormal, beta, pert and student_t (no Phi(z) formed; a
  //! table for the last three) and 18-35 ns for the rest. For a uniform u,
  //! quantile_from_normal(inverse_normal(u)) (models/inverse_normal.h) is the fast quantile(u).
  double quantile_from_normal(double z) const;
  double cdf(double x) const;
  //! Mean; NaN where it does not exist (student_t with df <= 1 and scale > 0).
  double mean() const;
  //! Variance; +inf where it does not exist (student_t with df <= 2).
  double variance() const;
  //! Support bounds (may be infinite).
  double support_min() const;
  double support_max() const;
  //! Short human-readable form, e.g. "normal(mean=0.15, sd=0.05)".
  std::string describe() const;

 private:
  //! How sample() draws; degenerate parameters of any kind become a point mass.
  enum class Method : unsigned char {
    point,
    normal_reject,
    normal_inverse,
    uniform,
    triangular,
    lognormal,
    beta,
    student_t,
    empirical
  };

  //! sample() of every method but a point mass.
  double sample_drawn(Rng& rng) const;

  Distribution(DistKind kind, Method method, double lo, double hi)
      : kind_(kind), method_(method), lo_(lo), hi_(hi) {}
  double normal_mean() const;
  double normal_variance() const;
  double normal_cdf(double x) const;
  //! p and q = 1 - p, each as accurate as its own tail needs.
  double normal_quantile(double p, double q) const;
  //! beta, pert and student_t: the tabulated quantile refined to full precision.
  double refined_quantile(double p) const;

  DistKind kind_ = DistKind::fixed;
  Method method_ = Method::point;
  // Parameters as given, meaning depends on kind_ (see distribution.cpp).
  double a_ = 0, b_ = 0, c_ = 0, d_ = 0;
  // Support [lo_, hi_]; a point mass has lo_ == hi_.
  double lo_ = 0, hi_ = 0;
  // Derived constants, precomputed at construction; meaning depends on method_.
  double k0_ = 0, k1_ = 0, k2_ = 0;
  bool flag_ = false;
  // normal: Phi(alpha) and 1 - Phi(beta), the mass cut off below min and above max.
  double cut_lo_ = 0, cut_hi_ = 0;
  std::vector<double> values_;  // empirical: sorted values
  // beta, pert and student_t: the inverse CDF tabulated in the normal score, shared by copies.
  std::shared_ptr<const QuantileTable> table_;
};

//! One drawn parameter: one distribution per projection year.
struct ParamSpec {
  std::vector<Distribution> by_year;
};

}  // namespace capexsim
