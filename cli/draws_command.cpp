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

CLI::App* add_draws_command(CLI::App& app, DrawsArgs& args) {
  CLI::App* cmd = app.add_subcommand("draws", "Time the run's random draws alone, nothing else");
  cmd->alias("floor");  // the command's name before the rename: old scripts keep working
  add_common(cmd, args.run);
  cmd->add_flag("--columns", args.columns,
                "Print the columns a path draws, one line each (company, year, parameter, "
                "distribution; tab-separated), in the order drawn, instead of timing them");
  return cmd;
}

namespace {

//! One line per drawn (company, year, parameter), tab-separated so that any company name reads
//! back: "meta<TAB>2025<TAB>ocf_growth<TAB>normal(mean=0.15, ...)".
void print_columns(const Scenario& scenario) {
  for (const Company& c : scenario.companies)
    for (int t = 0; t < scenario.year_count(); ++t)
      for (int p = 0; p < kParamCount; ++p) {
        const std::vector<Distribution>& by_year = c.params[static_cast<std::size_t>(p)].by_year;
        if (by_year.empty()) continue;
        const Distribution& d = by_year[static_cast<std::size_t>(t)];
        if (d.is_fixed()) continue;
        std::printf("%s\t%d\t%s\t%s\n", c.name.c_str(), scenario.years[static_cast<std::size_t>(t)],
                    kParamNames[static_cast<std::size_t>(p)], d.describe().c_str());
      }
}

}  // namespace

int run_draws(const DrawsArgs& args) {
  const RunArgs& a = args.run;
  const Scenario scenario = load(a);
  if (args.columns) {
    print_columns(scenario);
    return kExitOk;
  }
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
