//! The balance sheet along one path (sim/balance_walk.h) recorded into the block's
//! BalanceBlockStats and the per-path rows.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/cashflow.h"
#include "models/scenario.h"
#include "sim/balance_stats.h"
#include "sim/balance_walk.h"

namespace capexsim {

//! Per-path rows of the balance sheet, [entity][year][path - offset] and [entity][path - offset]:
//! the run's rows (offset 0, `paths` of them) or, streaming, a block's scratch rows (offset: the
//! block's first path, `paths`: its size). `quantities` (RunOptions::balance_quantiles, else
//! null): the rows of each variable of kQuantileVars, [variable][entity][year][path - offset].
struct BalanceRows {
  double* net_cash = nullptr;
  double* cumulative_issued = nullptr;
  double* quantities = nullptr;
  std::size_t years = 0, paths = 0, offset = 0;
};

//! One block's paths, one at a time. The block's sums are kept here as structure of arrays (one
//! array of shifts, sums and sums of squares over every (entity, year, variable), one of event
//! counts, one of first-year counts with "never" as year T) and written into BalanceBlockStats by
//! finish_block(). Each sum still sees its values one by one in path order, as ShiftedSums::add
//! would (the same bits), but the path's values go into all of them in one vectorised call
//! (add_shifted) instead of 120 scalar updates, and the events' counts and first years take no
//! branch. (Measured, docs/engine.md: the balance step itself is faster with its branches, which
//! break its chain of dependent arithmetic where they predict well.)
class PathBalance {
 public:
  PathBalance(const Scenario& sc, BalanceBlockStats& st, const BalanceRows& rows)
      : walk_(sc, rows.years),
        st_(st),
        rows_(rows),
        C_(sc.companies.size()),
        T_(rows.years),
        values_((C_ + 1) * T_ * kBalanceVarCount),
        shift_(values_.size()),
        sum_(values_.size()),
        sum_sq_(values_.size()),
        events_((C_ + 1) * T_ * kBalanceEventCount),
        first_((C_ + 1) * kBalanceEventCount * (T_ + 1)) {}

  //! Before the path's first company; `first`: the block's first path (the sums' shift).
  void start_path(std::size_t path, bool first) {
    path_ = path;
    first_path_ = first;
    walk_.start_path();
  }

  //! Company c's year t, from its flows and the year's draws; years come in order.
  void company_year(std::size_t c, int t, const Flows& f, const Draws& d) {
    if (t == 0) reset_entity();
    record(c, t, walk_.company_year(c, t, f, d));
  }

  //! After company c's last year.
  void company_done(std::size_t c) { finish_entity(c); }

  //! After every company: the total entity, then the path's values into the sums.
  void finish_path() {
    reset_entity();
    for (std::size_t t = 0; t < T_; ++t) record(C_, static_cast<int>(t), walk_.total(t));
    finish_entity(C_);
    add_values();
  }

  //! After the block's last path: its sums and counts into the BalanceBlockStats.
  void finish_block() {
    const std::size_t E = C_ + 1;
    for (std::size_t i = 0; i < E * T_; ++i) {
      BalanceCell& cell = st_.cells[i];
      for (int k = 0; k < kBalanceVarCount; ++k) {
        const std::size_t v = i * kBalanceVarCount + static_cast<std::size_t>(k);
        cell.values[k] = ShiftedSums{shift_[v], sum_[v], sum_sq_[v]};
      }
      for (int k = 0; k < kBalanceEventCount; ++k)
        cell.events[k] = events_[i * kBalanceEventCount + static_cast<std::size_t>(k)];
    }
    for (std::size_t e = 0; e < E; ++e)
      for (int k = 0; k < kBalanceEventCount; ++k) {
        const std::int64_t* first = &first_[first_index(e, k, 0)];
        for (std::size_t t = 0; t < T_; ++t) st_.cells[e * T_ + t].first[k] = first[t];
        st_.never[e][k] = first[T_];
      }
  }

 private:
  void reset_entity() {
    first_year_.fill(T_);
    cumulative_issued_ = 0;
  }

  std::size_t first_index(std::size_t e, int k, std::size_t year) const {
    return (e * kBalanceEventCount + static_cast<std::size_t>(k)) * (T_ + 1) + year;
  }

  void record(std::size_t e, int t, const BalanceYear& y) {
    const auto year = static_cast<std::size_t>(t);
    const std::size_t idx = e * T_ + year;
    store_balance_values(y, values_.data() + idx * kBalanceVarCount);
    // Without branches: the events are random, a branch on them would often mispredict.
    const std::array<bool, kBalanceEventCount> events = balance_events(y);
    for (int k = 0; k < kBalanceEventCount; ++k) {
      events_[idx * kBalanceEventCount + static_cast<std::size_t>(k)] += events[k] ? 1 : 0;
      first_year_[k] = std::min(first_year_[k], events[k] ? year : T_);
    }
    const std::size_t at = path_ - rows_.offset;
    rows_.net_cash[idx * rows_.paths + at] = y.net_cash;
    if (rows_.quantities != nullptr) {
      const double* v = values_.data() + idx * kBalanceVarCount;
      const std::size_t variable_rows = (C_ + 1) * T_;
      for (std::size_t j = 0; j < kQuantileVars.size(); ++j)
        rows_.quantities[(j * variable_rows + idx) * rows_.paths + at] =
            v[static_cast<std::size_t>(kQuantileVars[j])];
    }
    cumulative_issued_ += y.issued;
  }

  void finish_entity(std::size_t e) {
    for (int k = 0; k < kBalanceEventCount; ++k) ++first_[first_index(e, k, first_year_[k])];
    rows_.cumulative_issued[e * rows_.paths + path_ - rows_.offset] = cumulative_issued_;
  }

  //! The path's values into the shifted sums.
  void add_values() {
    add_shifted(values_.data(), values_.size(), first_path_, shift_.data(), sum_.data(),
                sum_sq_.data());
  }

  BalanceWalk walk_;
  BalanceBlockStats& st_;
  const BalanceRows rows_;
  const std::size_t C_, T_;
  std::size_t path_ = 0;
  bool first_path_ = false;
  // This path's values, [entity][year][variable], and the block's sums of them.
  std::vector<double> values_, shift_, sum_, sum_sq_;
  std::vector<std::int64_t> events_;  // [entity][year][event]
  std::vector<std::int64_t> first_;   // [entity][event][first year, T: never]
  std::array<std::size_t, kBalanceEventCount> first_year_{};  // this entity's, T: none yet
  double cumulative_issued_ = 0;
};

}  // namespace capexsim
