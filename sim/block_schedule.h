//! How the engine's block loop walks a run's blocks: in rounds between convergence checks, and
//! within a round in batches run at once. Round boundaries depend only on the number of blocks
//! done, so a run that stops on precision stops at the same block for any thread count; batches
//! never change the results (docs/engine.md).
#pragma once

#include <algorithm>
#include <cstdint>

#include "sim/run_options.h"

namespace capexsim {

//! Blocks per convergence check at the start; later rounds grow with the work done (a quarter
//! of it), so checks cost little and their positions depend on nothing but the block count.
inline constexpr std::uint64_t kMinRoundBlocks = 16;
//! Blocks run (and their BlockStats held) at once within a round: bounds the memory of a run
//! whatever its number of paths; merging still goes block by block in order.
inline constexpr std::uint64_t kBatchBlocks = 1024;
//! Batches of a run that saves checkpoints or may be stopped: a stop waits for the batch to end
//! (about 0.3 s of one thread's work), and batches never change the results.
inline constexpr std::uint64_t kCheckpointBatchBlocks = 64;

//! The blocks of a run of `paths` paths (the last one may be short).
inline std::uint64_t block_count(std::uint64_t paths) {
  return (paths + kBlockSize - 1) / kBlockSize;
}

//! The block count at which the round starting after `done` blocks ends: the next convergence
//! check when the run stops on precision, otherwise the end of the run.
inline std::uint64_t next_round_end(std::uint64_t done, std::uint64_t blocks, bool checks) {
  return checks ? std::min(blocks, done + std::max(kMinRoundBlocks, done / 4)) : blocks;
}

//! Where the block loop stands between two batches: what a checkpoint saves and a resume
//! restores besides the sums.
struct LoopPosition {
  std::uint64_t blocks_done = 0;  //!< blocks 0..blocks_done-1 are merged
  std::uint64_t round_end = 0;    //!< the block count at the next check (or the end); 0: none yet
};

}  // namespace capexsim
