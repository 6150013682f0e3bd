//! The arguments that `run`, `draws` and `replay` share: the scenario, its overrides, paths,
//! seed, threads and sampler, their options, and the RunOptions they make.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/run_support.h"
#include "models/scenario.h"
#include "sim/run_options.h"

namespace CLI {
class App;
}

namespace capexsim::cli {

struct RunArgs {
  std::string scenario;
  std::optional<std::uint64_t> paths, seed;
  int threads = 0;
  std::string output;
  bool force = false;
  std::string store = "total";
  bool quiet = false;
  std::string sampler = "mc";
  int replicates = 16;
  double target_stderr = 0;
  std::string target = "prob_negative";
  std::optional<std::uint64_t> sensitivity_paths;
  std::vector<std::string> sets;  //!< --set KEY=VALUE overrides, in order
  bool crn = false;
  bool balance_quantiles = false;  //!< --balance-quantiles
  int compress = 0;
  std::string checkpoint;         //!< --checkpoint FILE
  double checkpoint_every = 300;  //!< --checkpoint-every SECONDS
  std::string resume;             //!< --resume FILE
};

//! The scenario file with the --set overrides applied. Throws InputError.
Scenario load(const RunArgs& args);

//! The run's options: the command line's, else the scenario's, else the defaults. Throws
//! InputError on paths out of range or a single sensitivity path.
RunOptions make_options(const RunArgs& args, const Scenario& scenario);

//! The scenario argument and --paths, --seed, --set, --threads.
void add_common(CLI::App* cmd, RunArgs& args);

//! --sampler, --replicates, --crn.
void add_sampling(CLI::App* cmd, RunArgs& args);

}  // namespace capexsim::cli
