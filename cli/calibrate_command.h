//! `capexsim calibrate`: fits a scenario to a history file (scenarios/calibration.h) and writes
//! it as a commented TOML scenario, atomically, refusing to overwrite without --force.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace capexsim::cli {

struct CalibrateArgs {
  std::string history;
  int base_year = 0;
  std::string out;
  bool quarterly = false;
  bool force = false;
  int years = 3;
  std::string annual;             //!< quarterly only: base-year flows with empty quarters
  double long_run_growth = 0.04;  //!< CalibrationOptions::long_run_growth
  double fade = 0.6;              //!< CalibrationOptions::fade
};

//! Adds the `calibrate` subcommand, its options bound to `args`.
CLI::App* add_calibrate_command(CLI::App& app, CalibrateArgs& args);

//! Reads, fits, writes; returns the exit code. Throws InputError on bad input (exit 2) and
//! OutputExistsError when --out exists without --force.
int run_calibrate(const CalibrateArgs& args);

}  // namespace capexsim::cli
