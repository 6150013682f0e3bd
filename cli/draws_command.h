//! `capexsim draws SCENARIO` (alias `floor`, its earlier name): times the run's random draws
//! alone, nothing else (sim/draw_benchmark.h), the yardstick of the engine's overhead
//! (docs/engine.md, scripts/bench).
#pragma once

#include "cli/run_args.h"

namespace CLI {
class App;
}

namespace capexsim::cli {

//! Adds the `draws` subcommand (alias `floor`), its options bound to `args`.
CLI::App* add_draws_command(CLI::App& app, RunArgs& args);

//! Draws, prints the count, time and checksum; returns the exit code (0). Throws InputError.
int run_draws(const RunArgs& args);

}  // namespace capexsim::cli
