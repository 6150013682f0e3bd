//! `capexsim backtest RESULTS.h5 --actual FILE.csv [--force]`: scores a run against realized
//! years (PIT, 50%/90% coverage, CRPS per entity, year and flow), prints a table and writes
//! /backtest into the results file (docs/backtest.md).
#pragma once

#include <iosfwd>
#include <string>

namespace CLI {
class App;
}

namespace capexsim::cli {

struct BacktestArgs {
  std::string results;          //!< the results file to score and append to
  std::string actual;           //!< realized annual flows, USD billions (scenarios/data/ shape)
  bool force = false;           //!< replace an existing /backtest
  std::ostream* out = nullptr;  //!< where the table and notes go; nullptr: std::cout
};

//! Adds the `backtest` subcommand, its arguments bound to `args`.
CLI::App* add_backtest_command(CLI::App& app, BacktestArgs& args);

//! Runs the backtest; returns the exit code (0). Throws InputError for bad input (unknown unit,
//! no per-path data, no realized year in the horizon), OutputExistsError when /backtest exists
//! without force, IoError for files that cannot be read or written.
int run_backtest(const BacktestArgs& args);

}  // namespace capexsim::cli
