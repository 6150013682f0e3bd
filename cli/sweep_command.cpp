// A sweep: read the sweep file, expand its points, validate every point's scenario before any
// work (a bad value stops the sweep before the first run; cli/sweep_points.h), then either run
// the points one after the other, each on all threads, with the same seed (common random
// numbers: the engine draws by inverse transform from normal scores keyed by seed, block, company
// and parameter, so a point differs from its neighbour only by the parameters), or write one
// `capexsim run` command per point for a scheduler (cli/sweep_jobs.h); `collect` reads those
// point files back and writes the same sweep file.
#include "cli/sweep_command.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include "cli/progress.h"
#include "cli/run_support.h"
#include "cli/sweep_gather.h"
#include "cli/sweep_jobs.h"
#include "cli/sweep_points.h"
#include "cli/sweep_results.h"
#include "cli/target.h"
#include "models/errors.h"
#include "output/atomic_file.h"
#include "sim/cluster.h"
#include "sim/engine.h"

namespace capexsim::cli {
namespace {

namespace fs = std::filesystem;

//! Runs this rank's points (under MPI, point i runs on rank i mod K, on all its threads); the
//! other points' results stay empty.
std::vector<RunResults> run_points(const ExpandedSweep& x, const RunOptions& base, bool quiet,
                                   Cluster& ranks) {
  const bool root = ranks.rank() == 0;
  const bool bar_shown = root && !quiet && ::isatty(STDERR_FILENO) != 0;
  std::vector<RunResults> results(x.points.size());
  for (std::size_t i = 0; i < x.points.size(); ++i) {
    if (i % static_cast<std::size_t>(ranks.size()) != static_cast<std::size_t>(ranks.rank()))
      continue;
    if (!quiet && root)
      std::fprintf(stderr, "point %zu/%zu: %s\n", i + 1, x.points.size(),
                   point_label(x, i).c_str());
    ProgressBar bar(base.paths, bar_shown);
    RunOptions o = base;
    if (!base.common_random_numbers) o.seed = base.seed + i;
    o.progress = [&bar](std::uint64_t done) { bar.update(done); };
    results[i] = run_simulation(x.scenarios[i], o);
    bar.finish();
  }
  return results;
}

void add_stat_option(CLI::App* cmd, std::string& stat) {
  cmd->add_option("--stat", stat,
                  "Also print this statistic STAT[ENTITY,YEAR] with its standard error per "
                  "point, as solve --stat takes it (e.g. prob_net_debt[total,2028])");
}

//! The --stat statistic, parsed against the sweep's first point (all share companies and years).
std::optional<TargetStatistic> sweep_statistic(const std::string& stat, const ExpandedSweep& x) {
  if (stat.empty()) return std::nullopt;
  return parse_target(stat, x.scenarios.front(), "--stat", false);
}

}  // namespace

CLI::App* add_sweep_command(CLI::App& app, SweepArgs& args) {
  CLI::App* cmd = app.add_subcommand(
      "sweep", "Run every point of a sweep file on common random numbers (docs/sweeps.md)");
  cmd->add_option("sweep", args.sweep, "Sweep file (TOML)")->required();
  cmd->add_option("-o,--output", args.output, "Sweep results file (default: results/<sweep>.h5)");
  cmd->add_flag("-f,--force", args.force, "Overwrite an existing results file (or job list)");
  cmd->add_option("--paths", args.paths,
                  "Paths per point (default: the sweep's, the scenario's, "
                  "else 100000)")
      ->check(CLI::Range(std::uint64_t{1}, kMaxPaths));
  cmd->add_option("--seed", args.seed,
                  "Seed of every point (default: the sweep's, the "
                  "scenario's, else 1)");
  cmd->add_option("--threads", args.threads,
                  "Worker threads (0: all cores); with --emit-jobs, passed to every job")
      ->check(CLI::Range(0, 4096));
  cmd->add_flag("--no-crn", args.no_crn,
                "Independent random numbers: point i runs with seed + i and the plain samplers "
                "(to measure what common random numbers gain)");
  cmd->add_flag("-q,--quiet", args.quiet, "No progress on stderr");
  cmd->add_option("--emit-jobs", args.emit_jobs,
                  "Do not run: write FOLDER/jobs.txt, one capexsim run command per point, for a "
                  "scheduler; merge their files with capexsim collect FOLDER");
  add_stat_option(cmd, args.stat);
  return cmd;
}

CLI::App* add_collect_command(CLI::App& app, CollectArgs& args) {
  CLI::App* cmd = app.add_subcommand(
      "collect", "Merge the point files of capexsim sweep --emit-jobs into one sweep file");
  cmd->add_option("folder", args.folder, "The --emit-jobs folder")->required();
  cmd->add_option("-o,--output", args.output, "Sweep results file (default: results/<sweep>.h5)");
  cmd->add_flag("-f,--force", args.force, "Overwrite an existing results file");
  add_stat_option(cmd, args.stat);
  return cmd;
}

int run_sweep(const SweepArgs& a) {
  const ExpandedSweep x = expand_sweep(a.sweep);
  const bool crn = !a.no_crn;
  const RunOptions base = point_options(x, a.paths, a.seed, a.threads, crn);
  for (const Scenario& s : x.scenarios) check_memory(s, base, 0, "each point of the sweep");
  if (!a.stat.empty() && !a.emit_jobs.empty())
    throw InputError("--stat: not with --emit-jobs (give it to capexsim collect)");
  const std::optional<TargetStatistic> stat = sweep_statistic(a.stat, x);
  if (!a.emit_jobs.empty()) {
    emit_jobs(x, a.sweep, a.emit_jobs, a.force, base);
    return 0;
  }
  const fs::path out = a.output.empty() ? default_sweep_output(a.sweep) : fs::path(a.output);
  Cluster& ranks = cluster();
  const bool root = ranks.rank() == 0;
  if (root) check_output_writable(out, a.force);

  std::vector<RunResults> results = run_points(x, base, a.quiet, ranks);
  gather_points(ranks, results);
  if (!root) return 0;
  write_sweep_results(out, a.force, results, x, crn);
  print_sweep_table(x, results, stat);
  std::cout << "\nSweep results: " << out.string() << "\n";
  return 0;
}

int run_collect(const CollectArgs& a) {
  const fs::path folder(a.folder);
  const std::string sweep_path = emitted_sweep(folder);
  const ExpandedSweep x = expand_sweep(sweep_path);
  const std::optional<TargetStatistic> stat = sweep_statistic(a.stat, x);
  const fs::path out = a.output.empty() ? default_sweep_output(sweep_path) : fs::path(a.output);
  check_output_writable(out, a.force);
  const std::vector<RunResults> results = read_point_files(folder, x);
  // The sweep ran on common random numbers if every point ran with point 0's seed and --crn.
  const bool crn = std::all_of(results.begin(), results.end(), [&](const RunResults& r) {
    return r.seed == results.front().seed && r.common_random_numbers;
  });
  write_sweep_results(out, a.force, results, x, crn);
  print_sweep_table(x, results, stat);
  std::cout << "\nSweep results: " << out.string() << "\n";
  return 0;
}

}  // namespace capexsim::cli
