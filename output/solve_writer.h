//! The file `capexsim solve -o` writes: the break-even value with its uncertainty, the trace of
//! evaluations and the scenario, in a small HDF5 file (format "capexsim-solve";
//! docs/results-format.md, "Break-even files").
#pragma once

#include <cstdint>
#include <string>

#include "analysis/solve.h"

namespace capexsim {

inline constexpr int kSolveFormatVersion = 1;

//! What the search varied and watched, and the scenario it ran.
struct SolveMetadata {
  std::string scenario_name;
  std::string scenario_toml;  //!< the scenario after --set overrides, before the varied key
  std::string overrides;      //!< --set overrides, one per line (empty: none)
  std::string unit;
  std::string vary;                   //!< the varied key, e.g. "company.*.capex_growth"
  std::string vary_op;                //!< "shift" (KEY+=v) or "set" (KEY=v)
  std::string statistic;              //!< e.g. "prob_negative[total,2026]"
  std::string statistic_description;  //!< e.g. "P(total surplus < 0 in 2026)"
  std::string statistic_units;        //!< "1" for a probability, else the scenario's unit
  RootSearchOptions search;
  std::uint64_t paths = 0, seed = 0;
  std::string software_version;
  std::string created_utc;  //!< ISO 8601, e.g. 2026-11-30T13:40:00Z
};

//! Writes the complete file at `path` (which must not exist; the caller renames it into place).
//! Throws IoError on any HDF5 failure.
void write_solve(const std::string& path, const BreakEven& result, const SolveMetadata& meta);

}  // namespace capexsim
