#include "bench/floor_table.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace capexsim_floor {

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

namespace {

constexpr int kNodes = 6;

//! Solves V c = x for the monomial coefficients c of the interpolant through (s[j], x[j]):
//! Gaussian elimination with partial pivoting on the 6 x 6 Vandermonde system.
std::array<double, kNodes> interpolate(const std::array<double, kNodes>& s,
                                       std::array<double, kNodes> x) {
  std::array<std::array<double, kNodes>, kNodes> a{};
  for (int i = 0; i < kNodes; ++i)
    for (int k = 0; k < kNodes; ++k) a[i][k] = std::pow(s[i], k);
  for (int col = 0; col < kNodes; ++col) {
    int pivot = col;
    for (int r = col + 1; r < kNodes; ++r)
      if (std::abs(a[r][col]) > std::abs(a[pivot][col])) pivot = r;
    std::swap(a[col], a[pivot]);
    std::swap(x[col], x[pivot]);
    for (int r = col + 1; r < kNodes; ++r) {
      const double f = a[r][col] / a[col][col];
      for (int k = col; k < kNodes; ++k) a[r][k] -= f * a[col][k];
      x[r] -= f * x[col];
    }
  }
  std::array<double, kNodes> c{};
  for (int r = kNodes - 1; r >= 0; --r) {
    double v = x[r];
    for (int k = r + 1; k < kNodes; ++k) v -= a[r][k] * c[k];
    c[r] = v / a[r][r];
  }
  return c;
}

}  // namespace

FloorTable::FloorTable(const std::function<double(double)>& exact, double z_lo, double z_hi,
                       double h)
    : z_lo_(z_lo), h_(h) {
  const auto cells = static_cast<std::size_t>(std::ceil((z_hi - z_lo) / h));
  for (auto& c : coef_) c.resize(cells);
  std::array<double, kNodes> s{};
  for (int j = 0; j < kNodes; ++j)
    s[j] = 0.5 * (1 - std::cos((2 * j + 1) * std::numbers::pi / (2 * kNodes)));
  for (std::size_t i = 0; i < cells; ++i) {
    const double z0 = z_lo + static_cast<double>(i) * h;
    std::array<double, kNodes> x{};
    for (int j = 0; j < kNodes; ++j) x[j] = exact(z0 + h * s[j]);
    const std::array<double, kNodes> c = interpolate(s, x);
    for (int k = 0; k < kNodes; ++k) coef_[k][i] = c[k];
  }
}

double FloorTable::operator()(double z) const {
  const double top = static_cast<double>(cells());
  const double t = std::clamp((z - z_lo_) / h_, 0.0, top);
  const double cell = std::min(std::floor(t), top - 1);
  const auto i = static_cast<std::size_t>(cell);
  const double s = t - cell;
  double y = coef_[kNodes - 1][i];
  for (int k = kNodes - 1; k-- > 0;) y = y * s + coef_[k][i];
  return y;
}

double FloorTable::max_error(const std::function<double(double)>& exact) const {
  double worst = 0;
  for (std::size_t i = 0; i < cells(); ++i)
    for (int m = 0; m < 8; ++m) {
      const double z = z_lo_ + (static_cast<double>(i) + (m + 0.5) / 8) * h_;
      const double want = exact(z);
      worst = std::max(worst, std::abs((*this)(z)-want) / std::max(1.0, std::abs(want)));
    }
  return worst;
}

}  // namespace capexsim_floor
