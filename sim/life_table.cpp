#include "sim/life_table.h"

#include "sim/precision.h"

namespace capexsim {

LifeTable life_table(const std::vector<std::int64_t>& first, double n, std::size_t entities,
                     std::size_t years) {
  LifeTable out;
  for (auto* v : {&out.survival, &out.survival_lower, &out.survival_upper, &out.hazard,
                  &out.hazard_lower, &out.hazard_upper})
    v->assign(entities * years, 0.0);
  for (std::size_t e = 0; e < entities; ++e) {
    double at_risk = n;
    for (std::size_t t = 0; t < years; ++t) {
      const std::size_t i = e * years + t;
      const auto events = static_cast<double>(first[i]);
      const double h = at_risk > 0 ? events / at_risk : 0.0;
      const auto [h_lo, h_hi] = wilson_interval(h, at_risk);
      out.hazard[i] = h;
      out.hazard_lower[i] = at_risk > 0 ? h_lo : 0.0;
      out.hazard_upper[i] = at_risk > 0 ? h_hi : 1.0;
      at_risk -= events;
      const double surv = at_risk / n;
      const auto [s_lo, s_hi] = wilson_interval(surv, n);
      out.survival[i] = surv;
      out.survival_lower[i] = s_lo;
      out.survival_upper[i] = s_hi;
    }
  }
  return out;
}

}  // namespace capexsim
