// The normal score by Giles' method ("Approximating the erfinv function", GPU Computing Gems,
// 2011): erfinv(x) = x P(w) with w = -log(1 - x^2), one polynomial for w < 6.25 (|z| < 3.1, all
// but 0.2% of draws) and two in sqrt(w) for the tails: no division, one logarithm, for the
// floor's SIMD lanes. The polynomials are fitted once, at start, by Chebyshev interpolation of
// Boost.Math's erf_inv in long double.
#pragma once

namespace capexsim_floor {

struct ErfinvPoly {
  static constexpr int kCentral = 24, kMid = 20, kFar = 18;
  //! Monomial coefficients, lowest first: P in t = w / 3.125 - 1 for w < 6.25; in
  //! t = (sqrt(w) - 3.25) / 0.75 for sqrt(w) in [2.5, 4); in t = sqrt(w) - 5 for [4, 6].
  double central[kCentral], mid[kMid], far[kFar];
};

//! The polynomials, fitted on first use.
const ErfinvPoly& erfinv_poly();

}  // namespace capexsim_floor
