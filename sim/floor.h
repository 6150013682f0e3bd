//! The benchmark floor: draw exactly the random variates a run draws (same generator, same
//! streams, same distributions, same blocks and threads) and nothing else.
#pragma once

#include "models/scenario.h"
#include "sim/run_options.h"

namespace capexsim {

struct FloorResult {
  double checksum = 0;      //!< sum of all draws, so that the compiler cannot drop them
  std::uint64_t draws = 0;  //!< number of variates drawn (fixed parameters draw none)
};

FloorResult draw_variates_only(const Scenario& scenario, const RunOptions& options);

}  // namespace capexsim
