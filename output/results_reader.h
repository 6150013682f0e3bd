//! Reads back from a capexsim results file (docs/results-format.md) what a backtest needs: the
//! coordinates, the unit, how many paths and which per-path data it holds, and per-path flows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/results.h"

namespace capexsim {

//! The per-path flows a results file can hold, in /paths dataset names.
enum class PathFlow { ocf, capex, buybacks, dividends, surplus };
const char* path_flow_name(PathFlow f);

struct ResultsInfo {
  std::string path;
  std::vector<int> years;
  std::vector<std::string> entities;  //!< companies in scenario order, then "total"
  std::string unit;
  std::uint64_t paths = 0;
  StorePaths store = StorePaths::none;
  std::string overrides;  //!< the --set overrides of the run, one per line (empty: none)
};

//! Reads the root attributes and the year and entity coordinates; throws InputError
//! naming the file when it cannot be opened or is not a capexsim results file.
ResultsInfo read_results_info(const std::string& path);

//! Reads one flow's values on every path for (entity, year) indices: from /paths/<flow>
//! (entity, path, year) when store_paths = all, or from /paths/total_surplus (path, year) for
//! the total's surplus otherwise. Throws InputError when the file lacks that data.
//! Reads every /summary statistic, the /balance statistics when the file has them (a scenario
//! with financing), the coordinates, paths, seed and sampler back into a RunResults (no
//! per-path data): what merging point files into a sweep file needs. Throws
//! InputError naming the file and dataset when one is missing or has another shape.
RunResults read_summary(const std::string& path);

std::vector<double> read_path_flow(const ResultsInfo& info, PathFlow flow, std::size_t entity,
                                   std::size_t year);

}  // namespace capexsim
