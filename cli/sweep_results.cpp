#include "cli/sweep_results.h"

#include <algorithm>
#include <cstdio>

#include "analysis/result_statistic.h"
#include "cli/run_support.h"
#include "cli/target.h"
#include "output/atomic_file.h"
#include "output/sweep_writer.h"

namespace capexsim::cli {
namespace {

namespace fs = std::filesystem;

std::vector<SweepCoordinate> coordinates_of(const ExpandedSweep& x) {
  std::vector<SweepCoordinate> coords;
  for (std::size_t a = 0; a < x.sweep.axes.size(); ++a) {
    SweepCoordinate c;
    c.key = x.sweep.axes[a].key;
    c.op = x.sweep.axes[a].op == Override::Op::shift ? "shift" : "set";
    for (const SweepPoint& p : x.points) {
      c.text.push_back(p.text[a]);
      c.number.push_back(p.number[a]);
    }
    coords.push_back(std::move(c));
  }
  return coords;
}

SweepMetadata metadata_of(const ExpandedSweep& x, bool crn) {
  const Scenario& s = x.scenarios.front();
  return {s.name, s.unit, x.document.text, x.sweep.text, CAPEXSIM_VERSION, utc_now(), crn};
}

}  // namespace

fs::path default_sweep_output(const std::string& sweep) {
  return fs::path("results") / (fs::path(sweep).stem().string() + ".h5");
}

void write_sweep_results(const fs::path& out, bool force, const std::vector<RunResults>& results,
                         const ExpandedSweep& x, bool crn) {
  AtomicOutput file(out, force);
  write_sweep(file.temp_path().string(), results, coordinates_of(x), metadata_of(x, crn));
  commit_results(file);
}

void print_sweep_table(const ExpandedSweep& x, const std::vector<RunResults>& results,
                       const std::optional<TargetStatistic>& stat) {
  const RunResults& r0 = results.front();
  const int e = r0.entity_count() - 1, t = r0.year_count() - 1;
  int width = 6;
  for (std::size_t i = 0; i < results.size(); ++i)
    width = std::max(width, static_cast<int>(point_label(x, i).size()));
  const Scenario& scenario = x.scenarios.front();
  const std::string stat_name = stat ? target_name(*stat, scenario) : "";
  const int stat_width = std::max(24, static_cast<int>(stat_name.size()));
  if (stat)
    std::printf("\n%s: %s, with its standard error\n", stat_name.c_str(),
                target_description(*stat, scenario).c_str());
  std::printf("\n%6s  %-*s  %22s  %14s", "point", width, "values",
              ("P(total < 0) " + std::to_string(r0.years.back())).c_str(), "mean surplus");
  if (stat) std::printf("  %*s", stat_width, stat_name.c_str());
  std::printf("\n");
  for (std::size_t i = 0; i < results.size(); ++i) {
    const RunResults& r = results[i];
    const std::size_t k = r.at(e, t);
    std::printf("%6zu  %-*s  %12.4f +- %6.4f  %14.2f", i, width, point_label(x, i).c_str(),
                r.prob_negative[k], r.prob_negative_stderr[k], r.surplus_mean[k]);
    if (stat) {
      const Estimate s = result_statistic(r, *stat);
      char cell[96];
      std::snprintf(cell, sizeof cell, is_probability(*stat) ? "%.4f +- %.4f" : "%.2f +- %.2f",
                    s.value, s.stderr_);
      std::printf("  %*s", stat_width, cell);
    }
    std::printf("\n");
  }
}

}  // namespace capexsim::cli
