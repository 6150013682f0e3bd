//! `capexsim evaluate`: forecasts scored over many vintages (docs/evaluation.md). For each base
//! year, calibrate on the rows up to it (scenarios/calibration.h, as `capexsim calibrate` does),
//! simulate the next --horizon years, score every realized company and total flow against the
//! paths and against two deterministic baselines (analysis/evaluation.h), print the table and
//! write the file (output/evaluation_writer.h).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

#include "analysis/evaluation.h"

namespace CLI {
class App;
}

namespace capexsim::cli {

struct EvaluateArgs {
  std::string history;
  int from = 0, to = 0, horizon = 0;
  std::uint64_t paths = 20000, seed = 1;
  int threads = 0;
  std::string output;
  bool force = false;
  std::ostream* out = nullptr;    //!< where the table goes (null: std::cout)
  std::ostream* notes = nullptr;  //!< calibration notes (run_evaluate: std::cerr; null: none)
};

//! Adds the `evaluate` subcommand, its options bound to `args`.
CLI::App* add_evaluate_command(CLI::App& app, EvaluateArgs& args);

//! Calibrates, simulates and scores every vintage (no printing, no file). Throws InputError on
//! bad input, naming the option (or the base year whose calibration fails).
VintageEvaluation evaluate(const EvaluateArgs& args);

//! Evaluates, prints the table, writes --output atomically; returns the exit code.
int run_evaluate(const EvaluateArgs& args);

}  // namespace capexsim::cli
