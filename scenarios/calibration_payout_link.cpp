// The within-company correlation of dividend-ratio changes with OCF growth
// (scenarios/calibration_payout_link.h).
#include "scenarios/calibration_payout_link.h"

#include <cmath>
#include <optional>

namespace capexsim {
namespace {

//! The ratio of (year, quarter), if observed.
std::optional<double> ratio_at(const RatioFit& r, int year, int quarter) {
  for (std::size_t i = 0; i < r.ratios.size(); ++i)
    if (r.years[i] == year && r.quarters[i] == quarter) return r.ratios[i];
  return std::nullopt;
}

//! The company's (ratio change, OCF growth) pairs, both ratios > 0.
void pairs_of(const CompanyCalibration& c, std::vector<double>& dx, std::vector<double>& gy) {
  const RatioFit& r = c.dividend;
  const GrowthFit& g = c.ocf;
  for (std::size_t i = 0; i < g.rates.size(); ++i) {
    const std::optional<double> now = ratio_at(r, g.years[i], g.quarters[i]);
    const std::optional<double> before = ratio_at(r, g.years[i] - 1, g.quarters[i]);
    if (!now || !before || !(*now > 0) || !(*before > 0)) continue;
    dx.push_back(*now - *before);
    gy.push_back(g.rates[i]);
  }
}

void centre(std::vector<double>& v, std::size_t from) {
  double m = 0;
  for (std::size_t i = from; i < v.size(); ++i) m += v[i];
  m /= static_cast<double>(v.size() - from);
  for (std::size_t i = from; i < v.size(); ++i) v[i] -= m;
}

}  // namespace

PayoutLink fit_dividend_link(const std::vector<CompanyCalibration>& companies,
                             const CalibrationOptions& options, bool quarterly) {
  std::vector<double> dx, gy;
  for (const CompanyCalibration& c : companies) {
    const std::size_t from = dx.size();
    pairs_of(c, dx, gy);
    if (dx.size() > from) {
      centre(dx, from);
      centre(gy, from);
    }
  }
  PayoutLink link;
  link.pairs = static_cast<int>(dx.size());
  link.n = quarterly ? link.pairs / 4.0 : link.pairs;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < dx.size(); ++i) {
    sxy += dx[i] * gy[i];
    sxx += dx[i] * dx[i];
    syy += gy[i] * gy[i];
  }
  if (link.pairs < 3 || sxx == 0 || syy == 0) return link;
  link.sample = sxy / std::sqrt(sxx * syy);
  link.fitted = std::round(100 * link.sample * link.n / (link.n + options.correlation_k)) / 100;
  return link;
}

}  // namespace capexsim
