//! `capexsim solve`: the value of one scenario key at which a statistic reaches a target, e.g.
//! the uniform capex-growth shift at which P(total surplus < 0 in 2026) = 5% (docs/solve.md).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "analysis/solve.h"
#include "models/scenario.h"
#include "sim/run_options.h"

namespace CLI {
class App;
}

namespace capexsim::cli {

struct SolveArgs {
  std::string scenario;
  std::string vary;    //!< the key, e.g. "company.*.capex_growth"
  bool shift = false;  //!< KEY+=v (else KEY=v)
  double lo = 0, hi = 0, target = 0;
  std::string stat;  //!< STAT[ENTITY,YEAR] (cli/target.h)
  std::vector<std::string> sets;
  std::optional<std::uint64_t> paths, seed;
  int threads = 0;
  double xtol = 1e-4;
  int max_iterations = 60;
  int replicates = 0;
  std::string output;
  bool force = false;
  bool quiet = false;
};

//! Adds the `solve` subcommand, its options bound to `args`.
CLI::App* add_solve_command(CLI::App& app, SolveArgs& args);

//! A finished search and what it ran.
struct SolveOutcome {
  Scenario scenario;  //!< after --set overrides, before the varied key
  TargetStatistic statistic;
  RootSearchOptions search;
  RunOptions run;  //!< the options of every evaluation (seed: the main search's)
  BreakEven result;
};

//! Runs the search (no printing, no file). Throws InputError on bad input, including a bracket
//! that does not bracket the target (the message gives both values and what to do).
//! `on_evaluation`, when set, is called after each run with its v, statistic and seed.
using EvaluationCallback = std::function<void(double v, const Estimate& at, std::uint64_t seed)>;
SolveOutcome solve_scenario(const SolveArgs& args, const EvaluationCallback& on_evaluation = {});

//! Solves, prints the answer, writes -o atomically; returns the exit code (1 when the search did
//! not converge within --max-iter). Throws InputError (exit 2) and OutputExistsError.
int run_solve(const SolveArgs& args);

}  // namespace capexsim::cli
