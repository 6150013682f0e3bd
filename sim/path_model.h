//! One path of the model: draws every company's parameters year by year from the block's
//! streams, applies the cash-flow model and each company's policy rules (docs/policy.md) and sums
//! the total. Shared by the engine and by replay, so a replayed path is the simulated one by
//! construction.
#pragma once

#include <span>

#include "models/cashflow.h"
#include "models/scenario.h"
#include "sim/block_streams.h"

namespace capexsim {

//! The first projection year of a company with actuals (`known`): known part + drawn rest. No
//! deficit precedes it, so the policy's payout cuts never apply; its capex bounds may.
inline Step nowcast_step(const Flows& base, const KnownPart& known, const Draws& d,
                         const Policy& policy, bool plain) {
  return plain ? project_nowcast_year(base, known, d)
               : project_nowcast_year(base, known, d, policy, false);
}

//! `streams` is a BlockStreams (independent draws) or a TransformedDraws (samplers, copula).
//! Calls on_year(c, t, draws, step) for each company and year in that order (the draws as drawn,
//! with the balance sheet's rates and other flows when the company has financing,
//! the step's flows after the policy rules) and on_company_done(c) after each company's last
//! year; leaves the total's flows in `total` (one per year).
template <class Source, class OnYear, class OnCompanyDone>
inline void simulate_path(const Scenario& sc, Source& streams, std::span<Flows> total,
                          OnYear&& on_year, OnCompanyDone&& on_company_done) {
  streams.next_path();
  for (Flows& f : total) f = Flows{};
  const int T = static_cast<int>(total.size());
  for (std::size_t c = 0; c < sc.companies.size(); ++c) {
    double ocf = sc.companies[c].base.ocf;
    double capex = sc.companies[c].base.capex;
    const Policy& policy = sc.companies[c].policy;
    const bool plain = policy.empty();
    // The balance sheet's parameters are drawn only with financing (fixed at 0 without).
    const bool financed = sc.companies[c].financing.has_value();
    // The nowcast year (first projection year) of a company with actuals: known + drawn rest.
    const KnownPart* known = sc.companies[c].known ? &*sc.companies[c].known : nullptr;
    bool deficit = false;  // the company's own surplus < 0 in the previous projection year
    for (int t = 0; t < T; ++t) {
      Draws d{streams.draw(c, Param::ocf_growth, t), streams.draw(c, Param::capex_growth, t),
              streams.draw(c, Param::buyback_ratio, t), streams.draw(c, Param::dividend_ratio, t)};
      if (financed) {
        d.cash_yield = streams.draw(c, Param::cash_yield, t);
        d.debt_rate = streams.draw(c, Param::debt_rate, t);
        d.other_flows = streams.draw(c, Param::other_flows, t);
      }
      const Step step = known != nullptr && t == 0
                            ? nowcast_step(sc.companies[c].base, *known, d, policy, plain)
                        : plain ? project_year(ocf, capex, d)
                                : project_year(ocf, capex, d, policy, deficit);
      deficit = step.flows.surplus() < 0.0;
      ocf = step.flows.ocf;
      capex = step.flows.capex;
      on_year(c, t, d, step);
      Flows& tot = total[static_cast<std::size_t>(t)];
      tot.ocf += step.flows.ocf;
      tot.buybacks += step.flows.buybacks;
      tot.dividends += step.flows.dividends;
      tot.capex += step.flows.capex;
    }
    on_company_done(c);
  }
}

}  // namespace capexsim
