//! The nowcast year: the first projection year when part of it is already known (a company's
//! `known` flows, January to the end of a quarter). Only the rest of the year is drawn
//! (docs/model.md, "The nowcast year").
#pragma once

#include "models/cashflow.h"
#include "models/policy.h"

namespace capexsim {

//! Flows actually reported from January to the end of quarter `quarters` (1..3) of `year`, the
//! first projection year.
struct KnownPart {
  int year = 0;
  int quarters = 0;
  Flows flows;
  //! Debt and equity issued over the same months (with financing; 0 when not given): added to
  //! the year's cash and debt before the financing rule (docs/model.md, "Balance sheet").
  double debt_issued = 0, equity_issued = 0;
  //! k: the known share of the year, quarters / 4.
  double share() const { return quarters / 4.0; }
};

namespace detail {

//! The known flows plus the drawn remainder's.
inline Step add_known(const Flows& known, Step rest) {
  rest.flows.ocf = known.ocf + rest.flows.ocf;
  rest.flows.capex = known.capex + rest.flows.capex;
  rest.flows.buybacks = known.buybacks + rest.flows.buybacks;
  rest.flows.dividends = known.dividends + rest.flows.dividends;
  return rest;
}

}  // namespace detail

//! With k = known.share(): the remainder is the plain model's step from (1 - k) of the base
//! year's OCF and capex, i.e. rest_ocf = (1 - k) base.ocf (1 + g_ocf) (growth factor floored at 0
//! as in every year), rest_capex likewise, payouts = ratio * rest_ocf; each flow of the year is
//! the known one plus the remainder's. Pro rata: g is the growth of the unknown share of the year
//! over the same share of the base year.
inline Step project_nowcast_year(const Flows& base, const KnownPart& known, const Draws& d) {
  const double rest = 1.0 - known.share();
  return detail::add_known(known.flows, project_year(rest * base.ocf, rest * base.capex, d));
}

//! The same under a policy, which acts on the drawn remainder only (the known part happened):
//! the payout cuts scale the drawn ratios, the capex floor and ceiling hold the remainder's capex
//! between floor and ceiling times the remainder's OCF.
inline Step project_nowcast_year(const Flows& base, const KnownPart& known, const Draws& d,
                                 const Policy& policy, bool previous_deficit) {
  const double rest = 1.0 - known.share();
  return detail::add_known(
      known.flows, project_year(rest * base.ocf, rest * base.capex, d, policy, previous_deficit));
}

}  // namespace capexsim
