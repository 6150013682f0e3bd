//! `capexsim replay SCENARIO --path N`: prints the draws and flows of one path, exactly as the run
//! with that seed has them (sim/replay.h).
#pragma once

#include <cstdint>

#include "cli/run_args.h"

namespace CLI {
class App;
}

namespace capexsim::cli {

struct ReplayArgs {
  RunArgs run;             //!< the scenario and the options of the run replayed
  std::uint64_t path = 0;  //!< --path, from 0
};

//! Adds the `replay` subcommand, its options bound to `args`.
CLI::App* add_replay_command(CLI::App& app, ReplayArgs& args);

//! Prints the path; returns the exit code (0). Throws InputError, also for a path outside the run.
int run_replay(const ReplayArgs& args);

}  // namespace capexsim::cli
