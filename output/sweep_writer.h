//! Writes the results of a sweep: every /summary dataset of a single-run file (and, with
//! financing, every /balance dataset) with a leading `point` dimension, and one coordinate per
//! swept key (docs/results-format.md, "Sweep files").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/results.h"

namespace capexsim {

//! The values one swept key takes over the points.
struct SweepCoordinate {
  std::string key;                //!< e.g. "company.*.capex_growth"
  std::string op;                 //!< "set" or "shift"
  std::vector<std::string> text;  //!< TOML text per point
  std::vector<double> number;     //!< per point; all finite: written as float64, else as strings
};

struct SweepMetadata {
  std::string scenario_name;
  std::string unit;
  std::string scenario_toml;  //!< the base scenario file's text
  std::string sweep_toml;     //!< the sweep file's text
  std::string software_version;
  std::string created_utc;
  bool common_random_numbers = true;  //!< every point ran on the same random numbers
};

inline constexpr int kSweepFormatVersion = 1;

//! Writes the file at `path` (which must not exist). The points must share entities, years,
//! quantile levels, paths, sampler and whether they have a balance sheet (checked:
//! std::invalid_argument otherwise, except
//! the seed, which differs per point without common random numbers and is then written per point).
void write_sweep(const std::string& path, const std::vector<RunResults>& points,
                 const std::vector<SweepCoordinate>& coordinates, const SweepMetadata& meta);

}  // namespace capexsim
