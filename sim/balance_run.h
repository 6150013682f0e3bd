//! The balance sheet's part of a run (docs/model.md, "Balance sheet"): its per-path rows, its
//! block-order sums and, at the end, its results; inert when the scenario has no financing.
//! Which run options it supports so far is checked by check_balance_options.
#pragma once

#include <oneapi/tbb/enumerable_thread_specific.h>
#include <cstddef>

#include <optional>
#include <vector>

#include "models/scenario.h"
#include "sim/balance_accumulator.h"
#include "sim/path_array.h"
#include "sim/path_balance.h"
#include "sim/quantile_sketch.h"
#include "sim/results.h"
#include "sim/run_options.h"
#include "sim/surplus_quantiles.h"

namespace capexsim {

//! InputError (key "financing") for a run option the balance sheet does not carry yet: samplers
//! other than mc, common random numbers, several processes, checkpoints and resume. Nothing to
//! check without financing.
void check_balance_options(const Scenario& sc, const RunOptions& options);

class BalanceRun {
 public:
  //! `streaming` (--store-paths none): no rows of the whole run; each block's rows go into this
  //! thread's quantile sketches (docs/streaming.md).
  BalanceRun(const Scenario& sc, std::size_t paths, bool streaming);

  bool enabled() const { return enabled_; }
  //! Sizes the per-path rows (untouched until the blocks fill them).
  void allocate();
  //! Where the block of paths [begin, end) writes its rows (this thread's scratch, streaming).
  BalanceRows rows(std::size_t begin, std::size_t end);
  //! Streaming: the block's rows (from rows(begin, end), same thread) into this thread's sketches.
  void end_block(const BalanceRows& rows);
  //! Block statistics, in block order.
  void add(double n, const BalanceBlockStats& block) { acc_->add(n, block); }
  //! The results over the first `used` paths into r.balance, and /paths/net_cash into
  //! r.path_net_cash when every entity's paths are stored.
  void finish(RunResults& r, std::size_t used);

 private:
  const bool enabled_, streaming_;
  const std::size_t E_, T_, P_;
  std::optional<BalanceAccumulator> acc_;
  PathArray<double> net_cash_;           // [entity][year][path]
  PathArray<double> cumulative_issued_;  // [entity][path]
  // Streaming: per thread a block's rows, and the sketches of net cash (entity, year) then of the
  // debt issued over the horizon (entity).
  tbb::enumerable_thread_specific<std::vector<double>> scratch_;
  SurplusSketches sketches_;
};

}  // namespace capexsim
