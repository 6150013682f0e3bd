//! Checkpoint files (HDF5, docs/checkpoint.md): the state of a run between two batches of blocks
//! (sim/engine_snapshot.h) with what identifies the run (scenario hash, seed and every setting
//! that changes the numbers), so that `capexsim run --resume` continues it bit for bit and
//! refuses any other run.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/engine_snapshot.h"

namespace capexsim {

inline constexpr int kCheckpointFormatVersion = 1;

//! What a checkpoint says about its run. `settings` are (name, value) pairs that must all be
//! equal for a resume (seed, paths, sampler, ...), in the order they are reported.
struct CheckpointInfo {
  std::string capexsim_version;
  std::string created_utc;
  std::string scenario_name;
  std::string scenario_hash;  //!< of the scenario text after overrides
  std::string scenario_toml;  //!< that text
  std::vector<std::pair<std::string, std::string>> settings;
  std::uint64_t paths_done = 0;  //!< read back only
};

//! About the bytes of one checkpoint of such a run (the engine keeps every entity's surplus per
//! path unless it streams): what the free-space check before a run asks for.
std::uint64_t estimate_checkpoint_bytes(std::uint64_t entities, std::uint64_t years,
                                        std::uint64_t paths, StorePaths store, std::uint64_t inputs,
                                        std::uint64_t sample_paths);

//! Writes a new checkpoint file at `path` (which must not exist; the caller writes a temporary
//! name and renames it, so the previous checkpoint survives a failed or interrupted save).
void write_checkpoint(const std::string& path, const CheckpointInfo& info,
                      const EngineSnapshot& snapshot);

//! The run a checkpoint belongs to; InputError if `path` is not a checkpoint of this version,
//! IoError if it cannot be read.
CheckpointInfo read_checkpoint_info(const std::string& path);

//! The state: the scalars, the accumulator, the sketches and the convergence history, and every
//! array of `snapshot` (matched by name; each must have the saved shape) read into its buffer.
void read_checkpoint_state(const std::string& path, EngineSnapshot& snapshot);

}  // namespace capexsim
