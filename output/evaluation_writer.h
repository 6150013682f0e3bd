//! The file `capexsim evaluate -o` writes: the scored cells and their aggregates in /evaluation
//! (format "capexsim-evaluation"; docs/results-format.md, "VintageEvaluation files").
#pragma once

#include <string>

#include "analysis/evaluation.h"

namespace capexsim {

inline constexpr int kEvaluationFormatVersion = 1;

//! What the file records besides the scores.
struct EvaluationMetadata {
  int horizon = 0;
  std::string software_version;
  std::string created_utc;  //!< ISO 8601, e.g. 2026-12-07T07:00:00Z
};

//! Writes the complete file at `path` (which must not exist; the caller renames it into place).
//! Throws IoError on any HDF5 failure.
void write_evaluation(const std::string& path, const VintageEvaluation& evaluation,
                      const EvaluationMetadata& meta);

}  // namespace capexsim
