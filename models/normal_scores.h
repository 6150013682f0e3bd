//! The standard normal CDF and its inverse, which carry uniforms to normal scores and back
//! in the Gaussian copula.
#pragma once

#include <cmath>

#include "models/inverse_normal.h"

namespace capexsim {

//! Phi(z) = erfc(-z / sqrt 2) / 2, accurate in both tails.
inline double normal_cdf(double z) { return 0.5 * std::erfc(-z * 0.70710678118654752440); }

//! Phi^-1(u) for u in (0, 1) (models/inverse_normal.h).
inline double normal_quantile(double u) { return inverse_normal(u); }

}  // namespace capexsim
