//! The balance sheet along one path (docs/model.md, "Balance sheet"): each company's, year by
//! year as the path model hands over its flows and draws, and the total's as the sums of the
//! companies' balances and flows. Shared by the engine (sim/path_balance.h) and replay, so a
//! replayed balance sheet is the simulated one by construction.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "models/balance.h"
#include "models/cashflow.h"
#include "models/scenario.h"

namespace capexsim {

class BalanceWalk {
 public:
  BalanceWalk(const Scenario& sc, std::size_t years) : sc_(sc), total_(years) {}

  //! Before the path's first company.
  void start_path() {
    for (BalanceYear& y : total_) y = BalanceYear{};
  }

  //! Company c's year t from its flows and draws (years in order, t = 0 first); adds it to the
  //! total's year t.
  BalanceYear company_year(std::size_t c, int t, const Flows& f, const Draws& d) {
    const Financing& fin = *sc_.companies[c].financing;
    if (t == 0) prev_ = fin.base;
    FinancingRules rules{fin.min_cash_ratio[static_cast<std::size_t>(t)], fin.max_debt_to_ocf,
                         fin.equity};
    if (t == 0)
      if (const std::optional<KnownPart>& known = sc_.companies[c].known) {
        rules.known_debt = known->debt_issued;
        rules.known_equity = known->equity_issued;
      }
    const BalanceYear y = balance_step(prev_, fin.base, f.surplus(), f.ocf,
                                       {d.cash_yield, d.debt_rate, d.other_flows}, rules);
    prev_ = Balance{y.cash, y.debt};
    BalanceYear& tot = total_[static_cast<std::size_t>(t)];
    tot.cash += y.cash;
    tot.debt += y.debt;
    tot.net_cash += y.net_cash;
    tot.issued += y.issued;
    tot.equity += y.equity;
    tot.shortfall += y.shortfall;
    tot.interest += y.interest;
    tot.other += y.other;
    return y;
  }

  //! The total's year t (complete once every company has had its year t).
  const BalanceYear& total(std::size_t t) const { return total_[t]; }

 private:
  const Scenario& sc_;
  std::vector<BalanceYear> total_;  // per year: the sums over companies
  Balance prev_;                    // the current company's balances at the end of year t-1
};

}  // namespace capexsim
