//! The file `capexsim sensitivity -o` writes: first-order and total Sobol' indices per factor with
//! their bootstrap intervals and standard errors, and the run's settings, in a small HDF5 file
//! (format "capexsim-sobol"; docs/results-format.md, "Sobol' index files").
#pragma once

#include <string>

#include "analysis/sobol_sensitivity.h"

namespace capexsim {

inline constexpr int kSobolFormatVersion = 1;

struct SobolMetadata {
  std::string scenario_name;
  std::string scenario_toml;  //!< the scenario text as analysed (after --set overrides)
  std::string overrides;      //!< the --set overrides, one per line (empty: none)
  std::string unit;           //!< the scenario's money unit (the surplus output's unit)
  std::string software_version;
  std::string created_utc;
};

//! Writes the complete file at `path` (which must not exist; the caller renames it into place).
//! Throws IoError on any HDF5 failure, std::invalid_argument on inconsistent results.
void write_sobol(const std::string& path, const SobolResults& results, const SobolMetadata& meta);

}  // namespace capexsim
