//! The seed report's cash-flow model: one projection year of one company.
#pragma once

namespace capexsim {

//! The four flows of one company (or the sum over companies) in one year.
struct Flows {
  double ocf = 0;
  double buybacks = 0;
  double dividends = 0;
  double capex = 0;
  double surplus() const { return ocf - buybacks - dividends - capex; }
  //! (buybacks + dividends + capex) / OCF.
  double usage_ratio() const { return (buybacks + dividends + capex) / ocf; }
};

//! The drawn parameters of one company in one year.
struct Draws {
  double ocf_growth = 0;
  double capex_growth = 0;
  double buyback_ratio = 0;
  double dividend_ratio = 0;
  //! The balance sheet's (docs/model.md, "Balance sheet"); 0 without financing.
  double cash_yield = 0;
  double debt_rate = 0;
  double other_flows = 0;  //!< share of OCF
};

//! Result of one step: the flows, and whether a growth draw at or below -100% was clamped (its
//! growth factor set to 0; the results' ocf_growth_floored / capex_growth_floored count these).
struct Step {
  Flows flows;
  bool ocf_growth_floored = false;
  bool capex_growth_floored = false;
};

//! A growth draw g <= -1 would make the flow zero or flip its sign; the growth factor
//! (1 + g) is floored at 0, so the flow becomes 0 (and stays 0 on that path). Every such
//! event is counted and written to the results (docs/model.md).
inline double growth_factor(double g, bool& growth_floored) {
  growth_floored = g <= -1.0;
  return growth_floored ? 0.0 : 1.0 + g;
}

//! OCF[t] = OCF[t-1] (1 + g_ocf); capex[t] = capex[t-1] (1 + g_capex);
//! buybacks[t] = OCF[t] * buyback_ratio; dividends[t] = OCF[t] * dividend_ratio.
inline Step project_year(double prev_ocf, double prev_capex, const Draws& d) {
  Step s;
  s.flows.ocf = prev_ocf * growth_factor(d.ocf_growth, s.ocf_growth_floored);
  s.flows.capex = prev_capex * growth_factor(d.capex_growth, s.capex_growth_floored);
  s.flows.buybacks = s.flows.ocf * d.buyback_ratio;
  s.flows.dividends = s.flows.ocf * d.dividend_ratio;
  return s;
}

}  // namespace capexsim
