//! The balance sheet's part of a run (docs/model.md, "Balance sheet") besides its sums (which the
//! Accumulator merges with the surplus'): its per-path rows or, streaming, quantile sketches, and
//! at the end its quantiles; inert when the scenario has no financing.
#pragma once

#include <oneapi/tbb/enumerable_thread_specific.h>
#include <cstddef>

#include <vector>

#include "models/scenario.h"
#include "sim/cluster.h"
#include "sim/engine_snapshot.h"
#include "sim/path_array.h"
#include "sim/path_balance.h"
#include "sim/quantile_sketch.h"
#include "sim/results.h"
#include "sim/run_options.h"
#include "sim/sensitivity_sample.h"
#include "sim/surplus_quantiles.h"

namespace capexsim {

//! InputError (key "financing") for a scenario built in code that gives financing to some
//! companies but not all (the loader refuses such files). Nothing to check without financing.
void check_balance_financing(const Scenario& sc);

class BalanceRun {
 public:
  //! `streaming` (--store-paths none): no rows of the whole run; each block's rows go into this
  //! thread's quantile sketches (docs/streaming.md). `quantities`: also the rows (or sketches)
  //! of every variable of kQuantileVars (RunOptions::balance_quantiles), not only net cash's.
  BalanceRun(const Scenario& sc, std::size_t paths, bool streaming, bool quantities);

  bool enabled() const { return enabled_; }
  //! Sizes the per-path rows (untouched until the blocks fill them).
  void allocate();
  //! Where the block of paths [begin, end) writes its rows (this thread's scratch, streaming).
  BalanceRows rows(std::size_t begin, std::size_t end);
  //! Streaming: the block's rows (from rows(begin, end), same thread) into this thread's sketches,
  //! and its net cash into the sensitivity sample.
  void end_block(const BalanceRows& rows, SensitivityCapture& sample);
  //! The kept per-path net-cash rows, [entity][year][path] with paths() a row; null when
  //! streaming or without financing.
  const double* net_cash_rows() const {
    return enabled_ && !streaming_ ? net_cash_.data() : nullptr;
  }
  std::size_t paths() const { return P_; }
  //! The per-path rows' first `done` paths as a checkpoint's state (not streaming).
  void add_to_snapshot(EngineSnapshot& s, std::size_t done);
  //! Streaming: the sketches a checkpoint saves and restores (null otherwise).
  SurplusSketches* sketches() { return enabled_ && streaming_ ? &sketches_ : nullptr; }
  //! Streaming: merges every thread's (and rank's, onto rank 0) sketches; every rank calls it.
  void collect(Cluster* cluster);
  //! The quantiles over the first `used` paths into r.balance (whose sums the Accumulator has
  //! finished), and /paths/net_cash into r.path_net_cash when every entity's paths are stored.
  void finish(RunResults& r, std::size_t used);

 private:
  //! The rows of one path (or, streaming, sketches): net cash (entity, year), debt issued over
  //! the horizon (entity), then with quantities each of kQuantileVars (entity, year).
  std::size_t row_count() const;

  const bool enabled_, streaming_, quantities_;
  const std::size_t E_, T_, P_;
  PathArray<double> net_cash_;           // [entity][year][path]
  PathArray<double> cumulative_issued_;  // [entity][path]
  PathArray<double> quantity_rows_;      // [kQuantileVars][entity][year][path], with quantities
  // Streaming: per thread a block's rows, and their sketches, in row_count()'s order.
  tbb::enumerable_thread_specific<std::vector<double>> scratch_;
  SurplusSketches sketches_;
  std::vector<QuantileSketch> merged_;  // streaming: after collect
};

}  // namespace capexsim
