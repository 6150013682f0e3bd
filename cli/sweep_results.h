//! The end of `sweep` and `collect`: every point's results written as one sweep file
//! (output/sweep_writer.h, docs/sweeps.md) and the table of points printed.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cli/sweep_points.h"
#include "sim/results.h"
#include "sim/run_options.h"

namespace capexsim::cli {

//! results/<sweep file's stem>.h5, where -o is not given.
std::filesystem::path default_sweep_output(const std::string& sweep);

//! Writes the sweep file atomically (a temporary file renamed into place). Throws
//! OutputExistsError when `out` exists and !force.
void write_sweep_results(const std::filesystem::path& out, bool force,
                         const std::vector<RunResults>& results, const ExpandedSweep& x, bool crn);

//! One line per point: its values, P(total < 0) in the last year with its standard error, the
//! mean total surplus and, with `stat`, that statistic with its standard error
//! (analysis/result_statistic.h).
void print_sweep_table(const ExpandedSweep& x, const std::vector<RunResults>& results,
                       const std::optional<TargetStatistic>& stat = std::nullopt);

}  // namespace capexsim::cli
