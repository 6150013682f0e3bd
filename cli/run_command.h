//! `capexsim run SCENARIO`: simulates a scenario and writes its results file (HDF5,
//! docs/results-format.md); --checkpoint and --resume save and continue a long run
//! (docs/checkpoint.md); under MPI the paths spread over the ranks (docs/mpi.md).
#pragma once

#include "cli/run_args.h"

namespace CLI {
class App;
}

namespace capexsim::cli {

//! Adds the `run` subcommand, its options bound to `args`.
CLI::App* add_run_command(CLI::App& app, RunArgs& args);

//! Runs, writes the results atomically and prints the summary; returns the exit code (0; when
//! interrupted, kExitCheckpointed or 128 + the signal). Throws InputError (exit 2),
//! OutputExistsError, std::runtime_error.
int run_run(const RunArgs& args);

}  // namespace capexsim::cli
