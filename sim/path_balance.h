//! The balance sheet along one path (sim/balance_walk.h) recorded into the block's
//! BalanceBlockStats and the per-path rows.
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "models/cashflow.h"
#include "models/scenario.h"
#include "sim/balance_stats.h"
#include "sim/balance_walk.h"

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
      : walk_(sc, rows.years), st_(st), rows_(rows), C_(sc.companies.size()), T_(rows.years) {}

  //! Before the path's first company; `first`: the block's first path (the sums' shift).
  void start_path(std::size_t path, bool first) {
    path_ = path;
    first_ = first;
    walk_.start_path();
  }

  //! Company c's year t, from its flows and the year's draws; years come in order.
  void company_year(std::size_t c, int t, const Flows& f, const Draws& d) {
    if (t == 0) reset_entity();
    record(c, t, walk_.company_year(c, t, f, d));
  }

  //! After company c's last year.
  void company_done(std::size_t c) { finish_entity(c); }

  //! After every company: the total entity.
  void finish_path() {
    reset_entity();
    for (std::size_t t = 0; t < T_; ++t) record(C_, static_cast<int>(t), walk_.total(t));
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

  BalanceWalk walk_;
  BalanceBlockStats& st_;
  const BalanceRows rows_;
  const std::size_t C_, T_;
  std::size_t path_ = 0;
  bool first_ = false;
  std::array<int, kBalanceEventCount> first_year_{};
  double cumulative_issued_ = 0;
};

}  // namespace capexsim
