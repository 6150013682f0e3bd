//! `run --checkpoint FILE --checkpoint-every SECONDS` and `run --resume FILE` (docs/checkpoint.md):
//! what identifies a run in its checkpoint, the refusal to resume another run, and the writer
//! the engine calls between batches.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "models/scenario.h"
#include "output/checkpoint_file.h"
#include "sim/run_options.h"

namespace capexsim::cli {

//! 64-bit FNV-1a of the scenario text after overrides, as 16 hex digits.
std::string scenario_hash(const Scenario& scenario);

//! The identity of this run: the scenario and every setting that changes its numbers (threads
//! do not).
CheckpointInfo checkpoint_info(const Scenario& scenario, const RunOptions& options);

//! Throws InputError naming the checkpoint and the first setting that differs (scenario, seed,
//! paths, ...) unless the checkpoint at `path` belongs to the run `expected` describes; returns
//! what the checkpoint says.
CheckpointInfo check_resume(const std::filesystem::path& path, const CheckpointInfo& expected);

//! Saves snapshots to one file, atomically (a temporary file renamed into place), so that a kill
//! during a save leaves the previous checkpoint whole. A failed save (disk full) is reported on
//! stderr and the run goes on; the previous checkpoint stays.
class CheckpointWriter {
 public:
  CheckpointWriter(std::filesystem::path path, CheckpointInfo info);
  void save(const EngineSnapshot& snapshot);

  const std::filesystem::path& path() const { return path_; }
  //! Paths in the checkpoint on disk now (0: none saved by this writer yet).
  std::uint64_t paths_saved() const { return paths_saved_; }
  //! True if the latest save failed.
  bool last_failed() const { return last_failed_; }

 private:
  std::filesystem::path path_;
  CheckpointInfo info_;
  std::uint64_t paths_saved_ = 0;
  bool last_failed_ = false;
};

//! The resume callback of RunOptions: reads the checkpoint's state into the engine's snapshot.
void read_state(const std::filesystem::path& path, EngineSnapshot& snapshot);

}  // namespace capexsim::cli
