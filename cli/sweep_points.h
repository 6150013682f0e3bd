//! A sweep file expanded into its points (scenarios/sweep_file.h): every point's overrides and
//! scenario, validated before any work so that a bad value stops the sweep before its first run,
//! and the options every point runs with.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario.h"
#include "scenarios/loader.h"
#include "scenarios/overrides.h"
#include "scenarios/sweep_file.h"
#include "sim/run_options.h"

namespace capexsim::cli {

//! A sweep expanded: its points, their overrides and their validated scenarios.
struct ExpandedSweep {
  SweepFile sweep;
  ScenarioDocument document;
  std::vector<SweepPoint> points;
  std::vector<std::vector<Override>> overrides;
  std::vector<Scenario> scenarios;
};

//! Reads the sweep file at `path` and its scenario and builds every point's scenario. Throws
//! InputError naming the point (index and values) whose scenario is invalid, or whose years or
//! companies differ from point 0's.
ExpandedSweep expand_sweep(const std::string& path);

//! Point i's values as overrides, e.g. "company.*.capex_growth+=0.1, company.meta.x=2".
std::string point_label(const ExpandedSweep& x, std::size_t i);

//! The options of every point: the command line's paths and seed, else the sweep's, else the
//! scenario's, else the defaults; no per-path data, no rank correlation.
RunOptions point_options(const ExpandedSweep& x, std::optional<std::uint64_t> paths,
                         std::optional<std::uint64_t> seed, int threads, bool crn);

}  // namespace capexsim::cli
