// Realized series, the two deterministic baselines and the scoring of one vintage
// (analysis/evaluation.h). Aggregation is in evaluation_summary.cpp.
#include "analysis/evaluation.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "analysis/scoring.h"

namespace capexsim {
namespace {

constexpr int kOcf = 0, kCapex = 1, kBuybacks = 2, kDividends = 3, kSurplus = 4;

const RealizedYear* find_year(const EntitySeries& s, int year) {
  for (const RealizedYear& r : s.years)
    if (r.year == year) return &r;
  return nullptr;
}

//! value(year) / value(year - 1) - 1, where both exist and the earlier is > 0.
std::optional<double> growth(const EntitySeries& s, int year, int flow) {
  const RealizedYear* now = find_year(s, year);
  const RealizedYear* before = find_year(s, year - 1);
  if (!now || !before) return std::nullopt;
  const double a = before->flows[static_cast<std::size_t>(flow)];
  const double b = now->flows[static_cast<std::size_t>(flow)];
  if (std::isnan(a) || std::isnan(b) || !(a > 0)) return std::nullopt;
  return b / a - 1;
}

//! Mean of the growth rates of the `window` years ending at base_year that exist; none: nullopt.
std::optional<double> trailing_growth(const EntitySeries& s, int base_year, int flow, int window) {
  double sum = 0;
  int n = 0;
  for (int y = base_year - window + 1; y <= base_year; ++y)
    if (const std::optional<double> g = growth(s, y, flow)) {
      sum += *g;
      ++n;
    }
  if (n == 0) return std::nullopt;
  return sum / n;
}

//! The base year's flows carried `lead` years at the given growth rates, the base year's payout
//! ratios applied to the projected OCF.
std::array<double, kEvalFlows> project(const EntitySeries& s, int base_year, int lead,
                                       std::optional<double> g_ocf, std::optional<double> g_capex) {
  std::array<double, kEvalFlows> f{};
  f.fill(kEvalNaN);
  const std::array<double, kEvalFlows> base = s.flows(base_year);
  if (!g_ocf || !g_capex || std::isnan(base[kSurplus]) || !(base[kOcf] > 0)) return f;
  f[kOcf] = base[kOcf] * std::pow(1 + *g_ocf, lead);
  f[kCapex] = base[kCapex] * std::pow(1 + *g_capex, lead);
  f[kBuybacks] = base[kBuybacks] / base[kOcf] * f[kOcf];
  f[kDividends] = base[kDividends] / base[kOcf] * f[kOcf];
  f[kSurplus] = f[kOcf] - f[kCapex] - f[kBuybacks] - f[kDividends];
  return f;
}

//! The company forecasts summed for the total (NaN where any company's is).
std::array<double, kEvalFlows> total_forecast(
    const std::vector<EntitySeries>& entities, int base_year, int lead,
    std::array<double, kEvalFlows> (*forecast)(const EntitySeries&, int, int)) {
  std::array<double, kEvalFlows> sum{};
  for (std::size_t c = 0; c + 1 < entities.size(); ++c) {
    const std::array<double, kEvalFlows> f = forecast(entities[c], base_year, lead);
    for (int k = 0; k < kEvalFlows; ++k)
      sum[static_cast<std::size_t>(k)] += f[static_cast<std::size_t>(k)];
  }
  return sum;
}

}  // namespace

std::array<double, kEvalFlows> EntitySeries::flows(int year) const {
  std::array<double, kEvalFlows> f{};
  f.fill(kEvalNaN);
  const RealizedYear* r = find_year(*this, year);
  if (!r) return f;
  for (int k = 0; k < 4; ++k)
    f[static_cast<std::size_t>(k)] = r->flows[static_cast<std::size_t>(k)];
  f[kSurplus] = f[kOcf] - f[kCapex] - f[kBuybacks] - f[kDividends];  // NaN unless all four
  return f;
}

std::vector<EntitySeries> with_total(std::vector<EntitySeries> companies) {
  EntitySeries total{.name = "total", .years = {}};
  std::vector<int> years;
  for (const EntitySeries& c : companies)
    for (const RealizedYear& r : c.years)
      if (std::find(years.begin(), years.end(), r.year) == years.end()) years.push_back(r.year);
  std::sort(years.begin(), years.end());
  for (int y : years) {
    RealizedYear sum{.year = y, .flows = {0, 0, 0, 0}};
    for (const EntitySeries& c : companies) {
      const RealizedYear* r = find_year(c, y);
      for (std::size_t k = 0; k < 4; ++k) sum.flows[k] += r ? r->flows[k] : kEvalNaN;
    }
    total.years.push_back(sum);
  }
  companies.push_back(std::move(total));
  return companies;
}

std::array<double, kEvalFlows> seed_forecast(const EntitySeries& s, int base_year, int lead) {
  return project(s, base_year, lead, trailing_growth(s, base_year, kOcf, 3),
                 trailing_growth(s, base_year, kCapex, 3));
}

std::array<double, kEvalFlows> naive_forecast(const EntitySeries& s, int base_year, int lead) {
  return project(s, base_year, lead, growth(s, base_year, kOcf), growth(s, base_year, kCapex));
}

void score_vintage(const std::vector<EntitySeries>& entities, int base_year, int horizon,
                   const VintageSample& sample, std::vector<EvaluationCell>& cells) {
  const int total = static_cast<int>(entities.size()) - 1;
  for (int lead = 1; lead <= horizon; ++lead) {
    for (int e = 0; e <= total; ++e) {
      const EntitySeries& s = entities[static_cast<std::size_t>(e)];
      const auto realized = s.flows(base_year + lead);
      const auto seed = e == total ? total_forecast(entities, base_year, lead, seed_forecast)
                                   : seed_forecast(s, base_year, lead);
      const auto naive = e == total ? total_forecast(entities, base_year, lead, naive_forecast)
                                    : naive_forecast(s, base_year, lead);
      for (int f = 0; f < kEvalFlows; ++f) {
        const auto k = static_cast<std::size_t>(f);
        if (std::isnan(realized[k]) || realized[k] == 0 || std::isnan(seed[k]) ||
            std::isnan(naive[k]))
          continue;
        const SampleScores sc = score_sample(sample(e, lead, f), realized[k]);
        cells.push_back({.base_year = base_year,
                         .year = base_year + lead,
                         .entity = e,
                         .flow = f,
                         .realized = realized[k],
                         .median = sc.median,
                         .pit = sc.pit,
                         .in50 = sc.in50 ? 1.0 : 0.0,
                         .in90 = sc.in90 ? 1.0 : 0.0,
                         .crps = sc.crps,
                         .seed = seed[k],
                         .naive = naive[k],
                         .crps_seed = std::abs(seed[k] - realized[k]),
                         .crps_naive = std::abs(naive[k] - realized[k])});
      }
    }
  }
}

}  // namespace capexsim
