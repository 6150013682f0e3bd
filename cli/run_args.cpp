#include "cli/run_args.h"

#include <CLI/CLI.hpp>

#include "cli/run_support.h"
#include "cli/target.h"
#include "models/errors.h"
#include "scenarios/loader.h"
#include "scenarios/overrides.h"
#include "sim/results.h"

namespace capexsim::cli {

Scenario load(const RunArgs& a) { return load_scenario(a.scenario, parse_overrides(a.sets)); }

RunOptions make_options(const RunArgs& a, const Scenario& scenario) {
  RunOptions o;
  o.paths = a.paths.value_or(scenario.paths.value_or(kDefaultPaths));
  o.seed = a.seed.value_or(scenario.seed.value_or(kDefaultSeed));
  o.threads = a.threads;
  o.store = store_paths_from_name(a.store).value();  // CLI11 checked the name
  o.sampler = sampler_from_name(a.sampler).value();
  o.sobol_replicates = a.replicates;
  o.target_stderr = a.target_stderr;
  o.target = parse_target(a.target, scenario);
  o.common_random_numbers = a.crn;
  o.balance_quantiles = a.balance_quantiles;
  if (a.sensitivity_paths) o.sensitivity_paths = *a.sensitivity_paths;
  if (o.sensitivity_paths == 1)
    throw InputError("--sensitivity-paths: 0 (none) or at least 2 (a rank correlation needs two)");
  if (o.paths == 0) throw InputError("--paths must be at least 1");
  if (o.paths > kMaxPaths)
    throw InputError(scenario.source_path, 0, 0,
                     "paths = " + std::to_string(o.paths) + " is more than the maximum " +
                         std::to_string(kMaxPaths) + "; lower it or use --paths");
  return o;
}

void add_common(CLI::App* cmd, RunArgs& a) {
  cmd->add_option("scenario", a.scenario, "Scenario file (TOML)")->required();
  cmd->add_option("--paths", a.paths, "Number of paths (default: the scenario's, else 100000)")
      ->check(CLI::Range(std::uint64_t{1}, kMaxPaths));
  cmd->add_option("--seed", a.seed, "Random seed (default: the scenario's, else 1)");
  cmd->add_option("--set", a.sets,
                  "Override a scenario value: KEY=VALUE (a TOML value) or KEY+=DELTA, e.g. "
                  "company.meta.capex_growth.mean=0.4 or company.*.capex_growth+=0.1; repeatable")
      ->allow_extra_args(false);
  cmd->add_option("--threads", a.threads, "Worker threads (0: all cores); never changes results")
      ->check(CLI::Range(0, 4096));
}

void add_sampling(CLI::App* cmd, RunArgs& a) {
  cmd->add_option("--sampler", a.sampler, "mc (default), lhs (Latin hypercube) or sobol")
      ->check(CLI::IsMember({"mc", "lhs", "sobol"}));
  cmd->add_option("--replicates", a.replicates,
                  "sobol: independent randomizations behind the error estimate (default 16)")
      ->check(CLI::Range(2, 1 << 20));
  cmd->add_flag("--crn", a.crn,
                "Common random numbers: draw every parameter by inverse transform of a normal "
                "score, so runs with the same seed share their random numbers across parameter "
                "changes (what capexsim sweep and solve use)");
}

}  // namespace capexsim::cli
