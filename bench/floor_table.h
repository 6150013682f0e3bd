// A distribution's inverse CDF tabulated in the normal score, x(z) = F^-1(Phi(z)), as one quintic
// per cell of z: the floor's method for the shapes without a cheap closed-form inverse (beta,
// PERT, Student's t), evaluated on SIMD lanes by bench/simd_kernels.cpp.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <vector>

namespace capexsim_floor {

class FloorTable {
 public:
  //! Tabulates exact(z) = F^-1(Phi(z)) on [z_lo, z_hi) in cells of width h, interpolating it at
  //! six Chebyshev nodes per cell; z outside the range is clamped to it.
  FloorTable(const std::function<double(double)>& exact, double z_lo, double z_hi, double h);

  //! The table at z (scalar; the kernels evaluate the same polynomials on SIMD lanes).
  double operator()(double z) const;

  //! The largest |table - exact| / max(1, |exact|) at 8 points per cell, between the nodes:
  //! the interpolation error (slow: 8 exact inverses a cell).
  double max_error(const std::function<double(double)>& exact) const;

  const double* coef(int k) const { return coef_[static_cast<std::size_t>(k)].data(); }
  std::size_t cells() const { return coef_[0].size(); }
  double z_lo() const { return z_lo_; }
  double inv_h() const { return 1 / h_; }

 private:
  std::array<std::vector<double>, 6> coef_;
  double z_lo_, h_;
};

//! Phi(z) and 1 - Phi(z) = Phi(-z), each accurate in its own tail.
double normal_cdf(double z);

}  // namespace capexsim_floor
