// `capexsim calibrate`: history -> fitted scenario text -> temporary file -> rename into place.
#include "cli/calibrate_command.h"

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <optional>

#include "cli/run_support.h"
#include "models/errors.h"
#include "output/atomic_file.h"
#include "scenarios/calibration.h"
#include "scenarios/calibration_toml.h"
#include "scenarios/history.h"

namespace capexsim::cli {

CLI::App* add_calibrate_command(CLI::App& app, CalibrateArgs& args) {
  CLI::App* cmd = app.add_subcommand(
      "calibrate", "Fit a scenario to company history up to a base year (docs/calibration.md)");
  cmd->add_option("--history", args.history, "History CSV (scenarios/data/annual.csv shape)")
      ->required();
  cmd->add_option("--base-year", args.base_year, "Last year of history used; base of the scenario")
      ->required()
      ->check(CLI::Range(1, 9998));
  cmd->add_option("--out", args.out, "Scenario file to write (TOML)")->required();
  cmd->add_flag("--quarterly", args.quarterly,
                "The history is quarterly: growth of trailing 4-quarter sums, year on year");
  cmd->add_flag("-f,--force", args.force, "Overwrite an existing --out file");
  cmd->add_option("--years", args.years, "Projection years (default 3)")->check(CLI::Range(1, 100));
  cmd->add_option("--annual", args.annual,
                  "Quarterly only: annual history from which a base-year flow with empty quarters "
                  "is taken (stated in the file)");
  cmd->add_option("--long-run-growth", args.long_run_growth,
                  "Rate OCF and capex growth fade toward (default 0.04: nominal GDP-like)")
      ->check(CLI::Range(-0.5, 1.0));
  cmd->add_option("--fade", args.fade,
                  "Share of the gap to the long-run rate left after each year, 0-1 (default 0.6)")
      ->check(CLI::Range(0.0, 1.0));
  return cmd;
}

int run_calibrate(const CalibrateArgs& args) {
  check_output_writable(args.out, args.force);
  const History history = read_history(args.history);
  if (history.quarterly != args.quarterly)
    throw InputError(args.history, 1, 0,
                     history.quarterly ? "a quarterly history (quarter column): add --quarterly"
                                       : "an annual history (year column): drop --quarterly");
  if (!args.annual.empty() && !args.quarterly)
    throw InputError("--annual: only with --quarterly (an annual history has no quarters to fill)");
  std::optional<History> annual;
  if (!args.annual.empty()) {
    annual = read_history(args.annual);
    if (annual->quarterly)
      throw InputError(args.annual, 1, 0, "--annual: a quarterly history; an annual one is needed");
  }
  CalibrationOptions options;
  options.base_year = args.base_year;
  options.years = args.years;
  options.long_run_growth = args.long_run_growth;
  options.fade = args.fade;
  const Calibration calibration = calibrate(history, options, annual ? &*annual : nullptr);
  const std::string text = calibration_toml(calibration, args.history);
  AtomicOutput output(args.out, args.force);
  {
    std::ofstream file(output.temp_path(), std::ios::binary);
    file << text;
    file.close();
    if (!file)
      throw IoError(output.temp_path().string(), {}, "cannot write " + output.temp_path().string());
  }
  commit_results(output);
  for (const std::string& w : calibration.warnings) std::cerr << "capexsim: warning: " << w << "\n";
  std::cout << "wrote " << args.out << " (" << history.rows.size() << " history rows, base year "
            << args.base_year << ")\n";
  return 0;
}

}  // namespace capexsim::cli
