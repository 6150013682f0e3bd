#include "bench/floor_erfinv.h"

#include <boost/math/special_functions/erf.hpp>

#include <cmath>
#include <numbers>
#include <vector>

namespace capexsim_floor {

namespace {

//! erfinv(x) / x at w = -log(1 - x^2), in long double; the tail through erfc_inv of
//! 1 - x = e^-w / (1 + x), which keeps its digits where x rounds to 1.
long double ratio(long double w) {
  if (w == 0) return std::sqrt(std::numbers::pi_v<long double>) / 2;
  const long double x = std::sqrt(-std::expm1(-w));
  const long double y =
      x < 0.5L ? boost::math::erf_inv(x) : boost::math::erfc_inv(std::exp(-w) / (1 + x));
  return y / x;
}

//! The monomial coefficients in t in [-1, 1] of the degree n - 1 Chebyshev interpolant of f(t).
template <class F>
void fit(F f, int n, double* out) {
  std::vector<long double> c(static_cast<std::size_t>(n)), value(c.size());
  const long double pi = std::numbers::pi_v<long double>;
  for (int j = 0; j < n; ++j) value[static_cast<std::size_t>(j)] = f(std::cos(pi * (j + 0.5L) / n));
  for (int k = 0; k < n; ++k) {
    long double s = 0;
    for (int j = 0; j < n; ++j)
      s += value[static_cast<std::size_t>(j)] * std::cos(pi * k * (j + 0.5L) / n);
    c[static_cast<std::size_t>(k)] = s * (k == 0 ? 1.0L : 2.0L) / n;
  }
  // sum c_k T_k(t) as monomials: T_0 = 1, T_1 = t, T_{k+1} = 2 t T_k - T_{k-1}
  std::vector<long double> mono(c.size(), 0), prev(c.size(), 0), cur(c.size(), 0), next(c.size());
  prev[0] = 1;
  mono[0] = c[0];
  if (n > 1) cur[1] = 1;
  for (int k = 1; k < n; ++k) {
    for (int i = 0; i < n; ++i)
      mono[static_cast<std::size_t>(i)] +=
          c[static_cast<std::size_t>(k)] * cur[static_cast<std::size_t>(i)];
    for (int i = 0; i < n; ++i)
      next[static_cast<std::size_t>(i)] = (i > 0 ? 2 * cur[static_cast<std::size_t>(i - 1)] : 0) -
                                          prev[static_cast<std::size_t>(i)];
    prev = cur;
    cur = next;
  }
  for (int i = 0; i < n; ++i) out[i] = static_cast<double>(mono[static_cast<std::size_t>(i)]);
}

ErfinvPoly make() {
  ErfinvPoly p{};
  fit([](long double t) { return ratio(3.125L * (t + 1)); }, ErfinvPoly::kCentral, p.central);
  fit(
      [](long double t) {
        const long double s = 3.25L + 0.75L * t;
        return ratio(s * s);
      },
      ErfinvPoly::kMid, p.mid);
  fit(
      [](long double t) {
        const long double s = 5 + t;
        return ratio(s * s);
      },
      ErfinvPoly::kFar, p.far);
  return p;
}

}  // namespace

const ErfinvPoly& erfinv_poly() {
  static const ErfinvPoly p = make();
  return p;
}

}  // namespace capexsim_floor
