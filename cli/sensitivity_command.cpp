// `capexsim sensitivity`: scenario (+ --set overrides) -> Sobol' indices of one output -> the
// factors ranked by total index on stdout -> optionally an HDF5 file, written to a temporary
// file and renamed into place.
#include "cli/sensitivity_command.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <thread>

#include "cli/run_support.h"
#include "models/dependence.h"
#include "models/errors.h"
#include "output/atomic_file.h"
#include "output/sobol_writer.h"
#include "scenarios/loader.h"
#include "scenarios/overrides.h"
#include "sim/memory_estimate.h"

namespace capexsim::cli {
namespace {

//! The entity named `name`: a company's index, -1 for the total.
int entity_index(const std::string& name, const Scenario& scenario) {
  if (name == "total") return -1;
  for (std::size_t c = 0; c < scenario.companies.size(); ++c)
    if (scenario.companies[c].name == name) return static_cast<int>(c);
  throw InputError("--output: no entity \"" + name + "\" in the scenario (a company or total)");
}

int year_index(const std::string& year, const Scenario& scenario) {
  for (std::size_t t = 0; t < scenario.years.size(); ++t)
    if (std::to_string(scenario.years[t]) == year) return static_cast<int>(t);
  throw InputError("--output: year " + year + " is not in the scenario's years");
}

//! Refuses an analysis that would need more memory than this process may use.
void check_sobol_memory(const Scenario& scenario, const SobolRunOptions& o) {
  const int threads = o.sobol.threads;
  const std::uint64_t workers =
      threads > 0 ? static_cast<std::uint64_t>(threads) : std::thread::hardware_concurrency();
  const std::uint64_t need = kBaseProcessBytes + sobol_memory_bytes(scenario, o, workers) +
                             dependence_memory_bytes(scenario, RunOptions{});
  check_memory(need, "--n " + std::to_string(o.sobol.n) + ": the analysis",
               "lower --n (it costs N x (factors + 2) evaluations) or --bootstrap, or group the "
               "inputs with --by variable, parameter or company",
               threads);
}

std::string interval(double lower, double upper) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "[%7.4f, %7.4f]", lower, upper);
  return buf;
}

void print_indices(const Scenario& scenario, const SobolResults& r) {
  const SobolIndices& s = r.indices;
  std::printf("Sobol' indices of %s, scenario \"%s\": %zu factor%s (--by %s) over %zu inputs\n",
              r.statistic.c_str(), scenario.name.c_str(), r.factors.size(),
              r.factors.size() == 1 ? "" : "s", sobol_grouping_name(r.by), r.inputs);
  std::printf(
      "N = %llu base rows, %llu model evaluations (N x (factors + 2)), %llu bootstrap "
      "resamples, seed %llu\n",
      static_cast<unsigned long long>(s.n), static_cast<unsigned long long>(s.evaluations),
      static_cast<unsigned long long>(s.bootstrap), static_cast<unsigned long long>(s.seed));
  if (r.dependence)
    std::printf(
        "Dependence: each input is an independent innovation of the copula, attributed "
        "in the order of the variables (docs/sensitivity.md)\n");
  if (r.dependence && !r.triangular)
    std::printf(
        "The correlation matrix is singular and was factored by eigendecomposition: "
        "input names give the eigen-direction's position, not a variable's own "
        "innovation; read the indices of groups (--by) that hold whole correlated "
        "sets\n");
  // Amounts (not indicators or year indices) are in the scenario's unit.
  const bool amount = r.statistic.starts_with("surplus") || r.statistic.starts_with("net_cash") ||
                      r.statistic.starts_with("cumulative_issued");
  std::printf("Output mean %.6g, variance %.6g%s%s\n", s.mean, s.variance,
              amount && !scenario.unit.empty() ? " (unit " : "",
              amount && !scenario.unit.empty()
                  ? (scenario.unit + ", variance in its square)").c_str()
                  : "");
  if (!(s.variance > 0)) {
    std::printf("The output does not vary over the design: the indices are undefined.\n");
    return;
  }
  std::vector<std::size_t> order(r.factors.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return s.total[a] > s.total[b] || (std::isnan(s.total[b]) && !std::isnan(s.total[a]));
  });
  std::size_t width = 6;
  for (const std::string& f : r.factors) width = std::max(width, f.size());
  const int w = static_cast<int>(width);
  std::printf("\n%4s  %-*s  %7s  %-18s  %7s  %s\n", "rank", w, "factor", "first", "95% bootstrap",
              "total", "95% bootstrap");
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t i = order[k];
    std::printf("%4zu  %-*s  %7.4f  %-18s  %7.4f  %s\n", k + 1, w, r.factors[i].c_str(), s.first[i],
                interval(s.first_lower[i], s.first_upper[i]).c_str(), s.total[i],
                interval(s.total_lower[i], s.total_upper[i]).c_str());
  }
  std::printf(
      "\nSum of first-order indices %.4f %s: 1 minus it is the share of the variance due "
      "to interactions\n",
      s.first_sum, interval(s.first_sum_lower, s.first_sum_upper).c_str());
}

}  // namespace

CLI::App* add_sensitivity_command(CLI::App& app, SensitivityArgs& a) {
  CLI::App* cmd = app.add_subcommand(
      "sensitivity",
      "Sobol' indices (first order and total, with bootstrap intervals) of one output");
  cmd->add_option("scenario", a.scenario, "Scenario file (TOML)")->required();
  cmd->add_option("--output", a.output,
                  "Output analysed: surplus[ENTITY,YEAR] (default surplus[total,last year]), "
                  "negative[ENTITY,YEAR] (surplus < 0), first_negative[ENTITY]; with financing "
                  "net_cash[ENTITY,YEAR], net_debt[ENTITY,YEAR] (net cash < 0), "
                  "first_net_debt[ENTITY], cumulative_issued[ENTITY]");
  cmd->add_option("--n", a.n, "Base rows N (default 10000); costs N x (factors + 2) evaluations");
  cmd->add_option("--by", a.by,
                  "Factors: input (company.parameter.year, default), variable "
                  "(company.parameter), parameter or company");
  cmd->add_option("--bootstrap", a.bootstrap,
                  "Bootstrap resamples for the intervals (default 200; 0: none)");
  cmd->add_option("--seed", a.seed, "Random seed (default: the scenario's, else 1)");
  cmd->add_option("--threads", a.threads, "Worker threads (0: all cores); never changes results")
      ->check(CLI::Range(0, 4096));
  cmd->add_option("--set", a.sets, "Override KEY=VALUE or KEY+=DELTA, as for run; repeatable");
  cmd->add_option("-o,--out", a.out, "Write the indices to this HDF5 file");
  cmd->add_flag("-f,--force", a.force, "Overwrite an existing -o file");
  cmd->add_flag("-q,--quiet", a.quiet, "No timing on stderr");
  return cmd;
}

SobolOutput parse_sobol_output(const std::string& text, const Scenario& scenario) {
  SobolOutput o;
  const auto bracket = text.find('[');
  const std::string kind = text.substr(0, bracket);
  int k = 0;
  while (k < kSobolOutputCount && kind != kSobolOutputNames[k]) ++k;
  if (k == kSobolOutputCount) {
    std::string names;
    for (const char* name : kSobolOutputNames)
      names += std::string(names.empty() ? "" : ", ") + name;
    throw InputError("--output: unknown output \"" + kind + "\" (one of " + names + ")");
  }
  o.kind = static_cast<SobolOutput::Kind>(k);
  if (bracket == std::string::npos) return o;
  const bool no_year = !sobol_output_has_year(o.kind);
  if (text.back() != ']')
    throw InputError(no_year ? "--output: write " + kind + "[ENTITY], e.g. " + kind + "[total]"
                             : "--output: write " + kind + "[ENTITY,YEAR], e.g. " + kind +
                                   "[total,2026]");
  const std::string inside = text.substr(bracket + 1, text.size() - bracket - 2);
  const auto comma = inside.find(',');
  o.entity = entity_index(inside.substr(0, comma), scenario);
  if (comma != std::string::npos) {
    if (no_year)
      throw InputError("--output: " + kind + " takes an entity only, e.g. " + kind + "[meta]");
    o.year = year_index(inside.substr(comma + 1), scenario);
  }
  return o;
}

int run_sensitivity(const SensitivityArgs& a) {
  const Scenario scenario = load_scenario(a.scenario, parse_overrides(a.sets));
  SobolRunOptions o;
  const std::string last = std::to_string(scenario.years.back());
  o.output =
      parse_sobol_output(a.output.empty() ? "surplus[total," + last + "]" : a.output, scenario);
  const std::optional<SobolGrouping> by = sobol_grouping_from_name(a.by);
  if (!by)
    throw InputError("--by: unknown grouping \"" + a.by +
                     "\" (one of input, variable, parameter, company)");
  o.by = *by;
  if (a.n < 2) throw InputError("--n must be at least 2 (base rows of the design)");
  if (a.n > kMaxPaths || a.bootstrap > kMaxPaths)
    throw InputError("--n and --bootstrap are at most " + std::to_string(kMaxPaths));
  if (a.bootstrap == 1)
    throw InputError("--bootstrap: 0 (no intervals) or at least 2 (a spread needs two)");
  if (drawn_variables(scenario.companies).empty())
    throw InputError(scenario.source_path, 0, 0,
                     "every input is fixed: there is no variance to decompose");
  o.sobol.n = a.n;
  o.sobol.bootstrap = a.bootstrap;
  o.sobol.seed = a.seed.value_or(scenario.seed.value_or(kDefaultSeed));
  o.sobol.threads = a.threads;
  check_sobol_memory(scenario, o);
  if (!a.out.empty()) check_output_writable(a.out, a.force);

  const auto t0 = std::chrono::steady_clock::now();
  const SobolResults results = run_sobol_sensitivity(scenario, o);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  print_indices(scenario, results);
  if (!a.out.empty()) {
    AtomicOutput file(a.out, a.force);
    write_sobol(file.temp_path().string(), results,
                {scenario.name, scenario.source_text, scenario.overrides, scenario.unit,
                 CAPEXSIM_VERSION, utc_now()});
    commit_results(file);
    std::printf("\nIndices: %s\n", a.out.c_str());
  }
  if (!a.quiet)
    std::fprintf(stderr, "computed in %.2f s (%.3g M model evaluations/s)\n", seconds,
                 static_cast<double>(results.indices.evaluations) / seconds / 1e6);
  return 0;
}

}  // namespace capexsim::cli
