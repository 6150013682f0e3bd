//! `capexsim sensitivity`: first-order and total Sobol' indices of one output of a scenario
//! (analysis/sobol_sensitivity.h), printed ranked by total index and optionally written to HDF5
//! (docs/sensitivity.md, "Variance-based indices").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/sobol_sensitivity.h"
#include "models/scenario.h"

namespace CLI {
class App;
}

namespace capexsim::cli {

struct SensitivityArgs {
  std::string scenario;
  std::string output;  //!< surplus[ENTITY,YEAR] (default total, last year), negative[..], ...
  std::uint64_t n = 10000;
  std::string by = "input";
  std::uint64_t bootstrap = 200;
  std::optional<std::uint64_t> seed;
  int threads = 0;
  std::vector<std::string> sets;  //!< --set overrides, as for run
  std::string out;                //!< -o FILE.h5 (empty: print only)
  bool force = false;
  bool quiet = false;
};

//! Adds the `sensitivity` subcommand, its options bound to `args`.
CLI::App* add_sensitivity_command(CLI::App& app, SensitivityArgs& args);

//! Parses --output: "KIND", "KIND[ENTITY]" or "KIND[ENTITY,YEAR]" with KIND surplus, negative
//! (default total and the last year) or first_negative (entity only). Throws InputError naming
//! --output on an unknown kind, entity or year.
SobolOutput parse_sobol_output(const std::string& text, const Scenario& scenario);

//! Loads, analyses, prints, writes -o atomically; returns the exit code. Throws InputError
//! (exit 2) on bad input and OutputExistsError when -o exists without --force.
int run_sensitivity(const SensitivityArgs& args);

}  // namespace capexsim::cli
