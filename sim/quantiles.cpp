// Type-7 quantiles (Hyndman & Fan 1996, "Sample quantiles in statistical packages"):
// h = (n - 1) p, q = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]) on the sorted sample.
// Successive std::nth_element calls on the shrinking upper part give O(n) per level.
#include "sim/quantiles.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace capexsim {

std::vector<double> quantiles_inplace(std::span<double> values, const std::vector<double>& levels) {
  std::vector<double> out(levels.size(), std::numeric_limits<double>::quiet_NaN());
  const std::size_t n = values.size();
  if (n == 0) return out;
  std::size_t done = 0;  // values[0, done) are <= everything after them and sorted as needed
  for (std::size_t i = 0; i < levels.size(); ++i) {
    const double p = levels[i];
    if (!(p >= 0.0 && p <= 1.0) || (i > 0 && p < levels[i - 1]))
      throw std::invalid_argument("quantile levels must be ascending in [0, 1]");
    const double h = static_cast<double>(n - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    auto first = values.begin() + static_cast<std::ptrdiff_t>(std::min(done, lo));
    auto nth = values.begin() + static_cast<std::ptrdiff_t>(lo);
    std::nth_element(first, nth, values.end());
    done = lo + 1;
    const double x_lo = *nth;
    const double frac = h - static_cast<double>(lo);
    if (frac > 0.0 && lo + 1 < n) {
      const double x_hi = *std::min_element(nth + 1, values.end());
      out[i] = x_lo + frac * (x_hi - x_lo);
    } else {
      out[i] = x_lo;
    }
  }
  return out;
}

}  // namespace capexsim
