//! The surplus quantiles of every (entity, year) and their 95% intervals: exact order statistics
//! of the per-path rows when paths are kept, or, with --store-paths none, estimates from
//! mergeable quantile sketches that each thread (and rank) fills block by block
//! (docs/streaming.md).
#pragma once

#include <oneapi/tbb/enumerable_thread_specific.h>

#include <cstddef>
#include <vector>

#include "sim/cluster.h"
#include "sim/quantile_sketch.h"
#include "sim/quantiles.h"
#include "sim/results.h"

namespace capexsim {

//! Streaming: each thread's sketch of every (entity, year)'s surplus. Sketches hold integer
//! counts, so their sum is the same whichever thread (or rank) saw which block.
class SurplusSketches {
 public:
  explicit SurplusSketches(std::size_t cells);

  //! The (entity, year)s sketched.
  std::size_t cells() const { return cells_; }

  //! This thread's sketches, one per (entity, year).
  std::vector<QuantileSketch>& this_thread() { return per_thread_.local(); }

  //! The sketches of every block so far, a resumed run's restored ones included.
  std::vector<QuantileSketch> so_far() const;

  //! A resumed run's sketches of the blocks before it (merged in at the end).
  void restore(std::vector<QuantileSketch> sketches) { restored_ = std::move(sketches); }

  //! Merges every thread's (and, with a cluster, every rank's onto rank 0) sketches with the
  //! restored ones, and frees the threads' own.
  std::vector<QuantileSketch> collect(Cluster* cluster);

 private:
  const std::size_t cells_;
  tbb::enumerable_thread_specific<std::vector<QuantileSketch>> per_thread_;
  std::vector<QuantileSketch> restored_;
};

//! Quantiles at `levels` (with their 95% intervals when `intervals`) of the `used` values one
//! sketch has seen.
QuantileEstimates sketch_estimates(const QuantileSketch& sketch, std::size_t used,
                                   const std::vector<double>& levels, bool intervals);

//! Sets r's surplus quantiles and intervals (all of r.quantile_levels) of `cells` (entity,
//! year)s from their sketches of `used` paths.
void sketch_quantiles(RunResults& r, const std::vector<QuantileSketch>& sketches, std::size_t used);

//! The same exactly from the per-path rows (rows[cell], `used` paths each), cells in parallel.
void exact_quantiles(RunResults& r, const double* const* rows, std::size_t cells, std::size_t used);

}  // namespace capexsim
