//! The balance sheet of one company (or of the sum over companies) along a path: cash, debt
//! and the financing that keeps cash at a floor (docs/model.md, "Balance sheet").
#pragma once

#include <algorithm>
#include <vector>

#include "models/distribution.h"

namespace capexsim {

//! Year-end cash and debt.
struct Balance {
  double cash = 0;
  double debt = 0;
};

//! A company's opening balances and financing rules, as the scenario gives them.
struct Financing {
  Balance base;                        //!< base-year year-end cash and debt
  ParamSpec cash_yield;                //!< drawn: interest earned on cash above the base year's
  ParamSpec debt_rate;                 //!< drawn: interest paid on debt above the base year's
  std::vector<double> min_cash_ratio;  //!< per projection year: cash floor as a share of OCF
  double max_debt_to_ocf = 0;          //!< debt ceiling as a multiple of OCF
  bool equity = false;                 //!< issue equity for what debt cannot cover
};

//! One year of the balance sheet: the year-end balances and the year's flows.
struct BalanceYear {
  double cash = 0, debt = 0, net_cash = 0;
  double issued = 0, equity = 0, shortfall = 0, interest = 0;
};

//! The rules of one year that do not vary along a path.
struct FinancingRules {
  double min_cash_ratio = 0;
  double max_debt_to_ocf = 0;
  bool equity = false;
};

//! One year t: `prev` the balances at the end of t-1, `base` those of the base year, `surplus`
//! and `ocf` the year's (after policy and nowcast), the drawn rates of year t.
inline BalanceYear balance_step(const Balance& prev, const Balance& base, double surplus,
                                double ocf, double cash_yield, double debt_rate,
                                const FinancingRules& rules) {
  BalanceYear y;
  y.interest = cash_yield * (prev.cash - base.cash) - debt_rate * (prev.debt - base.debt);
  const double pre = prev.cash + surplus + y.interest;
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
