//! `capexsim draws SCENARIO` (alias `floor`, its earlier name): times the run's random draws
//! alone, nothing else (sim/draw_benchmark.h), the yardstick of the engine's overhead
//! (docs/engine.md, scripts/bench); with --columns it lists what a path draws.
#pragma once

#include "cli/run_args.h"

namespace CLI {
class App;
}

namespace capexsim::cli {

struct DrawsArgs {
  RunArgs run;
  //! --columns: print the drawn columns (company, year, parameter, distribution) instead of
  //! timing them, the input of the standalone floor benchmark (bench/simd_floor.cpp).
  bool columns = false;
};

//! Adds the `draws` subcommand (alias `floor`), its options bound to `args`.
CLI::App* add_draws_command(CLI::App& app, DrawsArgs& args);

//! Draws, prints the count, time and checksum (or, with --columns, the columns); returns the
//! exit code (0). Throws InputError.
int run_draws(const DrawsArgs& args);

}  // namespace capexsim::cli
