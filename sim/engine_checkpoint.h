//! A run's checkpoint (docs/checkpoint.md): the engine's state between two batches as an
//! EngineSnapshot, saved through RunOptions::save_checkpoint and restored through
//! RunOptions::resume. The snapshot's arrays point into the run's own buffers, so a save reads
//! them in place and a restore fills them in place.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/accumulator.h"
#include "sim/balance_run.h"
#include "sim/block_schedule.h"
#include "sim/path_buffers.h"
#include "sim/results.h"
#include "sim/run_options.h"
#include "sim/sensitivity_sample.h"
#include "sim/surplus_quantiles.h"

namespace capexsim {

class EngineCheckpoint {
 public:
  //! The run's parts a checkpoint holds; `sketches` only when streaming (null otherwise).
  EngineCheckpoint(const RunOptions& options, PathBuffers& buffers, SensitivityCapture& sample,
                   SurplusSketches* sketches, BalanceRun& balance)
      : opt_(options), buffers_(buffers), sample_(sample), sketches_(sketches), balance_(balance) {}

  //! Saves the state after `at.blocks_done` blocks.
  void save(const Accumulator& acc, const LoopPosition& at,
            const std::vector<ConvergencePoint>& convergence) const;

  //! What a resume starts from; the arrays and sketches are restored into the run's parts.
  struct Resumed {
    LoopPosition at;
    std::uint64_t paths_done = 0;
  };
  //! Restores the saved state (InputError if it does not fit this run).
  Resumed restore(Accumulator& acc, std::vector<ConvergencePoint>& convergence) const;

 private:
  //! The snapshot's scalars and its arrays, pointing into the run's buffers.
  EngineSnapshot layout(std::uint64_t blocks_done) const;

  const RunOptions& opt_;
  PathBuffers& buffers_;
  SensitivityCapture& sample_;
  SurplusSketches* const sketches_;
  BalanceRun& balance_;  // its rows, or its sketches after the surplus' when streaming
};

}  // namespace capexsim
