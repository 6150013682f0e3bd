//! Fast exact variate generators on top of the raw generator, for the kinds whose Boost.Random
//! distribution objects are slow (uniform_01 converts through long arithmetic; beta and
//! student_t go through Boost's gamma, 100-200 ns a draw).
#pragma once

#include <cmath>

#include <boost/random/normal_distribution.hpp>

#include "models/rng.h"

namespace capexsim::variates {

//! Uniform on [0, 1): the top 53 bits of one 64-bit output, the standard conversion.
inline double unit(Rng& rng) { return static_cast<double>(rng() >> 11) * 0x1p-53; }

//! Standard normal, Boost's ziggurat.
inline double normal(Rng& rng) { return boost::random::normal_distribution<double>()(rng); }

//! Gamma(shape, 1) by Marsaglia & Tsang (2000), "A simple method for generating gamma
//! variables", ACM TOMS 26(3): exact rejection from a transformed normal, acceptance >= 95%
//! for shape >= 1; shape < 1 through Gamma(shape) = Gamma(shape + 1) U^(1/shape).
inline double gamma(Rng& rng, double shape) {
  const bool boost_small = shape < 1.0;
  const double a = boost_small ? shape + 1.0 : shape;
  const double d = a - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  double x, v;
  for (;;) {
    do {
      x = normal(rng);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = unit(rng);
    const double x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2) break;
    if (u > 0.0 && std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) break;
  }
  double g = d * v;
  if (boost_small) {
    double u;
    do u = unit(rng);
    while (u == 0.0);
    g *= std::pow(u, 1.0 / shape);
  }
  return g;
}

//! Beta(alpha, beta) as X / (X + Y) with independent gammas. For shapes far below 1 both can
//! underflow to 0 (probability negligible but not zero): that 0/0 is drawn again.
inline double beta(Rng& rng, double alpha, double beta_shape) {
  for (;;) {
    const double x = gamma(rng, alpha);
    const double y = gamma(rng, beta_shape);
    const double s = x + y;
    if (s > 0.0) return x / s;
  }
}

//! Student's t with df degrees of freedom: Z / sqrt(V / df), V chi-squared = 2 Gamma(df / 2).
inline double student_t(Rng& rng, double df) {
  const double z = normal(rng);
  double v;
  do v = 2.0 * gamma(rng, 0.5 * df);
  while (v <= 0.0);
  return z / std::sqrt(v / df);
}

}  // namespace capexsim::variates
