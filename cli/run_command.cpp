// `capexsim run`: load scenario -> check memory, output and checkpoint -> simulate (resuming or
// saving checkpoints as asked) -> write a temporary file -> rename into place -> summary.
#include "cli/run_command.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include "cli/app.h"
#include "cli/checkpoint_support.h"
#include "cli/progress.h"
#include "cli/run_support.h"
#include "cli/summary.h"
#include "cli/target.h"
#include "models/errors.h"
#include "output/atomic_file.h"
#include "output/checkpoint_file.h"
#include "output/results_writer.h"
#include "sim/cluster.h"
#include "sim/engine.h"
#include "sim/interrupt.h"
#include "sim/sensitivity.h"

namespace capexsim::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

//! What an interrupted run says and its exit code: 75 (EX_TEMPFAIL) when its work is in a
//! checkpoint, else 128 + the signal, as a shell reports a command killed by it.
int report_interrupted(const Interrupted& e, const CheckpointWriter* writer, std::uint64_t paths) {
  const std::string what = "capexsim: interrupted by " + signal_name(e.signal()) + " after " +
                           std::to_string(e.paths_done()) + " of " + std::to_string(paths) +
                           " paths";
  if (writer != nullptr && writer->paths_saved() > 0) {
    std::cerr << what << "; checkpoint " << writer->path().string() << " holds "
              << writer->paths_saved() << " paths"
              << (writer->last_failed() ? " (the last save failed)" : "")
              << ". No results written; run the same command with --resume "
              << writer->path().string() << " to continue.\n";
    return kExitCheckpointed;
  }
  std::cerr << what << "; no results written, no checkpoint"
            << (writer != nullptr ? " saved" : " (see --checkpoint)") << ".\n";
  return 128 + e.signal();
}

//! Under MPI (more than one rank) the run spreads its paths over the ranks, which keeps no
//! per-path data and saves no checkpoint: refuses those options, else sets options.cluster.
void spread_over(Cluster& ranks, RunOptions& options, const std::string& checkpoint) {
  if (ranks.size() <= 1) return;
  if (options.store != StorePaths::none)
    throw InputError("a run over " + std::to_string(ranks.size()) +
                     " MPI ranks keeps no per-path data (exact quantiles would need every path "
                     "on one machine): add --store-paths none (docs/mpi.md)");
  if (!checkpoint.empty())
    throw InputError("--checkpoint and --resume work in a single process; a run over " +
                     std::to_string(ranks.size()) + " MPI ranks cannot save one (docs/mpi.md)");
  options.cluster = &ranks;
}

//! The sizes the disk-space checks of the results file and the checkpoint use.
struct RunShape {
  std::uint64_t entities, years, inputs;
};

RunShape shape_of(const Scenario& scenario) {
  return {scenario.companies.size() + 1, scenario.years.size(),
          sensitivity_inputs(scenario).size()};
}

//! --resume: refuses a checkpoint of another run, else has the engine start from its state.
void resume_from(const RunArgs& a, const CheckpointInfo& info, RunOptions& options) {
  const CheckpointInfo saved = check_resume(a.resume, info);
  if (!a.quiet)
    std::fprintf(stderr, "resuming from %s: %llu of %llu paths done (saved %s)\n", a.resume.c_str(),
                 static_cast<unsigned long long>(saved.paths_done),
                 static_cast<unsigned long long>(options.paths), saved.created_utc.c_str());
  options.resume = [path = fs::path(a.resume)](EngineSnapshot& s) { read_state(path, s); };
}

//! --checkpoint (or --resume alone): checks the file may be written, then has the engine save
//! its state through `writer` every --checkpoint-every seconds.
void save_checkpoints(const RunArgs& a, const std::string& checkpoint, const CheckpointInfo& info,
                      const RunShape& shape, RunOptions& options,
                      std::optional<CheckpointWriter>& writer) {
  if (a.resume.empty() && fs::exists(checkpoint) && !a.force)
    throw InputError(checkpoint + ": a checkpoint already exists; continue its run with --resume " +
                     checkpoint + ", or overwrite it with --force");
  // The new checkpoint is written beside the previous one, then renamed over it.
  check_output_writable(checkpoint, true,
                        2 * estimate_checkpoint_bytes(
                                shape.entities, shape.years, options.paths, options.store,
                                shape.inputs, std::min(options.paths, options.sensitivity_paths)));
  writer.emplace(checkpoint, info);
  options.save_checkpoint = [&writer](const EngineSnapshot& s) { writer->save(s); };
  options.checkpoint_every = a.checkpoint_every;
}

//! Rank 0's end of a run: the results file moved into place, the checkpoint it supersedes
//! removed, the summary on stdout and the timing on stderr.
void write_and_report(const RunArgs& a, const Scenario& scenario, const RunResults& results,
                      const fs::path& out, const CheckpointWriter* writer, double sim) {
  const auto t1 = Clock::now();
  AtomicOutput file(out, a.force);
  RunMetadata meta{scenario.name, scenario.source_text, scenario.unit, CAPEXSIM_VERSION,
                   utc_now(),     scenario.overrides,   a.compress};
  write_results(file.temp_path().string(), results, meta);
  commit_results(file);
  const double write = seconds(t1, Clock::now());
  if (writer != nullptr) {  // the results supersede the checkpoint
    std::error_code ignored;
    fs::remove(writer->path(), ignored);
  }

  print_summary(std::cout, scenario, results);
  std::cout << "\nResults: " << out.string() << "\n";
  if (!a.quiet)
    std::fprintf(stderr, "simulated %llu paths in %.3f s (%.3g M paths/s), wrote in %.3f s\n",
                 static_cast<unsigned long long>(results.paths), sim,
                 static_cast<double>(results.paths) / sim / 1e6, write);
}

}  // namespace

CLI::App* add_run_command(CLI::App& app, RunArgs& args) {
  CLI::App* run = app.add_subcommand("run", "Run a scenario and write its results (HDF5)");
  add_common(run, args);
  run->add_option("-o,--output", args.output, "Results file (default: results/<scenario>.h5)");
  run->add_flag("-f,--force", args.force, "Overwrite an existing results file");
  run->add_option("--store-paths", args.store, "Per-path data to store: none, total, all")
      ->check(CLI::IsMember({"none", "total", "all"}));
  run->add_flag("--balance-quantiles", args.balance_quantiles,
                "With financing: quantiles of cash, debt, issued, equity, shortfall, interest and "
                "other flows too, not only of net cash (/balance/<variable>_quantiles; keeps "
                "their per-path rows in memory, or sketches them with --store-paths none)");
  run->add_flag("-q,--quiet", args.quiet, "No progress bar or timing on stderr");
  run->add_option("--compress", args.compress,
                  "Deflate level 0-9 of the per-path datasets (default 0: none; "
                  "docs/results-format.md)")
      ->check(CLI::Range(0, 9));
  add_sampling(run, args);
  run->add_option("--target-stderr", args.target_stderr,
                  "Stop once the --target statistic's standard error is at most this; --paths "
                  "is then the maximum")
      ->check(CLI::PositiveNumber);
  run->add_option("--target", args.target,
                  "Statistic for --target-stderr: prob_negative (default), surplus_mean, "
                  "ocf_mean or capex_mean, optionally [ENTITY,YEAR] (default [total,last year])");
  run->add_option("--checkpoint", args.checkpoint,
                  "Save the run's state to this file every --checkpoint-every seconds and when "
                  "interrupted (Ctrl-C, SIGTERM); continue it with --resume (docs/checkpoint.md)");
  run->add_option("--checkpoint-every", args.checkpoint_every,
                  "Seconds between checkpoints (default 300; 0: after every batch of 64 blocks)")
      ->check(CLI::NonNegativeNumber);
  run->add_option("--resume", args.resume,
                  "Continue the run saved in this checkpoint (same scenario, --set, seed and "
                  "options); the results equal an uninterrupted run's bit for bit. Saves further "
                  "checkpoints to it unless --checkpoint names another file")
      ->check(CLI::ExistingFile);
  run->add_option("--sensitivity-paths", args.sensitivity_paths,
                  "Rank-correlation sensitivity on the first N paths (default " +
                      std::to_string(RunOptions{}.sensitivity_paths) + "; 0: off)")
      ->check(CLI::Range(std::uint64_t{0}, kMaxPaths));
  return run;
}

int run_run(const RunArgs& a) {
  const Scenario scenario = load(a);
  RunOptions base = make_options(a, scenario);
  check_memory(scenario, base, a.compress);
  Cluster& ranks = cluster();
  const std::string checkpoint = !a.checkpoint.empty() ? a.checkpoint : a.resume;
  spread_over(ranks, base, checkpoint);
  const bool root = ranks.rank() == 0;
  const fs::path out = a.output.empty()
                           ? fs::path("results") / (fs::path(a.scenario).stem().string() + ".h5")
                           : fs::path(a.output);
  const RunShape shape = shape_of(scenario);
  if (root)
    check_output_writable(
        out, a.force,
        estimate_results_bytes(shape.entities, shape.years, base.paths, base.store, shape.inputs));

  RunOptions options = base;
  std::optional<CheckpointWriter> writer;
  const CheckpointInfo info = checkpoint_info(scenario, options);
  if (!a.resume.empty()) resume_from(a, info, options);
  if (!checkpoint.empty()) save_checkpoints(a, checkpoint, info, shape, options, writer);

  ProgressBar bar(base.paths, root && !a.quiet && ::isatty(STDERR_FILENO) != 0);
  options.progress = [&bar](std::uint64_t done) { bar.update(done); };
  const auto t0 = Clock::now();
  RunResults results;
  try {
    results = run_simulation(scenario, options);
  } catch (const Interrupted& e) {
    bar.finish();
    return report_interrupted(e, writer ? &*writer : nullptr, options.paths);
  }
  if (options.target_stderr > 0) results.target_statistic = target_name(options.target, scenario);
  const double sim = seconds(t0, Clock::now());
  bar.finish();
  if (!root) return kExitOk;  // rank 0 writes and prints
  write_and_report(a, scenario, results, out, writer ? &*writer : nullptr, sim);
  return kExitOk;
}

}  // namespace capexsim::cli
