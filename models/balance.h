//! The balance sheet of one company (or of the sum over companies) along a path: cash, debt
//! and the financing that keeps cash at a floor (docs/model.md, "Balance sheet").
#pragma once

#include <algorithm>
#include <vector>

namespace capexsim {

//! Year-end cash and debt.
struct Balance {
  double cash = 0;
  double debt = 0;
};

//! A company's opening balances and fixed financing rules, as the scenario gives them. Its drawn
//! rates (cash_yield, debt_rate) and other flows are parameters like the growth rates
//! (Company::params, Param::cash_yield ...).
struct Financing {
  Balance base;                        //!< base-year year-end cash and debt
  std::vector<double> min_cash_ratio;  //!< per projection year: cash floor as a share of OCF
  double max_debt_to_ocf = 0;          //!< debt ceiling as a multiple of OCF
  bool equity = false;                 //!< issue equity for what debt cannot cover
};

//! One year of the balance sheet: the year-end balances and the year's flows.
struct BalanceYear {
  double cash = 0, debt = 0, net_cash = 0;
  double issued = 0, equity = 0, shortfall = 0, interest = 0;
  double other = 0;  //!< other cash flows: other_flows * OCF
};

//! The drawn values of one year that move the balance sheet.
struct BalanceDraws {
  double cash_yield = 0;
  double debt_rate = 0;
  double other_flows = 0;  //!< share of OCF
};

//! The rules of one year that do not vary along a path.
struct FinancingRules {
  double min_cash_ratio = 0;
  double max_debt_to_ocf = 0;
  bool equity = false;
  //! Debt and equity already issued in the year (the first year's `known`; else 0), in cash and
  //! debt before the rule tops them up.
  double known_debt = 0, known_equity = 0;
};

//! One year t: `prev` the balances at the end of t-1, `base` those of the base year, `surplus`
//! and `ocf` the year's (after policy and nowcast), `d` the year's drawn rates and other flows.
//! Issuance already known in the year (rules.known_debt, known_equity) is in cash and debt
//! before the rule, which issues only what the floor still needs; the year's issued and equity
//! include it.
inline BalanceYear balance_step(const Balance& prev, const Balance& base, double surplus,
                                double ocf, const BalanceDraws& d, const FinancingRules& rules) {
  BalanceYear y;
  y.interest = d.cash_yield * (prev.cash - base.cash) - d.debt_rate * (prev.debt - base.debt);
  y.other = d.other_flows * ocf;
  double pre = prev.cash + surplus + y.interest + y.other;
  double debt = prev.debt;
  const bool known = rules.known_debt != 0.0 || rules.known_equity != 0.0;
  if (known) {  // (a branch: without it every other year would add two zeros)
    pre += rules.known_debt + rules.known_equity;
    debt += rules.known_debt;
  }
  const double need = std::max(0.0, rules.min_cash_ratio * ocf - pre);
  const double room = std::max(0.0, rules.max_debt_to_ocf * ocf - debt);
  const double borrowed = std::min(need, room);
  const double raised = rules.equity ? need - borrowed : 0.0;
  y.shortfall = need - borrowed - raised;
  y.cash = pre + borrowed + raised;
  y.debt = debt + borrowed;
  y.net_cash = y.cash - y.debt;
  y.issued = known ? rules.known_debt + borrowed : borrowed;
  y.equity = known ? rules.known_equity + raised : raised;
  return y;
}

}  // namespace capexsim
