// The command line (CLI11): parses arguments, maps exceptions to exit codes, and sequences a
// run: load scenario -> check output -> simulate -> write a temporary file -> rename into place.
#include "cli/app.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include "cli/backtest_command.h"
#include "cli/calibrate_command.h"
#include "cli/checkpoint_support.h"
#include "cli/error_remedies.h"
#include "cli/progress.h"
#include "cli/run_support.h"
#include "cli/sensitivity_command.h"
#include "cli/solve_command.h"
#include "cli/summary.h"
#include "cli/sweep_command.h"
#include "cli/target.h"
#include "models/errors.h"
#include "output/atomic_file.h"
#include "output/checkpoint_file.h"
#include "output/results_writer.h"
#include "scenarios/loader.h"
#include "sim/cluster.h"
#include "sim/engine.h"
#include "sim/floor.h"
#include "sim/interrupt.h"
#include "sim/memory_estimate.h"
#include "sim/replay.h"
#include "sim/sensitivity.h"

namespace capexsim::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kMaxPaths = std::uint64_t{1} << 40;

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
  int compress = 0;
  std::string checkpoint;         //!< --checkpoint FILE
  double checkpoint_every = 300;  //!< --checkpoint-every SECONDS
  std::string resume;             //!< --resume FILE
};

Scenario load(const RunArgs& a) { return load_scenario(a.scenario, parse_overrides(a.sets)); }

//! Ctrl-C or SIGTERM. While the engine runs, the first one asks it to stop at the end of its
//! block (sim/interrupt.h): the command then saves a checkpoint or discards its work, removes
//! its temporary files and exits with a code that says which (docs/checkpoint.md). Otherwise, or
//! at a second signal: remove any temporary output file, then die of the signal as usual. Once the
//! results are being moved into place (commit_results) a signal is ignored: the command exits 0.
extern "C" void on_signal(int sig) {
  if (finishing()) return;  // the results are being moved into place: too late to stop
  if (stop_is_honoured() && stop_requested() == 0) {
    request_stop(sig);
    return;
  }
  AtomicOutput::remove_pending_on_signal();
  std::signal(sig, SIG_DFL);
  std::raise(sig);
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

int cmd_run(const RunArgs& a) {
  const Scenario scenario = load(a);
  RunOptions base = make_options(a, scenario);
  check_memory(scenario, base, a.compress);
  Cluster& ranks = cluster();
  const std::string checkpoint = !a.checkpoint.empty() ? a.checkpoint : a.resume;
  if (ranks.size() > 1) {
    if (base.store != StorePaths::none)
      throw InputError("a run over " + std::to_string(ranks.size()) +
                       " MPI ranks keeps no per-path data (exact quantiles would need every path "
                       "on one machine): add --store-paths none (docs/mpi.md)");
    if (!checkpoint.empty())
      throw InputError("--checkpoint and --resume work in a single process; a run over " +
                       std::to_string(ranks.size()) + " MPI ranks cannot save one (docs/mpi.md)");
    base.cluster = &ranks;
  }
  const bool root = ranks.rank() == 0;
  const fs::path out = a.output.empty()
                           ? fs::path("results") / (fs::path(a.scenario).stem().string() + ".h5")
                           : fs::path(a.output);
  const std::uint64_t entities = scenario.companies.size() + 1, years = scenario.years.size();
  const std::uint64_t inputs = sensitivity_inputs(scenario).size();
  if (root)
    check_output_writable(out, a.force,
                          estimate_results_bytes(entities, years, base.paths, base.store, inputs));

  RunOptions options = base;
  std::optional<CheckpointWriter> writer;
  const CheckpointInfo info = checkpoint_info(scenario, options);
  if (!a.resume.empty()) {
    const CheckpointInfo saved = check_resume(a.resume, info);
    if (!a.quiet)
      std::fprintf(stderr, "resuming from %s: %llu of %llu paths done (saved %s)\n",
                   a.resume.c_str(), static_cast<unsigned long long>(saved.paths_done),
                   static_cast<unsigned long long>(options.paths), saved.created_utc.c_str());
    options.resume = [path = fs::path(a.resume)](EngineSnapshot& s) { read_state(path, s); };
  }
  if (!checkpoint.empty()) {
    if (a.resume.empty() && fs::exists(checkpoint) && !a.force)
      throw InputError(checkpoint +
                       ": a checkpoint already exists; continue its run with --resume " +
                       checkpoint + ", or overwrite it with --force");
    // The new checkpoint is written beside the previous one, then renamed over it.
    check_output_writable(
        checkpoint, true,
        2 * estimate_checkpoint_bytes(entities, years, options.paths, options.store, inputs,
                                      std::min(options.paths, options.sensitivity_paths)));
    writer.emplace(checkpoint, info);
    options.save_checkpoint = [&writer](const EngineSnapshot& s) { writer->save(s); };
    options.checkpoint_every = a.checkpoint_every;
  }

  ProgressBar bar(base.paths, root && !a.quiet && ::isatty(STDERR_FILENO) != 0);
  options.progress = [&bar](std::uint64_t done) { bar.update(done); };
  const auto t0 = std::chrono::steady_clock::now();
  RunResults results;
  try {
    results = run_simulation(scenario, options);
  } catch (const Interrupted& e) {
    bar.finish();
    return report_interrupted(e, writer ? &*writer : nullptr, options.paths);
  }
  if (options.target_stderr > 0) results.target_statistic = target_name(options.target, scenario);
  const auto t1 = std::chrono::steady_clock::now();
  bar.finish();
  if (!root) return kExitOk;  // rank 0 writes and prints

  AtomicOutput file(out, a.force);
  RunMetadata meta{scenario.name, scenario.source_text, scenario.unit, CAPEXSIM_VERSION,
                   utc_now(),     scenario.overrides,   a.compress};
  write_results(file.temp_path().string(), results, meta);
  commit_results(file);
  const auto t2 = std::chrono::steady_clock::now();
  if (writer) {  // the results supersede the checkpoint
    std::error_code ignored;
    fs::remove(writer->path(), ignored);
  }

  print_summary(std::cout, scenario, results);
  std::cout << "\nResults: " << out.string() << "\n";
  if (!a.quiet) {
    const double sim = std::chrono::duration<double>(t1 - t0).count();
    const double write = std::chrono::duration<double>(t2 - t1).count();
    std::fprintf(stderr, "simulated %llu paths in %.3f s (%.3g M paths/s), wrote in %.3f s\n",
                 static_cast<unsigned long long>(results.paths), sim,
                 static_cast<double>(results.paths) / sim / 1e6, write);
  }
  return kExitOk;
}

int cmd_floor(const RunArgs& a) {
  const Scenario scenario = load(a);
  const RunOptions o = make_options(a, scenario);
  check_memory(floor_memory_bytes(scenario, o), "this floor run", "lower --paths", o.threads);
  const auto t0 = std::chrono::steady_clock::now();
  const FloorResult f = draw_variates_only(scenario, o);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf(
      "floor: %llu paths, %llu variates drawn in %.3f s (%.3g M paths/s, %.3g ns/variate), "
      "checksum %.17g\n",
      static_cast<unsigned long long>(o.paths), static_cast<unsigned long long>(f.draws), s,
      static_cast<double>(o.paths) / s / 1e6, s * 1e9 / static_cast<double>(f.draws), f.checksum);
  return kExitOk;
}

int cmd_replay(const RunArgs& a, std::uint64_t path) {
  const Scenario scenario = load(a);
  const RunOptions o = make_options(a, scenario);
  if (path >= o.paths)
    throw InputError("--path " + std::to_string(path) + " does not exist in a run of " +
                     std::to_string(o.paths) + " paths (paths are numbered from 0)");
  check_memory(replay_memory_bytes(scenario, o), "this replay", "simulate fewer years or companies",
               o.threads);
  const PathTrace trace = replay_path(scenario, o, path);
  std::printf("Path %llu of %llu, seed %llu, scenario \"%s\"%s%s\n",
              static_cast<unsigned long long>(path), static_cast<unsigned long long>(o.paths),
              static_cast<unsigned long long>(o.seed), scenario.name.c_str(),
              scenario.unit.empty() ? "" : ", unit ", scenario.unit.c_str());
  for (std::size_t e = 0; e < trace.flows.size(); ++e) {
    const bool total = e == scenario.companies.size();
    std::printf(
        "\n%s\n  year  ocf_growth capex_growth buyback_ratio dividend_ratio        OCF"
        "   buybacks  dividends      capex    surplus\n",
        total ? "total" : scenario.companies[e].name.c_str());
    for (std::size_t t = 0; t < scenario.years.size(); ++t) {
      const Flows& f = trace.flows[e][t];
      std::printf("  %d", scenario.years[t]);
      if (total) {
        std::printf(" %10s %12s %13s %14s", "", "", "", "");
      } else {
        const Draws& d = trace.draws[e][t];
        std::printf(" %10.4f %12.4f %13.4f %14.4f", d.ocf_growth, d.capex_growth, d.buyback_ratio,
                    d.dividend_ratio);
      }
      std::printf(" %10.2f %10.2f %10.2f %10.2f %10.2f%s\n", f.ocf, f.buybacks, f.dividends,
                  f.capex, f.surplus(),
                  !total && trace.growth_floored[e][t] ? "  (growth <= -100% floored)" : "");
    }
  }
  return kExitOk;
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

}  // namespace

int run_app(int argc, char** argv) {
  CLI::App app{"capexsim: Monte Carlo of the hyperscalers' cash surplus after AI capex"};
  app.set_version_flag("--version", std::string("capexsim ") + CAPEXSIM_VERSION);
  app.require_subcommand(1);

  RunArgs run_args;
  CLI::App* run = app.add_subcommand("run", "Run a scenario and write its results (HDF5)");
  add_common(run, run_args);
  run->add_option("-o,--output", run_args.output, "Results file (default: results/<scenario>.h5)");
  run->add_flag("-f,--force", run_args.force, "Overwrite an existing results file");
  run->add_option("--store-paths", run_args.store, "Per-path data to store: none, total, all")
      ->check(CLI::IsMember({"none", "total", "all"}));
  run->add_flag("-q,--quiet", run_args.quiet, "No progress bar or timing on stderr");
  run->add_option("--compress", run_args.compress,
                  "Deflate level 0-9 of the per-path datasets (default 0: none; "
                  "docs/results-format.md)")
      ->check(CLI::Range(0, 9));
  add_sampling(run, run_args);
  run->add_option("--target-stderr", run_args.target_stderr,
                  "Stop once the --target statistic's standard error is at most this; --paths "
                  "is then the maximum")
      ->check(CLI::PositiveNumber);
  run->add_option("--target", run_args.target,
                  "Statistic for --target-stderr: prob_negative (default), surplus_mean, "
                  "ocf_mean or capex_mean, optionally [ENTITY,YEAR] (default [total,last year])");
  run->add_option("--checkpoint", run_args.checkpoint,
                  "Save the run's state to this file every --checkpoint-every seconds and when "
                  "interrupted (Ctrl-C, SIGTERM); continue it with --resume (docs/checkpoint.md)");
  run->add_option("--checkpoint-every", run_args.checkpoint_every,
                  "Seconds between checkpoints (default 300; 0: after every batch of 64 blocks)")
      ->check(CLI::NonNegativeNumber);
  run->add_option("--resume", run_args.resume,
                  "Continue the run saved in this checkpoint (same scenario, --set, seed and "
                  "options); the results equal an uninterrupted run's bit for bit. Saves further "
                  "checkpoints to it unless --checkpoint names another file")
      ->check(CLI::ExistingFile);
  run->add_option("--sensitivity-paths", run_args.sensitivity_paths,
                  "Rank-correlation sensitivity on the first N paths (default " +
                      std::to_string(RunOptions{}.sensitivity_paths) + "; 0: off)")
      ->check(CLI::Range(std::uint64_t{0}, kMaxPaths));

  RunArgs floor_args;
  CLI::App* floor = app.add_subcommand(
      "floor", "Benchmark floor: draw the run's random variates only and time it");
  add_common(floor, floor_args);

  RunArgs replay_args;
  std::uint64_t replay_path_index = 0;
  CLI::App* replay = app.add_subcommand(
      "replay", "Print the draws and flows of one path, exactly as a run with that seed has it");
  add_common(replay, replay_args);
  replay->add_option("--path", replay_path_index, "Path number, from 0")->required();
  add_sampling(replay, replay_args);

  CalibrateArgs calibrate_args;
  CLI::App* calibrate = add_calibrate_command(app, calibrate_args);
  BacktestArgs backtest_args;
  CLI::App* backtest = add_backtest_command(app, backtest_args);
  SweepArgs sweep_args;
  CLI::App* sweep = add_sweep_command(app, sweep_args);
  CollectArgs collect_args;
  CLI::App* collect = add_collect_command(app, collect_args);
  SolveArgs solve_args;
  CLI::App* solve = add_solve_command(app, solve_args);
  SensitivityArgs sensitivity_args;
  CLI::App* sensitivity = add_sensitivity_command(app, sensitivity_args);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitBadInput;
  }

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  // Past `ulimit -f`, a write then fails (EFBIG) and is reported like a full disk, instead of
  // the signal killing the process with its temporary file in place.
  std::signal(SIGXFSZ, SIG_IGN);
  // The option naming the output file, for the remedies of output errors.
  const std::string output_option =
      calibrate->parsed() || sensitivity->parsed() ? "--out" : "--output";
  try {
    if (run->parsed()) return cmd_run(run_args);
    if (replay->parsed()) return cmd_replay(replay_args, replay_path_index);
    if (calibrate->parsed()) return run_calibrate(calibrate_args);
    if (backtest->parsed()) return run_backtest(backtest_args);
    if (sweep->parsed()) return run_sweep(sweep_args);
    if (collect->parsed()) return run_collect(collect_args);
    if (solve->parsed()) return run_solve(solve_args);
    if (sensitivity->parsed()) return run_sensitivity(sensitivity_args);
    return cmd_floor(floor_args);
  } catch (const Interrupted& e) {  // sweep, solve, sensitivity: nothing to save
    std::cerr << "capexsim: interrupted by " << signal_name(e.signal())
              << "; no results written.\n";
    return 128 + e.signal();
  } catch (const InputError& e) {  // every rank has it
    if (is_root()) std::cerr << "capexsim: error: " << e.what() << remedy(e, output_option) << "\n";
    return kExitBadInput;
  } catch (const OutputExistsError& e) {
    std::cerr << "capexsim: error: " << e.what() << remedy(e, output_option) << "\n";
    return kExitBadInput;
  } catch (const ResourceError& e) {
    std::cerr << "capexsim: error: " << e.what() << remedy(e) << "\n";
    return kExitFailure;
  } catch (const std::exception& e) {  // IoError and the rest
    std::cerr << "capexsim: error"
              << (is_root() ? "" : " (rank " + std::to_string(cluster().rank()) + ")") << ": "
              << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace capexsim::cli
