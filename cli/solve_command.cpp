// `capexsim solve`: scenario document + overrides -> one run per evaluated v (common random
// numbers, same seed) -> Brent-Dekker search (analysis/solve.h) -> answer line and optional file.
#include "cli/solve_command.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "analysis/result_statistic.h"
#include "cli/run_support.h"
#include "cli/target.h"
#include "models/errors.h"
#include "output/atomic_file.h"
#include "output/solve_writer.h"
#include "scenarios/loader.h"

namespace capexsim::cli {
namespace {

//! v as a TOML float (shortest text that reads back as v, always with '.' or an exponent).
std::string toml_float(double v) {
  char buf[64];
  auto* const end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  std::string text(buf, end);
  if (text.find_first_of(".en") == std::string::npos) text += ".0";
  return text;
}

RunOptions run_options(const SolveArgs& a, const Scenario& scenario) {
  RunOptions o;
  o.paths = a.paths.value_or(scenario.paths.value_or(kDefaultPaths));
  o.seed = a.seed.value_or(scenario.seed.value_or(kDefaultSeed));
  o.threads = a.threads;
  o.store = StorePaths::none;
  o.sampler = SamplerKind::mc;
  o.sensitivity_paths = 0;
  o.common_random_numbers = true;
  return o;
}

RootSearchOptions search_options(const SolveArgs& a) {
  if (!(std::isfinite(a.lo) && std::isfinite(a.hi) && a.lo < a.hi))
    throw InputError("--lo and --hi: need finite --lo < --hi (got " + toml_float(a.lo) + " and " +
                     toml_float(a.hi) + ")");
  if (!std::isfinite(a.target)) throw InputError("--target must be a finite number");
  RootSearchOptions o;
  o.lo = a.lo;
  o.hi = a.hi;
  o.target = a.target;
  o.xtol = a.xtol;
  o.max_iterations = a.max_iterations;
  return o;
}

InputError bracket_input_error(const BracketError& e, const SolveArgs& a) {
  return InputError(
      "--lo/--hi: " + std::string(e.what()) +
      ". The statistic must cross --target between --lo and --hi: widen the bracket, or choose "
      "a target between the two values" +
      (a.replicates > 0 ? " (with --replicates, far enough inside them for every seed)" : ""));
}

//! A probability in percent, else plainly; `target`: as short as it reads ("5%").
std::string format_stat(double x, bool probability, bool target = false) {
  char buf[48];
  if (probability)
    std::snprintf(buf, sizeof buf, target ? "%g%%" : "%.3f%%", 100 * x);
  else
    std::snprintf(buf, sizeof buf, target ? "%g" : "%.6g", x);
  return buf;
}

//! Decimals that show a value to about xtol.
int decimals(double xtol) {
  return std::max(0, std::min(12, static_cast<int>(std::ceil(-std::log10(xtol)))));
}

void print_outcome(const SolveArgs& a, const SolveOutcome& o) {
  const BreakEven& r = o.result;
  const RootSearch& s = r.search;
  const bool prob = is_probability(o.statistic);
  const std::string what = target_description(o.statistic, o.scenario);
  const int d = decimals(a.xtol);
  std::printf("capexsim solve: %s, %s %s v, v in [%g, %g]\n", a.scenario.c_str(), a.vary.c_str(),
              a.shift ? "+=" : "=", a.lo, a.hi);
  std::printf("statistic %s = %s, target %s\n", target_name(o.statistic, o.scenario).c_str(),
              what.c_str(), format_stat(a.target, prob, true).c_str());
  std::printf("%llu paths per evaluation, seed %llu, common random numbers\n\n",
              static_cast<unsigned long long>(o.run.paths),
              static_cast<unsigned long long>(o.run.seed));
  std::printf("  eval  role            v     statistic        stderr\n");
  for (std::size_t i = 0; i < r.trace.size(); ++i) {
    const Evaluation& e = r.trace[i];
    std::printf("  %4zu  %-7s %12.*f  %12.6g  %12.4g\n", i + 1, role_name(e.role), d + 2, e.v,
                e.at.value, e.at.stderr_);
  }
  std::printf("\n%s%s at which %s = %s: %.*f (95%% CI %.*f .. %.*f)\n", a.shift ? "shift of " : "",
              a.vary.c_str(), what.c_str(), format_stat(a.target, prob, true).c_str(), d, s.root, d,
              r.ci_lower, d, r.ci_upper);
  std::printf(
      "  v* = %.*f, SE %.3g (delta method: SE of the statistic %.3g / |slope| %.4g, "
      "slope over [%.*f, %.*f])\n",
      d + 2, s.root, r.root_stderr, s.at_root.stderr_, std::fabs(r.slope), d + 2, r.slope_left,
      d + 2, r.slope_right);
  std::printf("  statistic at v*: %s (SE %s)\n", format_stat(s.at_root.value, prob).c_str(),
              format_stat(s.at_root.stderr_, prob).c_str());
  std::printf(
      "  search: %s after %d iterations, final bracket [%.*f, %.*f]; %zu evaluations of "
      "%llu paths\n",
      s.converged ? "converged" : "NOT converged", s.iterations, d + 2, s.bracket_lo, d + 2,
      s.bracket_hi, r.trace.size(), static_cast<unsigned long long>(o.run.paths));
  if (!r.replicate_roots.empty()) {
    int evaluations = 0;
    for (int n : r.replicate_evaluations) evaluations += n;
    std::printf(
        "  replicates: %zu independent seeds, roots mean %.*f, sd %.3g (delta-method SE "
        "%.3g); %d evaluations%s\n",
        r.replicate_roots.size(), d + 2, r.replicate_mean, r.replicate_sd, r.root_stderr,
        evaluations, r.replicates_unconverged > 0 ? ", some NOT converged" : "");
  }
  if (s.converged && std::isinf(r.root_stderr))
    std::printf(
        "  note: the statistic did not change over the slope's interval (too few paths "
        "for a step this small): raise --paths\n");
}

}  // namespace

CLI::App* add_solve_command(CLI::App& app, SolveArgs& a) {
  CLI::App* cmd =
      app.add_subcommand("solve",
                         "Break-even: the value of one key at which a statistic reaches a target "
                         "(docs/solve.md)");
  cmd->add_option("scenario", a.scenario, "Scenario file (TOML)")->required();
  cmd->add_option("--vary", a.vary,
                  "The key varied, as in --set, e.g. company.*.capex_growth (with --shift) or "
                  "company.meta.capex_growth.mean")
      ->required();
  cmd->add_flag("--shift", a.shift,
                "Vary by KEY+=v (moves a distribution, or adds to a number or per-year array) "
                "instead of KEY=v");
  cmd->add_option("--lo", a.lo, "Lower end of the bracket for v")->required();
  cmd->add_option("--hi", a.hi, "Upper end of the bracket for v")->required();
  cmd->add_option("--stat", a.stat,
                  "Statistic STAT[ENTITY,YEAR]: prob_negative, survival, surplus_mean, ocf_mean, "
                  "capex_mean or surplus_qNN (e.g. surplus_q05); with financing also "
                  "prob_net_debt, prob_issued, prob_shortfall, survival_net_debt (_issued, "
                  "_shortfall), cash_mean, debt_mean, net_cash_mean, issued_mean, equity_mean, "
                  "shortfall_mean, interest_mean or net_cash_qNN; default [total,last year]")
      ->required();
  cmd->add_option("--target", a.target, "Value of the statistic to reach (a probability as 0.05)")
      ->required();
  cmd->add_option("--set", a.sets, "Fixed override KEY=VALUE or KEY+=DELTA, as for run; repeatable")
      ->allow_extra_args(false);
  cmd->add_option("--paths", a.paths, "Paths per evaluation (default: the scenario's, else 100000)")
      ->check(CLI::Range(std::uint64_t{1}, kMaxPaths));
  cmd->add_option("--seed", a.seed, "Random seed (default: the scenario's, else 1)");
  cmd->add_option("--threads", a.threads, "Worker threads (0: all cores); never changes results")
      ->check(CLI::Range(0, 4096));
  cmd->add_option("--xtol", a.xtol, "Stop once the bracket is this narrow (default 1e-4)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--max-iter", a.max_iterations,
                  "Most evaluations after the bracket's two (default 60)")
      ->check(CLI::Range(1, 10000));
  cmd->add_option("--replicates", a.replicates,
                  "Repeat the search with this many independent seeds and report the spread of "
                  "the roots (default 0)")
      ->check(CLI::Range(0, 10000));
  cmd->add_option("-o,--output", a.output, "Write the answer and the trace to this HDF5 file");
  cmd->add_flag("-f,--force", a.force, "Overwrite an existing -o file");
  cmd->add_flag("-q,--quiet", a.quiet, "No progress or timing on stderr");
  return cmd;
}

SolveOutcome solve_scenario(const SolveArgs& a, const EvaluationCallback& on_evaluation) {
  if (a.replicates == 1)
    throw InputError("--replicates: 0 (none) or at least 2 (a standard deviation needs two)");
  const ScenarioDocument document = read_scenario_document(a.scenario);
  const std::vector<Override> overrides = parse_overrides(a.sets);
  SolveOutcome o{scenario_from_document(document, overrides), {}, search_options(a), {}, {}};
  o.statistic = parse_target(a.stat, o.scenario, "--stat", false);
  o.run = run_options(a, o.scenario);
  check_memory(o.scenario, o.run, 0, "each evaluation of the search");
  Override varied;
  try {  // the key must exist and take a number: check it before the first run
    varied = parse_override(a.vary + (a.shift ? "+=" : "=") + toml_float(a.lo));
    std::vector<Override> all = overrides;
    all.push_back(varied);
    (void)scenario_from_document(document, all);
  } catch (const InputError& e) {
    throw InputError("--vary: " + std::string(e.what()));
  }

  const SeededObjective statistic_at = [&](double v, std::uint64_t seed) {
    varied.value = toml_float(v);
    std::vector<Override> all = overrides;
    all.push_back(varied);
    const Scenario scenario = scenario_from_document(document, all);
    RunOptions options = o.run;
    options.seed = seed;
    const Estimate at = result_statistic(run_simulation(scenario, options), o.statistic);
    if (on_evaluation) on_evaluation(v, at, seed);
    return at;
  };
  try {
    o.result = solve_break_even(statistic_at, o.search, o.run.seed, a.replicates);
  } catch (const BracketError& e) {
    throw bracket_input_error(e, a);
  }
  return o;
}

int run_solve(const SolveArgs& a) {
  if (!a.output.empty()) check_output_writable(a.output, a.force);
  const bool progress = !a.quiet;
  int count = 0;
  const auto t0 = std::chrono::steady_clock::now();
  const EvaluationCallback report = [&](double v, const Estimate& at, std::uint64_t seed) {
    if (!progress) return;
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(stderr,
                 "  [%6.1f s] evaluation %d: v = %.8g, statistic %.6g (SE %.3g), seed %llu\n", s,
                 ++count, v, at.value, at.stderr_, static_cast<unsigned long long>(seed));
  };
  const SolveOutcome o = solve_scenario(a, report);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  print_outcome(a, o);

  if (!a.output.empty()) {
    const bool prob = is_probability(o.statistic);
    SolveMetadata meta{o.scenario.name,
                       o.scenario.source_text,
                       o.scenario.overrides,
                       o.scenario.unit,
                       a.vary,
                       a.shift ? "shift" : "set",
                       target_name(o.statistic, o.scenario),
                       target_description(o.statistic, o.scenario),
                       prob ? "1" : o.scenario.unit,
                       o.search,
                       o.run.paths,
                       o.run.seed,
                       CAPEXSIM_VERSION,
                       utc_now()};
    AtomicOutput file(a.output, a.force);
    write_solve(file.temp_path().string(), o.result, meta);
    commit_results(file);
    std::printf("\nResults: %s\n", a.output.c_str());
  }
  if (progress)
    std::fprintf(stderr, "solved in %.2f s (%d runs of %llu paths)\n", seconds, count,
                 static_cast<unsigned long long>(o.run.paths));
  if (!o.result.search.converged) {
    std::fprintf(stderr,
                 "capexsim: error: the search did not converge in %d iterations (bracket still "
                 "[%.8g, %.8g]): raise --max-iter or --xtol\n",
                 a.max_iterations, o.result.search.bracket_lo, o.result.search.bracket_hi);
    return 1;
  }
  return 0;
}

}  // namespace capexsim::cli
