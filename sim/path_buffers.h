//! The per-path buffers a run fills, their layout (as in RunResults) and their hand-over to the
//! results: every entity's surplus (exact quantiles and the sensitivity sample need it), and with
//! --store-paths all the four flows and first negative years. A streaming run (--store-paths
//! none) keeps none of these; each thread then writes its block's surplus into scratch rows.
#pragma once

#include <oneapi/tbb/enumerable_thread_specific.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/cashflow.h"
#include "sim/engine_snapshot.h"
#include "sim/path_array.h"
#include "sim/results.h"

namespace capexsim {

//! Where a block writes each (entity, year)'s surplus: rows[cell][path - offset]. The run's
//! per-path rows (offset 0) when paths are kept, or the block's own scratch rows (offset: the
//! block's first path) when streaming.
struct SurplusRows {
  double* const* rows;
  std::size_t offset;
};

//! The surplus is kept in one [entity][year][path] array with StorePaths::all, otherwise as the
//! companies' [company][year][path] and the total's [year][path], so that the total's part can
//! be handed to the results without a copy.
class PathBuffers {
 public:
  PathBuffers(std::size_t companies, std::size_t years, std::size_t paths, StorePaths store);

  //! Sizes the buffers for all paths (left uninitialized: the blocks' threads touch them first).
  void allocate();

  //! Where the block starting at path `begin` writes its surplus; `scratch_rows` holds the row
  //! pointers into this thread's scratch when streaming and must outlive the block.
  SurplusRows block_rows(std::size_t begin, std::vector<double*>& scratch_rows);

  //! The four flows of (entity e, year t) on `path`, kept with StorePaths::all only.
  void store_flows(std::size_t e, int t, std::size_t path, const Flows& f) {
    if (store_ != StorePaths::all) return;
    const std::size_t s = (e * T_ + static_cast<std::size_t>(t)) * P_ + path;
    ocf_[s] = f.ocf;
    buybacks_[s] = f.buybacks;
    dividends_[s] = f.dividends;
    capex_[s] = f.capex;
  }

  //! Entity e's first negative year on `path` (0: never): every entity's with StorePaths::all,
  //! the total's with StorePaths::total.
  void store_first_negative_year(std::size_t e, std::size_t path, std::int32_t year) {
    if (store_ == StorePaths::all)
      first_negative_year_[e * P_ + path] = year;
    else if (store_ == StorePaths::total && e == C_)
      first_negative_year_[path] = year;
  }

  //! The per-path surplus rows, [entity * years + t] -> P values (empty when streaming).
  double* const* surplus_rows() const { return surplus_rows_.data(); }

  //! The buffers' arrays with their first `done` paths as state, for a checkpoint.
  void add_to_snapshot(EngineSnapshot& s, std::size_t done);

  //! Moves the stored paths (the first `used` of each row) into `r`, as --store-paths asks.
  void hand_over(RunResults& r, std::size_t used);

 private:
  const std::size_t C_, E_, T_, P_;
  const StorePaths store_;
  PathArray<double> surplus_all_, company_surplus_, total_surplus_;
  std::vector<double*> surplus_rows_;                     // [entity][year] -> P values
  PathArray<double> ocf_, buybacks_, dividends_, capex_;  // [entity][year][path], StorePaths::all
  PathArray<std::int32_t> first_negative_year_;           // [stored entity][path]
  tbb::enumerable_thread_specific<std::vector<double>> scratch_;  // streaming: a block's rows
};

}  // namespace capexsim
