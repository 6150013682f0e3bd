//! The state of a run between two batches of blocks: what a checkpoint saves and what a resumed
//! run starts from (docs/checkpoint.md). Restoring it and running the remaining blocks gives the
//! same bits as a run that never stopped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/accumulator_state.h"
#include "sim/results.h"

namespace capexsim {

//! One of the engine's per-path buffers: `rows` rows of `stride` values, row-major. Only the
//! first `used` values of each row are state (the paths done so far); the rest are not yet
//! written. The data pointer is the engine's own buffer: a save reads it, a restore fills it.
template <class T>
struct SnapshotArray {
  std::string name;
  T* data = nullptr;
  std::size_t rows = 0, stride = 0, used = 0;
};

struct EngineSnapshot {
  std::uint64_t blocks_done = 0;  //!< blocks 0..blocks_done-1 are in every sum below
  std::uint64_t paths_done = 0;   //!< the paths of those blocks
  //! --target-stderr: the block count at which the next convergence check falls (0: none yet).
  std::uint64_t round_end = 0;
  AccumulatorState accumulator;
  //! Streaming runs: every (entity, year)'s quantile sketch, each as its length and its words.
  std::vector<std::uint64_t> sketches;
  std::vector<ConvergencePoint> convergence;
  std::vector<SnapshotArray<double>> reals;
  std::vector<SnapshotArray<std::int32_t>> integers;
};

}  // namespace capexsim
