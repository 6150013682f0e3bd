//! `capexsim sweep` (all points of a sweep file in one process, on common random numbers, or
//! their command lines for a scheduler with --emit-jobs) and `capexsim collect` (merges the
//! point files of emitted jobs into one sweep file). docs/sweeps.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace capexsim::cli {

struct SweepArgs {
  std::string sweep;
  std::string output;
  bool force = false;
  std::optional<std::uint64_t> paths, seed;
  int threads = 0;
  bool no_crn = false;
  bool quiet = false;
  std::string emit_jobs;  //!< folder for jobs.txt and the point files; empty: run in process
  std::string stat;       //!< STAT[ENTITY,YEAR] printed per point (cli/target.h); empty: none
};

struct CollectArgs {
  std::string folder;
  std::string output;
  bool force = false;
  std::string stat;  //!< as SweepArgs::stat
};

CLI::App* add_sweep_command(CLI::App& app, SweepArgs& args);
CLI::App* add_collect_command(CLI::App& app, CollectArgs& args);

//! Returns the exit code; throws InputError (exit 2) on bad input and OutputExistsError.
int run_sweep(const SweepArgs& args);
int run_collect(const CollectArgs& args);

}  // namespace capexsim::cli
