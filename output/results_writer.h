//! Writes RunResults to the capexsim HDF5 format (docs/results-format.md).
#pragma once

#include <cstdint>
#include <string>

#include "sim/results.h"

namespace capexsim {

//! Root attributes besides the arrays.
struct RunMetadata {
  std::string scenario_name;
  std::string scenario_toml;  //!< the full scenario text as run
  std::string unit;
  std::string software_version;
  std::string created_utc;  //!< ISO 8601, e.g. 2026-11-30T13:40:00Z
  std::string overrides;    //!< --set overrides applied, one per line (empty: none)
  //! Deflate level (with byte shuffle) of the /paths datasets, 0-9 (0: none). HDF5 records the
  //! filter, so readers decompress transparently.
  int compress = 0;
};

inline constexpr int kFormatVersion = 1;

//! Writes the complete file at `path` (which must not exist yet; the caller handles the
//! temporary-file-and-rename protocol). Throws IoError on any HDF5 failure.
void write_results(const std::string& path, const RunResults& results, const RunMetadata& meta);

//! About the bytes of the results file of a run of `paths` paths over `entities` x `years` with
//! `inputs` sensitivity inputs, uncompressed (so at least what --compress writes): what the
//! free-space check before a run asks for.
std::uint64_t estimate_results_bytes(std::uint64_t entities, std::uint64_t years,
                                     std::uint64_t paths, StorePaths store, std::uint64_t inputs);

//! Bytes write_results allocates besides the results: per-path data is transposed one chunk of
//! paths at a time (never the whole array), and deflate adds HDF5's filter buffers.
std::uint64_t write_results_memory_bytes(std::uint64_t paths, std::uint64_t years, StorePaths store,
                                         int compress);

}  // namespace capexsim
