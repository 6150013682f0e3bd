// capexsim backtest: realized flows (USD billions) are converted to the results' unit, matched
// to the results' companies case-insensitively, summed into the total, and each available
// (entity, realized year, flow) cell is scored against its per-path sample (analysis/scoring.h).
#include "cli/backtest_command.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <limits>
#include <optional>
#include <set>

#include "analysis/scoring.h"
#include "models/cashflow.h"
#include "models/errors.h"
#include "models/units.h"
#include "output/backtest_writer.h"
#include "output/results_reader.h"
#include "scenarios/history.h"

namespace capexsim::cli {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr PathFlow kFlows[] = {PathFlow::ocf, PathFlow::capex, PathFlow::buybacks,
                               PathFlow::dividends, PathFlow::surplus};
constexpr std::size_t kFlowCount = std::size(kFlows);

//! Results-unit values per USD billion (models/units.h).
double unit_factor(const ResultsInfo& info) {
  if (const std::optional<double> factor = units_per_billion(info.unit)) return *factor;
  throw InputError(info.path, 0, 0,
                   "unit \"" + info.unit +
                       "\" is not supported by backtest (the actual data are USD billions); "
                       "supported: \"USD 100 million\", \"USD billion\"");
}

//! One realized flow of a history row in USD billions; surplus = ocf - buybacks - dividends -
//! capex, available only when all four are.
std::optional<double> realized(const HistoryRow& r, PathFlow f) {
  switch (f) {
    case PathFlow::ocf:
      return r.ocf;
    case PathFlow::capex:
      return r.capex;
    case PathFlow::buybacks:
      return r.buybacks;
    case PathFlow::dividends:
      return r.dividends;
    case PathFlow::surplus:
      if (r.ocf && r.capex && r.buybacks && r.dividends)
        return Flows{
            .ocf = *r.ocf, .buybacks = *r.buybacks, .dividends = *r.dividends, .capex = *r.capex}
            .surplus();
      return std::nullopt;
  }
  return std::nullopt;
}

//! The realized years inside the horizon; the others are named in a note.
std::vector<int> scored_years(const History& h, const ResultsInfo& info, std::ostream& out) {
  std::set<int> inside, outside;
  for (const HistoryRow& r : h.rows) {
    const bool in = std::ranges::find(info.years, r.year) != info.years.end();
    (in ? inside : outside).insert(r.year);
  }
  if (!outside.empty()) {
    out << "note: realized years outside the run's horizon " << info.years.front() << "-"
        << info.years.back() << " are skipped:";
    for (int y : outside) out << ' ' << y;
    out << '\n';
  }
  if (inside.empty()) {
    throw InputError(h.path, 0, 0, "no realized year falls inside the run's horizon");
  }
  return {inside.begin(), inside.end()};
}

//! Realized values in the results' unit by (entity, year, flow); NaN where not available.
std::vector<double> realized_table(const History& h, const ResultsInfo& info,
                                   const std::vector<int>& years, double factor,
                                   std::ostream& out) {
  const std::size_t companies = info.entities.size() - 1, ny = years.size();
  std::vector<double> table(info.entities.size() * ny * kFlowCount, kNaN);
  for (std::size_t c = 0; c < companies; ++c) {
    if (h.company(info.entities[c]).empty())
      out << "note: no realized data for " << info.entities[c] << "\n";
  }
  for (std::size_t y = 0; y < ny; ++y) {
    for (std::size_t f = 0; f < kFlowCount; ++f) {
      double total = 0;
      bool complete = true;
      for (std::size_t c = 0; c < companies; ++c) {
        const HistoryRow* row = h.find(info.entities[c], years[y]);
        const std::optional<double> v = row ? realized(*row, kFlows[f]) : std::nullopt;
        complete = complete && v.has_value();
        if (!v) continue;
        table[(c * ny + y) * kFlowCount + f] = *v * factor;
        total += *v * factor;
      }
      if (complete) table[(companies * ny + y) * kFlowCount + f] = total;
    }
  }
  return table;
}

BacktestTable score(const ResultsInfo& info, const std::vector<int>& years,
                    std::vector<double> actual) {
  const std::size_t cells = actual.size();
  BacktestTable t{.entities = info.entities,
                  .years = years,
                  .flows = {},
                  .pit = std::vector<double>(cells, kNaN),
                  .in50 = std::vector<double>(cells, kNaN),
                  .in90 = std::vector<double>(cells, kNaN),
                  .crps = std::vector<double>(cells, kNaN),
                  .actual = std::move(actual),
                  .median = std::vector<double>(cells, kNaN),
                  .unit = info.unit,
                  .actual_file = {}};
  for (PathFlow f : kFlows) t.flows.emplace_back(path_flow_name(f));
  const std::size_t total = info.entities.size() - 1;
  for (std::size_t e = 0; e < info.entities.size(); ++e) {
    for (std::size_t y = 0; y < years.size(); ++y) {
      const auto year =
          static_cast<std::size_t>(std::ranges::find(info.years, years[y]) - info.years.begin());
      for (std::size_t f = 0; f < kFlowCount; ++f) {
        const std::size_t i = (e * years.size() + y) * kFlowCount + f;
        const bool stored =
            info.store == StorePaths::all || (e == total && kFlows[f] == PathFlow::surplus);
        if (std::isnan(t.actual[i]) || !stored) continue;
        const SampleScores s = score_sample(read_path_flow(info, kFlows[f], e, year), t.actual[i]);
        t.pit[i] = s.pit;
        t.in50[i] = s.in50 ? 1 : 0;
        t.in90[i] = s.in90 ? 1 : 0;
        t.crps[i] = s.crps;
        t.median[i] = s.median;
      }
    }
  }
  return t;
}

void print_table(const BacktestTable& t, std::ostream& out) {
  out << "Backtest (" << t.unit << "): PIT = share of paths below the realized value; "
      << "in50/in90 = inside the central 50%/90% interval\n";
  out << std::left << std::setw(11) << "entity" << std::setw(6) << "year" << std::setw(10) << "flow"
      << std::right << std::setw(10) << "actual" << std::setw(10) << "median" << std::setw(7)
      << "PIT" << std::setw(6) << "in50" << std::setw(6) << "in90" << std::setw(10) << "CRPS"
      << '\n';
  const std::size_t ny = t.years.size(), nf = t.flows.size();
  for (std::size_t e = 0; e < t.entities.size(); ++e) {
    for (std::size_t y = 0; y < ny; ++y) {
      for (std::size_t f = 0; f < nf; ++f) {
        const std::size_t i = (e * ny + y) * nf + f;
        if (std::isnan(t.pit[i])) continue;
        out << std::left << std::setw(11) << t.entities[e] << std::setw(6) << t.years[y]
            << std::setw(10) << t.flows[f] << std::right << std::fixed << std::setprecision(1)
            << std::setw(10) << t.actual[i] << std::setw(10) << t.median[i] << std::setprecision(3)
            << std::setw(7) << t.pit[i] << std::setw(6) << (t.in50[i] > 0 ? "yes" : "no")
            << std::setw(6) << (t.in90[i] > 0 ? "yes" : "no") << std::setprecision(1)
            << std::setw(10) << t.crps[i] << '\n';
      }
    }
  }
  out << std::defaultfloat;
}

}  // namespace

CLI::App* add_backtest_command(CLI::App& app, BacktestArgs& args) {
  CLI::App* cmd = app.add_subcommand(
      "backtest", "Score a run against realized years (PIT, 50%/90% coverage, CRPS)");
  cmd->add_option("results", args.results, "Results file (HDF5) of `capexsim run`")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--actual", args.actual, "Realized annual flows, USD billions (CSV)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_flag("--force", args.force, "Replace an existing /backtest group");
  return cmd;
}

int run_backtest(const BacktestArgs& args) {
  std::ostream& out = args.out ? *args.out : std::cout;
  const ResultsInfo info = read_results_info(args.results);
  const double factor = unit_factor(info);
  if (info.store == StorePaths::none) {
    throw InputError(args.results, 0, 0,
                     "the run stored no per-path data (store_paths = none); rerun it with "
                     "--store-paths all");
  }
  if (info.entities.empty() || info.entities.back() != "total") {
    throw InputError(args.results, 0, 0, "the last entity is not \"total\"");
  }
  const History history = read_history(args.actual);
  require_calendar_flows(history);
  if (history.quarterly) {
    throw InputError(args.actual, 0, 0, "backtest needs annual data, not a quarterly file");
  }
  if (info.store == StorePaths::total) {
    out << "note: the run stored only the total's surplus per path (store_paths = total): "
           "scoring total/surplus only; rerun with --store-paths all to score every flow\n";
  }
  const std::vector<int> years = scored_years(history, info, out);
  BacktestTable table = score(info, years, realized_table(history, info, years, factor, out));
  table.actual_file = args.actual;
  print_table(table, out);
  write_backtest(args.results, table, args.force);
  out << "wrote /backtest to " << args.results << '\n';
  return 0;
}

}  // namespace capexsim::cli
