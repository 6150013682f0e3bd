#include "models/policy.h"

#include <algorithm>

namespace capexsim {

Draws cut_payouts(const Policy& policy, const Draws& drawn, bool previous_deficit) {
  Draws d = drawn;
  if (!previous_deficit) return d;
  if (policy.buyback_cut) d.buyback_ratio *= policy.buyback_cut->factor;
  if (policy.dividend_cut) d.dividend_ratio *= policy.dividend_cut->factor;
  return d;
}

double clamp_capex(const Policy& policy, double capex, double ocf) {
  if (policy.capex_floor) capex = std::max(capex, *policy.capex_floor * ocf);
  if (policy.capex_ceiling) capex = std::min(capex, *policy.capex_ceiling * ocf);
  return capex;
}

Step project_year(double prev_ocf, double prev_capex, const Draws& drawn, const Policy& policy,
                  bool previous_deficit) {
  Step step = project_year(prev_ocf, prev_capex, cut_payouts(policy, drawn, previous_deficit));
  step.flows.capex = clamp_capex(policy, step.flows.capex, step.flows.ocf);
  return step;
}

}  // namespace capexsim
