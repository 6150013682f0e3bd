//! The balance sheet's part of a run (docs/model.md, "Balance sheet"): its per-path rows, its
//! block-order sums and, at the end, its results; inert when the scenario has no financing.
//! Which run options it supports so far is checked by check_balance_options.
#pragma once

#include <cstddef>
#include <optional>

#include "models/scenario.h"
#include "sim/balance_accumulator.h"
#include "sim/path_array.h"
#include "sim/path_balance.h"
#include "sim/results.h"
#include "sim/run_options.h"

namespace capexsim {

//! InputError (key "financing") for a run option the balance sheet does not carry yet: samplers
//! other than mc, common random numbers, --store-paths none, several processes, checkpoints and
//! resume. Nothing to check without financing.
void check_balance_options(const Scenario& sc, const RunOptions& options);

class BalanceRun {
 public:
  BalanceRun(const Scenario& sc, std::size_t paths);

  bool enabled() const { return enabled_; }
  //! Sizes the per-path rows (untouched until the blocks fill them).
  void allocate();
  BalanceRows rows() { return {net_cash_.data(), cumulative_issued_.data(), T_, P_}; }
  //! Block statistics, in block order.
  void add(double n, const BalanceBlockStats& block) { acc_->add(n, block); }
  //! The results over the first `used` paths into r.balance, and /paths/net_cash into
  //! r.path_net_cash when every entity's paths are stored.
  void finish(RunResults& r, std::size_t used);

 private:
  const bool enabled_;
  const std::size_t E_, T_, P_;
  std::optional<BalanceAccumulator> acc_;
  PathArray<double> net_cash_;           // [entity][year][path]
  PathArray<double> cumulative_issued_;  // [entity][path]
};

}  // namespace capexsim
