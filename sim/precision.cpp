#include "sim/precision.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace capexsim {

std::pair<double, double> wilson_interval(double p, double n, double z) {
  if (!(n > 0)) return {0.0, 1.0};
  const double z2 = z * z;
  const double denom = 1.0 + z2 / n;
  const double centre = (p + z2 / (2.0 * n)) / denom;
  const double half = z * std::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denom;
  // At p = 0 (or 1) the bound is exactly 0 (or 1); say so rather than trust the rounding.
  return {p <= 0.0 ? 0.0 : std::max(0.0, centre - half),
          p >= 1.0 ? 1.0 : std::min(1.0, centre + half)};
}

std::pair<double, double> wilson_interval_se(double p, double se, double n, double z) {
  const double n_eff = se > 0 && std::isfinite(se) ? p * (1 - p) / (se * se) : n;
  return wilson_interval(p, n_eff, z);
}

std::pair<std::uint64_t, std::uint64_t> quantile_interval_ranks(std::uint64_t n, double p,
                                                                double z) {
  if (n == 0) return {0, 0};
  const double nd = static_cast<double>(n);
  const double half = z * std::sqrt(nd * p * (1.0 - p));
  const double lo = std::floor(nd * p - half), hi = std::ceil(nd * p + half);
  auto rank = [&](double one_based) {
    return static_cast<std::uint64_t>(std::clamp(one_based, 1.0, nd)) - 1;
  };
  return {rank(lo), rank(hi)};
}

double replicate_stderr(std::span<const double> means, std::span<const double> weights) {
  const std::size_t R = means.size();
  if (R < 2) return std::numeric_limits<double>::quiet_NaN();
  double W = 0, m = 0;
  for (std::size_t r = 0; r < R; ++r) {
    W += weights[r];
    m += weights[r] * means[r];
  }
  m /= W;
  double s = 0;
  for (std::size_t r = 0; r < R; ++r) {
    const double d = weights[r] / W * (means[r] - m);
    s += d * d;
  }
  const double Rd = static_cast<double>(R);
  return std::sqrt(Rd / (Rd - 1.0) * s);
}

}  // namespace capexsim
