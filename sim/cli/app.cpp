// The command line (CLI11): parses arguments, maps exceptions to exit codes, and sequences a
// run: load scenario -> check output -> simulate -> write a temporary file -> rename into place.
#include "sim/cli/app.h"

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

#include "output/atomic_file.h"
#include "output/results_writer.h"
#include "scenarios/input_error.h"
#include "scenarios/loader.h"
#include "sim/cli/backtest_command.h"
#include "sim/cli/calibrate_command.h"
#include "sim/cli/progress.h"
#include "sim/cli/summary.h"
#include "sim/engine.h"
#include "sim/floor.h"
#include "sim/replay.h"

namespace capexsim::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kDefaultPaths = 100000;
constexpr std::uint64_t kDefaultSeed = 1;
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
};

// The temporary results file, removed by the signal handler if the run is interrupted.
char g_temp_path[4096] = {0};

extern "C" void on_signal(int sig) {
  if (g_temp_path[0] != '\0') ::unlink(g_temp_path);  // async-signal-safe
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

//! "STAT" or "STAT[ENTITY,YEAR]", e.g. "prob_negative[total,2026]"; default: total, last year.
TargetStatistic parse_target(const std::string& text, const Scenario& scenario) {
  TargetStatistic t;
  const auto bracket = text.find('[');
  const std::string stat = text.substr(0, bracket);
  using Kind = TargetStatistic::Kind;
  if (stat == "prob_negative")
    t.kind = Kind::prob_negative;
  else if (stat == "surplus_mean")
    t.kind = Kind::surplus_mean;
  else if (stat == "ocf_mean")
    t.kind = Kind::ocf_mean;
  else if (stat == "capex_mean")
    t.kind = Kind::capex_mean;
  else
    throw InputError("--target: unknown statistic \"" + stat +
                     "\" (one of prob_negative, surplus_mean, ocf_mean, capex_mean)");
  if (bracket == std::string::npos) return t;
  const auto comma = text.find(',', bracket);
  if (comma == std::string::npos || text.back() != ']')
    throw InputError("--target: write STAT[ENTITY,YEAR], e.g. prob_negative[total,2026]");
  const std::string entity = text.substr(bracket + 1, comma - bracket - 1);
  const std::string year = text.substr(comma + 1, text.size() - comma - 2);
  if (entity != "total") {
    t.entity = -2;
    for (std::size_t c = 0; c < scenario.companies.size(); ++c)
      if (scenario.companies[c].name == entity) t.entity = static_cast<int>(c);
    if (t.entity == -2) throw InputError("--target: no entity \"" + entity + "\" in the scenario");
  }
  t.year = -2;
  for (std::size_t y = 0; y < scenario.years.size(); ++y)
    if (std::to_string(scenario.years[y]) == year) t.year = static_cast<int>(y);
  if (t.year == -2) throw InputError("--target: year " + year + " is not in the scenario's years");
  return t;
}

std::string target_name(const TargetStatistic& t, const Scenario& scenario) {
  static const char* kNames[] = {"prob_negative", "surplus_mean", "ocf_mean", "capex_mean"};
  const std::string entity =
      t.entity < 0 ? "total" : scenario.companies[static_cast<std::size_t>(t.entity)].name;
  const int year =
      scenario.years[t.year < 0 ? scenario.years.size() - 1 : static_cast<std::size_t>(t.year)];
  return std::string(kNames[static_cast<int>(t.kind)]) + "[" + entity + "," + std::to_string(year) +
         "]";
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
  if (o.paths == 0) throw InputError("--paths must be at least 1");
  if (o.paths > kMaxPaths)
    throw InputError(scenario.source_path, 0, 0,
                     "paths = " + std::to_string(o.paths) + " is more than the maximum " +
                         std::to_string(kMaxPaths) + "; lower it or use --paths");
  return o;
}

void check_memory(const Scenario& scenario, const RunOptions& o) {
  const std::uint64_t need = estimate_memory_bytes(scenario, o);
  const auto pages = static_cast<std::uint64_t>(::sysconf(_SC_PHYS_PAGES));
  const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGE_SIZE));
  const std::uint64_t have = pages * page;
  if (need <= have / 10 * 9) return;
  const std::uint64_t fit =
      static_cast<std::uint64_t>(static_cast<double>(o.paths) * static_cast<double>(have / 10 * 9) /
                                 static_cast<double>(need));
  std::string message = "this run needs about " + std::to_string(need >> 20) +
                        " MiB of memory but the machine has " + std::to_string(have >> 20) +
                        " MiB; lower --paths (about " + std::to_string(fit) + " would fit)";
  if (o.store == StorePaths::all) message += " or store less with --store-paths total";
  throw InputError(message);
}

int cmd_run(const RunArgs& a) {
  const Scenario scenario = load_scenario(a.scenario);
  const RunOptions base = make_options(a, scenario);
  check_memory(scenario, base);
  const fs::path out = a.output.empty()
                           ? fs::path("results") / (fs::path(a.scenario).stem().string() + ".h5")
                           : fs::path(a.output);
  check_output_writable(out, a.force);

  ProgressBar bar(base.paths, !a.quiet && ::isatty(STDERR_FILENO));
  RunOptions options = base;
  options.progress = [&bar](std::uint64_t done) { bar.update(done); };
  const auto t0 = std::chrono::steady_clock::now();
  RunResults results = run_simulation(scenario, options);
  if (options.target_stderr > 0) results.target_statistic = target_name(options.target, scenario);
  const auto t1 = std::chrono::steady_clock::now();
  bar.finish();

  AtomicOutput file(out, a.force);
  std::strncpy(g_temp_path, file.temp_path().c_str(), sizeof g_temp_path - 1);
  RunMetadata meta{scenario.name, scenario.source_text, scenario.unit, CAPEXSIM_VERSION, utc_now()};
  write_results(file.temp_path().string(), results, meta);
  file.commit();
  g_temp_path[0] = '\0';
  const auto t2 = std::chrono::steady_clock::now();

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
  const Scenario scenario = load_scenario(a.scenario);
  const RunOptions o = make_options(a, scenario);
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
  const Scenario scenario = load_scenario(a.scenario);
  const RunOptions o = make_options(a, scenario);
  if (path >= o.paths)
    throw InputError("--path " + std::to_string(path) + " does not exist in a run of " +
                     std::to_string(o.paths) + " paths (paths are numbered from 0)");
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
                  !total && trace.floored[e][t] ? "  (growth <= -100% floored)" : "");
    }
  }
  return kExitOk;
}

void add_common(CLI::App* cmd, RunArgs& a) {
  cmd->add_option("scenario", a.scenario, "Scenario file (TOML)")->required();
  cmd->add_option("--paths", a.paths, "Number of paths (default: the scenario's, else 100000)")
      ->check(CLI::Range(std::uint64_t{1}, kMaxPaths));
  cmd->add_option("--seed", a.seed, "Random seed (default: the scenario's, else 1)");
  cmd->add_option("--threads", a.threads, "Worker threads (0: all cores); never changes results")
      ->check(CLI::Range(0, 4096));
}

void add_sampling(CLI::App* cmd, RunArgs& a) {
  cmd->add_option("--sampler", a.sampler, "mc (default), lhs (Latin hypercube) or sobol")
      ->check(CLI::IsMember({"mc", "lhs", "sobol"}));
  cmd->add_option("--replicates", a.replicates,
                  "sobol: independent randomizations behind the error estimate (default 16)")
      ->check(CLI::Range(2, 1 << 20));
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
  add_sampling(run, run_args);
  run->add_option("--target-stderr", run_args.target_stderr,
                  "Stop once the --target statistic's standard error is at most this; --paths "
                  "is then the maximum")
      ->check(CLI::PositiveNumber);
  run->add_option("--target", run_args.target,
                  "Statistic for --target-stderr: prob_negative (default), surplus_mean, "
                  "ocf_mean or capex_mean, optionally [ENTITY,YEAR] (default [total,last year])");

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
  try {
    if (run->parsed()) return cmd_run(run_args);
    if (replay->parsed()) return cmd_replay(replay_args, replay_path_index);
    if (calibrate->parsed()) return run_calibrate(calibrate_args);
    if (backtest->parsed()) return run_backtest(backtest_args);
    return cmd_floor(floor_args);
  } catch (const InputError& e) {
    std::cerr << "capexsim: error: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const OutputExistsError& e) {
    std::cerr << "capexsim: error: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "capexsim: error: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace capexsim::cli
