// `capexsim draws`: scenario + options -> the run's variates drawn and summed on the run's
// blocks and threads -> one line with the time per path and per variate, and the checksum.
#include "cli/draws_command.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>

#include "cli/app.h"
#include "cli/run_support.h"
#include "sim/draw_benchmark.h"
#include "sim/memory_estimate.h"

namespace capexsim::cli {

CLI::App* add_draws_command(CLI::App& app, RunArgs& args) {
  CLI::App* cmd = app.add_subcommand("draws", "Time the run's random draws alone, nothing else");
  cmd->alias("floor");  // the command's name before the rename: old scripts keep working
  add_common(cmd, args);
  return cmd;
}

int run_draws(const RunArgs& a) {
  const Scenario scenario = load(a);
  const RunOptions o = make_options(a, scenario);
  check_memory(draw_benchmark_memory_bytes(scenario, o), "this draw benchmark", "lower --paths",
               o.threads);
  const auto t0 = std::chrono::steady_clock::now();
  const DrawBenchmarkResult f = run_draw_benchmark(scenario, o);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf(
      "draws: %llu paths, %llu variates drawn in %.3f s (%.3g M paths/s, %.3g ns/variate), "
      "checksum %.17g\n",
      static_cast<unsigned long long>(o.paths), static_cast<unsigned long long>(f.draws), s,
      static_cast<double>(o.paths) / s / 1e6, s * 1e9 / static_cast<double>(f.draws), f.checksum);
  return kExitOk;
}

}  // namespace capexsim::cli
