// `capexsim evaluate`: one calibration and one in-memory run of the engine per base year; the
// per-path flows of every entity (--store-paths all, kept in memory only) are scored cell by
// cell. Every vintage runs with the same --seed; the engine is bitwise independent of --threads
// and the scoring is sequential, so the file is too.
#include "cli/evaluate_command.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>

#include "cli/run_support.h"
#include "models/errors.h"
#include "output/atomic_file.h"
#include "output/evaluation_writer.h"
#include "scenarios/calibration.h"
#include "scenarios/calibration_toml.h"
#include "scenarios/history.h"
#include "scenarios/loader.h"
#include "sim/engine.h"

namespace capexsim::cli {
namespace {

double value_or_nan(const std::optional<double>& v) { return v ? *v : kEvalNaN; }

//! The realized series of the calibrated companies, in the calibration's order, then the total.
std::vector<EntitySeries> realized_series(const History& h, const Calibration& cal) {
  std::vector<EntitySeries> companies;
  for (const CompanyCalibration& c : cal.companies) {
    EntitySeries s{.name = c.name, .years = {}};
    for (const HistoryRow* r : h.company(c.name))
      s.years.push_back({r->year,
                         {value_or_nan(r->ocf), value_or_nan(r->capex), value_or_nan(r->buybacks),
                          value_or_nan(r->dividends)}});
    companies.push_back(std::move(s));
  }
  return with_total(std::move(companies));
}

void check_args(const EvaluateArgs& a, const History& h) {
  if (h.quarterly) throw InputError(a.history, 1, 0, "--history: evaluate needs an annual history");
  if (a.horizon < 1)
    throw InputError("--horizon: must be at least 1 year (got " + std::to_string(a.horizon) + ")");
  if (a.from > a.to)
    throw InputError("--from " + std::to_string(a.from) + " is after --to " + std::to_string(a.to));
  if (a.paths < 1 || a.paths > kMaxPaths) throw InputError("--paths: must be between 1 and 2^40");
  int first = 0, last = 0;
  for (const HistoryRow& r : h.rows) {
    first = first ? std::min(first, r.year) : r.year;
    last = std::max(last, r.year);
  }
  if (h.rows.empty() || a.to < first || a.from >= last)
    throw InputError("--from/--to: no data to evaluate base years " + std::to_string(a.from) + "-" +
                     std::to_string(a.to) + ": " + a.history + " covers " + std::to_string(first) +
                     "-" + std::to_string(last) +
                     " (a base year needs its own row and a later one)");
}

//! The calibrated scenario of one base year, built as `capexsim calibrate` builds its file.
Scenario vintage_scenario(const History& h, const EvaluateArgs& a, int base_year,
                          Calibration& cal) {
  CalibrationOptions options;
  options.base_year = base_year;
  options.years = a.horizon;
  try {
    cal = calibrate(h, options);
    return parse_scenario(calibration_toml(cal, a.history),
                          a.history + " (calibrated, base year " + std::to_string(base_year) + ")");
  } catch (const InputError& e) {
    throw InputError(e.file(), e.line(), e.column(),
                     "--from/--to: the calibration of base year " + std::to_string(base_year) +
                         " fails: " + e.message(),
                     "--from");
  }
}

//! Runs one vintage and scores its cells.
void run_vintage(const History& h, const EvaluateArgs& a, int base_year,
                 std::vector<EntitySeries>& series, std::vector<EvaluationCell>& cells) {
  Calibration cal;
  const Scenario scenario = vintage_scenario(h, a, base_year, cal);
  if (!cal.warnings.empty() && a.notes)  // early vintages fit on few points: say so, once each
    *a.notes << "note: base year " << base_year << ": " << cal.warnings.size()
             << " calibration warning(s) (e.g. fits on few points); `capexsim calibrate --history "
             << a.history << " --base-year " << base_year << " --out FILE` lists them\n";
  if (series.empty()) series = realized_series(h, cal);
  RunOptions o;
  o.paths = a.paths;
  o.seed = a.seed;
  o.threads = a.threads;
  o.store = StorePaths::all;
  o.sensitivity_paths = 0;
  check_memory(scenario, o, 0, "each vintage");
  const RunResults r = run_simulation(scenario, o);
  if (r.entities.size() != series.size())
    throw std::logic_error("evaluate: the run's entities differ from the calibration's");
  for (std::size_t e = 0; e < series.size(); ++e)
    if (r.entities[e] != series[e].name)
      throw std::logic_error("evaluate: entity order differs from the calibration's");
  const PathArray<double>* arrays[] = {&r.path_ocf, &r.path_capex, &r.path_buybacks,
                                       &r.path_dividends, &r.path_surplus};
  const double to_billions = 1.0 / cal.options.scale;  // the scenario unit -> the data's
  const VintageSample sample = [&](int e, int lead, int f) {
    const std::size_t n = r.paths, at = r.at(e, lead - 1) * n;
    const PathArray<double>& v = *arrays[f];
    std::vector<double> out(n);
    for (std::size_t p = 0; p < n; ++p) out[p] = v[at + p] * to_billions;
    return out;
  };
  score_vintage(series, base_year, a.horizon, sample, cells);
}

std::string pct(double v) {
  if (std::isnan(v)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", 100 * v);
  return buf;
}

std::string interval(const EvaluationSummary& s, std::size_t i, bool ninety) {
  const double v = ninety ? s.in90[i] : s.in50[i];
  return pct(v) + " [" + pct(ninety ? s.in90_lower[i] : s.in50_lower[i]) + "-" +
         pct(ninety ? s.in90_upper[i] : s.in50_upper[i]) + "]";
}

std::string improvement(double model, double baseline) {
  if (std::isnan(model) || std::isnan(baseline) || baseline == 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.0f%%", 100 * (1 - model / baseline));
  return buf;
}

void print_row(std::ostream& out, const EvaluationSummary& s, std::size_t l, std::size_t f) {
  const std::size_t i = s.index(l, f, s.entities.size() - 1);
  out << std::left << std::setw(5) << (s.leads[l] ? std::to_string(s.leads[l]) : "all")
      << std::setw(10) << s.flows[f] << std::right << std::setw(5) << s.n[i] << std::setw(15)
      << interval(s, i, false) << std::setw(15) << interval(s, i, true) << std::fixed
      << std::setprecision(3) << std::setw(7) << s.pit_p[i] << std::setprecision(2) << std::setw(9)
      << s.crps[i] << std::setw(9) << s.crps_seed[i] << std::setw(9) << s.crps_naive[i]
      << std::setw(9) << improvement(s.crps[i], s.crps_seed[i]) << std::setw(9)
      << improvement(s.crps[i], s.crps_naive[i]) << std::defaultfloat << '\n';
}

void print_table(const VintageEvaluation& ev, std::ostream& out) {
  const EvaluationSummary& s = ev.summary;
  out << "Evaluation of base years " << ev.base_years.front() << "-" << ev.base_years.back() << " ("
      << ev.paths << " paths, seed " << ev.seed << "; CRPS in " << ev.unit
      << "; all entities pooled; in50/in90 in % with 95% Wilson intervals;\n"
      << "PIT p: chi-square test of a uniform PIT over 10 bins; vs seed/naive: CRPS below the "
         "baseline's)\n";
  out << std::left << std::setw(5) << "lead" << std::setw(10) << "flow" << std::right
      << std::setw(5) << "n" << std::setw(15) << "in50" << std::setw(15) << "in90" << std::setw(7)
      << "PIT p" << std::setw(9) << "CRPS" << std::setw(9) << "seed" << std::setw(9) << "naive"
      << std::setw(9) << "vs seed" << std::setw(9) << "vs naive" << '\n';
  for (std::size_t l = 0; l < s.leads.size(); ++l)
    for (std::size_t f = 0; f < s.flows.size(); ++f) print_row(out, s, l, f);
}

}  // namespace

CLI::App* add_evaluate_command(CLI::App& app, EvaluateArgs& args) {
  CLI::App* cmd = app.add_subcommand(
      "evaluate", "Score calibrated forecasts over many base years (docs/evaluation.md)");
  cmd->add_option("--history", args.history, "Annual history CSV (scenarios/data/annual.csv)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--from", args.from, "First base year")->required();
  cmd->add_option("--to", args.to, "Last base year")->required();
  cmd->add_option("--horizon", args.horizon, "Years simulated after each base year")->required();
  cmd->add_option("--paths", args.paths, "Paths per base year (default 20000)");
  cmd->add_option("--seed", args.seed, "Seed of every base year's run (default 1)");
  cmd->add_option("--threads", args.threads, "Worker threads (default: one per core)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("-o,--output", args.output, "VintageEvaluation file to write (HDF5)")->required();
  cmd->add_flag("--force", args.force, "Overwrite an existing --output file");
  return cmd;
}

VintageEvaluation evaluate(const EvaluateArgs& args) {
  const History history = read_history(args.history);
  check_args(args, history);
  VintageEvaluation ev;
  ev.history_file = args.history;
  ev.paths = args.paths;
  ev.seed = args.seed;
  std::vector<EntitySeries> series;
  for (int y = args.from; y <= args.to; ++y) {
    run_vintage(history, args, y, series, ev.cells);
    ev.base_years.push_back(y);
  }
  if (ev.cells.empty())
    throw InputError("--from/--to: no realized, non-zero value after base years " +
                     std::to_string(args.from) + "-" + std::to_string(args.to) + " to score");
  std::vector<std::string> names;
  names.reserve(series.size());
  for (const EntitySeries& s : series) names.push_back(s.name);
  ev.summary = summarize(ev.cells, args.horizon, names);
  return ev;
}

int run_evaluate(const EvaluateArgs& args) {
  std::ostream& out = args.out ? *args.out : std::cout;
  check_output_writable(args.output, args.force);
  EvaluateArgs with_notes = args;
  if (!with_notes.notes) with_notes.notes = &std::cerr;
  const VintageEvaluation ev = evaluate(with_notes);
  print_table(ev, out);
  AtomicOutput file(args.output, args.force);
  write_evaluation(
      file.temp_path().string(), ev,
      {.horizon = args.horizon, .software_version = CAPEXSIM_VERSION, .created_utc = utc_now()});
  commit_results(file);
  out << "wrote " << args.output << " (" << ev.cells.size() << " scored cells)\n";
  return 0;
}

}  // namespace capexsim::cli
