//! Management policy rules of one company, applied along each path (docs/policy.md): payouts cut
//! in the year after a deficit year, and capex held between a floor and a ceiling share of OCF.
#pragma once

#include <optional>

#include "models/cashflow.h"

namespace capexsim {

//! `{ when = "surplus < 0", factor = f }`: the year after a year whose own surplus is negative,
//! that year's drawn payout ratio is multiplied by f (in [0, 1]). Each year looks only at the
//! year before, so the cut applies again after every deficit year and never compounds.
struct PayoutCut {
  double factor = 1.0;
};

struct Policy {
  std::optional<PayoutCut> buyback_cut;
  std::optional<PayoutCut> dividend_cut;
  std::optional<double> capex_floor;    //!< capex >= floor * OCF of the same year
  std::optional<double> capex_ceiling;  //!< capex <= ceiling * OCF of the same year

  //! No rule: the path is the plain model's, bit for bit.
  bool empty() const { return !buyback_cut && !dividend_cut && !capex_floor && !capex_ceiling; }
};

//! The draws with the payout cuts applied when the previous projection year was a deficit year.
Draws cut_payouts(const Policy& policy, const Draws& drawn, bool previous_deficit);

//! Capex held between floor * ocf and ceiling * ocf (either bound may be absent).
double clamp_capex(const Policy& policy, double capex, double ocf);

//! project_year under the policy: the payout ratios cut after a deficit year, then the grown
//! capex clamped to the same year's OCF. The clamped capex is what the next year grows from.
Step project_year(double prev_ocf, double prev_capex, const Draws& drawn, const Policy& policy,
                  bool previous_deficit);

}  // namespace capexsim
