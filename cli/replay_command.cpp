// `capexsim replay`: scenario + options -> one path replayed (sim/replay.h) -> a table per
// company of its draws and flows by year, then the total's flows; with financing, each under its
// balance sheet.
#include "cli/replay_command.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "cli/app.h"
#include "cli/run_support.h"
#include "models/errors.h"
#include "sim/memory_estimate.h"
#include "sim/replay.h"

namespace capexsim::cli {
namespace {

//! The nowcast year's row of a company with actuals: the draws apply to the rest of the year only.
std::string known_note(const Company& company) {
  if (!company.known) return "";
  return "  (actuals through " + std::to_string(company.known->year) + "Q" +
         std::to_string(company.known->quarters) + " + drawn rest)";
}

//! With financing, an entity's balance sheet under its flows: the drawn rates and other-flows
//! share (none for the total), then the year's balances and financing.
void print_balance(const Scenario& scenario, const PathTrace& trace, std::size_t e) {
  const bool total = e == scenario.companies.size();
  const Balance base = total ? Balance{} : scenario.companies[e].financing->base;
  std::printf(
      "  year  cash_yield  debt_rate other_flows       cash       debt   net_cash     issued"
      "     equity  shortfall   interest      other\n");
  if (!total)
    std::printf("  %d %34s %10.2f %10.2f %10.2f  (base year)\n", scenario.base_year, "", base.cash,
                base.debt, base.cash - base.debt);
  for (std::size_t t = 0; t < scenario.years.size(); ++t) {
    const BalanceYear& y = trace.balance[e][t];
    std::printf("  %d", scenario.years[t]);
    if (total) {
      std::printf(" %10s %10s %11s", "", "", "");
    } else {
      const Draws& d = trace.draws[e][t];
      std::printf(" %10.4f %10.4f %11.4f", d.cash_yield, d.debt_rate, d.other_flows);
    }
    std::printf(" %10.2f %10.2f %10.2f %10.2f %10.2f %10.2f %10.2f %10.2f\n", y.cash, y.debt,
                y.net_cash, y.issued, y.equity, y.shortfall, y.interest, y.other);
  }
}

//! One entity's table: a row per year, the draws (none for the total) then the flows.
void print_entity(const Scenario& scenario, const PathTrace& trace, std::size_t e) {
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
    std::printf(" %10.2f %10.2f %10.2f %10.2f %10.2f%s%s\n", f.ocf, f.buybacks, f.dividends,
                f.capex, f.surplus(),
                !total && trace.growth_floored[e][t] ? "  (growth <= -100% floored)" : "",
                t == 0 && !total ? known_note(scenario.companies[e]).c_str() : "");
  }
  if (!trace.balance.empty()) print_balance(scenario, trace, e);
}

}  // namespace

CLI::App* add_replay_command(CLI::App& app, ReplayArgs& args) {
  CLI::App* cmd = app.add_subcommand(
      "replay", "Print the draws and flows of one path, exactly as a run with that seed has it");
  add_common(cmd, args.run);
  cmd->add_option("--path", args.path, "Path number, from 0")->required();
  add_sampling(cmd, args.run);
  return cmd;
}

int run_replay(const ReplayArgs& args) {
  const RunArgs& a = args.run;
  const std::uint64_t path = args.path;
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
  for (std::size_t e = 0; e < trace.flows.size(); ++e) print_entity(scenario, trace, e);
  return kExitOk;
}

}  // namespace capexsim::cli
