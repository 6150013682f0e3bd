//! Sweep files: a base scenario, overrides common to every point, and the axes to vary, as a
//! full grid or a Latin hypercube of points (docs/sweeps.md). Reading one and expanding it into
//! points; running them is sim/sweep.h's job.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/overrides.h"

namespace capexsim {

struct SweepAxis {
  std::string key;  //!< dotted scenario key, as in --set
  Override::Op op = Override::Op::set;
  std::vector<std::string> values;  //!< grid: the TOML text of each value, in order
  double min = 0, max = 0;          //!< lhs: the range
};

struct SweepFile {
  std::string path;           //!< the sweep file
  std::string text;           //!< its full text
  std::string scenario;       //!< the base scenario's path (relative to the sweep file resolved)
  std::vector<Override> set;  //!< overrides applied to every point, before the axes
  std::vector<SweepAxis> axes;
  enum class Design { grid, lhs } design = Design::grid;
  std::uint64_t lhs_points = 0;  //!< lhs: number of points
  std::uint64_t design_seed = 1;
  std::optional<std::uint64_t> paths, seed;  //!< defaults for every point's run
  std::string sampler = "mc";
};

//! One point: the axes' values as TOML text, and as numbers where they are numbers (NaN otherwise).
struct SweepPoint {
  std::vector<std::string> text;
  std::vector<double> number;
};

//! Reads and checks a sweep file; throws InputError with file, line, column and key.
SweepFile read_sweep_file(const std::string& path);
//! The same from text in memory (`path` for messages and for resolving `scenario`).
SweepFile parse_sweep_file(const std::string& text, const std::string& path);

//! The points: grid in row-major order (the first axis varies slowest), or the Latin hypercube
//! (each axis's range cut into n equal strata, one point in each, strata paired by random
//! permutations drawn from design_seed; McKay, Beckman & Conover 1979).
std::vector<SweepPoint> sweep_points(const SweepFile& sweep);

//! The overrides of point i: the common ones, then KEY=VALUE (or KEY+=VALUE) for each axis.
std::vector<Override> point_overrides(const SweepFile& sweep, const SweepPoint& point);

}  // namespace capexsim
