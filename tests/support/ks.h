//! Kolmogorov-Smirnov test of a sample against a Distribution, shared by the statistical tests.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "models/distribution.h"

namespace capexsim::test {

//! Sup |F_n - F| over a sample; ties are compared with the CDF's left limit (Conover 1972), so
//! the step CDF of an empirical distribution is tested exactly too.
inline double ks_statistic(std::vector<double> xs, const Distribution& d) {
  std::sort(xs.begin(), xs.end());
  const double n = static_cast<double>(xs.size());
  const double inf = std::numeric_limits<double>::infinity();
  double stat = 0;
  for (std::size_t i = 0; i < xs.size();) {
    std::size_t j = i;
    while (j < xs.size() && xs[j] == xs[i]) ++j;
    stat =
        std::max(stat, std::abs(static_cast<double>(i) / n - d.cdf(std::nextafter(xs[i], -inf))));
    stat = std::max(stat, std::abs(static_cast<double>(j) / n - d.cdf(xs[i])));
    i = j;
  }
  return stat;
}

//! The asymptotic critical value of the KS statistic at level alpha: sqrt(-ln(alpha / 2) / (2 n)).
inline double ks_critical(double n, double alpha = 1e-4) {
  return std::sqrt(-std::log(alpha / 2) / (2 * n));
}

}  // namespace capexsim::test
