// Standard errors: binomial for survival; for a quantile the normal approximation behind its
// order-statistic interval (Conover 1999, 3.2), so half-width / z is the quantile's standard error.
#include "analysis/result_statistic.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "models/errors.h"
#include "sim/precision.h"

namespace capexsim {

Estimate result_statistic(const RunResults& r, const TargetStatistic& t) {
  const int e = t.entity < 0 ? r.entity_count() - 1 : t.entity;
  const int y = t.year < 0 ? r.year_count() - 1 : t.year;
  if (e < 0 || e >= r.entity_count() || y < 0 || y >= r.year_count())
    throw InputError("result_statistic: no cell (" + std::to_string(e) + ", " + std::to_string(y) +
                     ") in the results");
  const std::size_t i = r.at(e, y);
  using Kind = TargetStatistic::Kind;
  switch (t.kind) {
    case Kind::prob_negative:
      return {r.prob_negative[i], r.prob_negative_stderr[i]};
    case Kind::surplus_mean:
      return {r.surplus_mean[i], r.surplus_mean_stderr[i]};
    case Kind::ocf_mean:
      return {r.ocf_mean[i], r.ocf_mean_stderr[i]};
    case Kind::capex_mean:
      return {r.capex_mean[i], r.capex_mean_stderr[i]};
    case Kind::survival: {
      const double s = r.survival[i];
      return {s, std::sqrt(s * (1 - s) / static_cast<double>(r.paths))};
    }
    case Kind::surplus_quantile: {
      const std::size_t Q = r.quantile_levels.size();
      for (std::size_t q = 0; q < Q; ++q)
        if (std::abs(r.quantile_levels[q] - t.level) < 1e-12) {
          const std::size_t j = i * Q + q;
          return {r.surplus_quantiles[j],
                  (r.surplus_quantiles_upper[j] - r.surplus_quantiles_lower[j]) / (2 * kZ95)};
        }
      throw InputError("result_statistic: quantile level " + std::to_string(t.level) +
                       " is not among the run's quantile levels");
    }
  }
  throw InputError("result_statistic: unknown statistic kind");
}

}  // namespace capexsim
