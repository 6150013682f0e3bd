//! The balance sheet along one path (docs/model.md, "Balance sheet"): each company's, year by
//! year as the path model hands over its flows, then the total's from the sums of the companies'
//! balances and flows. Records into the block's BalanceBlockStats and the per-path rows.
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "models/balance.h"
#include "models/cashflow.h"
#include "models/scenario.h"
#include "sim/balance_stats.h"

namespace capexsim {

//! Per-path rows of the balance sheet, [entity][year][path - offset] and [entity][path - offset]:
//! the run's rows (offset 0, `paths` of them) or, streaming, a block's scratch rows (offset: the
//! block's first path, `paths`: its size).
struct BalanceRows {
  double* net_cash = nullptr;
  double* cumulative_issued = nullptr;
  std::size_t years = 0, paths = 0, offset = 0;
};

class PathBalance {
 public:
  PathBalance(const Scenario& sc, BalanceBlockStats& st, const BalanceRows& rows)
      : sc_(sc), st_(st), rows_(rows), C_(sc.companies.size()), T_(rows.years), total_(T_) {}

  //! Before the path's first company; `first`: the block's first path (the sums' shift).
  void start_path(std::size_t path, bool first) {
    path_ = path;
    first_ = first;
    for (BalanceYear& y : total_) y = BalanceYear{};
  }

  //! Company c's year t, from its flows and the year's drawn rates; years come in order.
  void company_year(std::size_t c, int t, const Flows& f, double cash_yield, double debt_rate) {
    const Financing& fin = *sc_.companies[c].financing;
    if (t == 0) {
      prev_ = fin.base;
      reset_entity();
    }
    const FinancingRules rules{fin.min_cash_ratio[static_cast<std::size_t>(t)], fin.max_debt_to_ocf,
                               fin.equity};
    const BalanceYear y =
        balance_step(prev_, fin.base, f.surplus(), f.ocf, cash_yield, debt_rate, rules);
    prev_ = Balance{y.cash, y.debt};
    record(c, t, y);
    BalanceYear& tot = total_[static_cast<std::size_t>(t)];
    tot.cash += y.cash;
    tot.debt += y.debt;
    tot.net_cash += y.net_cash;
    tot.issued += y.issued;
    tot.equity += y.equity;
    tot.shortfall += y.shortfall;
    tot.interest += y.interest;
  }

  //! After company c's last year.
  void company_done(std::size_t c) { finish_entity(c); }

  //! After every company: the total entity.
  void finish_path() {
    reset_entity();
    for (std::size_t t = 0; t < T_; ++t) record(C_, static_cast<int>(t), total_[t]);
    finish_entity(C_);
  }

 private:
  void reset_entity() {
    first_year_.fill(-1);
    cumulative_issued_ = 0;
  }

  void record(std::size_t e, int t, const BalanceYear& y) {
    const std::size_t idx = e * T_ + static_cast<std::size_t>(t);
    BalanceCell& cell = st_.cells[idx];
    const auto values = balance_values(y);
    for (int k = 0; k < kBalanceVarCount; ++k) cell.values[k].add(values[k], first_);
    const auto events = balance_events(y);
    for (int k = 0; k < kBalanceEventCount; ++k) {
      cell.events[k] += events[k] ? 1 : 0;
      if (events[k] && first_year_[k] < 0) first_year_[k] = t;
    }
    rows_.net_cash[idx * rows_.paths + path_ - rows_.offset] = y.net_cash;
    cumulative_issued_ += y.issued;
  }

  void finish_entity(std::size_t e) {
    for (int k = 0; k < kBalanceEventCount; ++k) {
      if (first_year_[k] >= 0)
        ++st_.cells[e * T_ + static_cast<std::size_t>(first_year_[k])].first[k];
      else
        ++st_.never[e][k];
    }
    rows_.cumulative_issued[e * rows_.paths + path_ - rows_.offset] = cumulative_issued_;
  }

  const Scenario& sc_;
  BalanceBlockStats& st_;
  const BalanceRows rows_;
  const std::size_t C_, T_;
  std::vector<BalanceYear> total_;  // per year: the sums over companies
  std::size_t path_ = 0;
  bool first_ = false;
  Balance prev_;
  std::array<int, kBalanceEventCount> first_year_{};
  double cumulative_issued_ = 0;
};

}  // namespace capexsim
