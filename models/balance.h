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
};

//! One year t: `prev` the balances at the end of t-1, `base` those of the base year, `surplus`
//! and `ocf` the year's (after policy and nowcast), `d` the year's drawn rates and other flows.
inline BalanceYear balance_step(const Balance& prev, const Balance& base, double surplus,
                                double ocf, const BalanceDraws& d, const FinancingRules& rules) {
  BalanceYear y;
  y.interest = d.cash_yield * (prev.cash - base.cash) - d.debt_rate * (prev.debt - base.debt);
  y.other = d.other_flows * ocf;
  const double pre = prev.cash + surplus + y.interest + y.other;
  const double need = std::max(0.0, rules.min_cash_ratio * ocf - pre);
  const double room = std::max(0.0, rules.max_debt_to_ocf * ocf - prev.debt);
  y.issued = std::min(need, room);
  y.equity = rules.equity ? need - y.issued : 0.0;
  y.shortfall = need - y.issued - y.equity;
  y.cash = pre + y.issued + y.equity;
  y.debt = prev.debt + y.issued;
  y.net_cash = y.cash - y.debt;
  return y;
}

}  // namespace capexsim
