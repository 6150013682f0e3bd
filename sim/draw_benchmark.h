//! The draw benchmark (`capexsim draws`): draw exactly the random variates a run draws (same
//! generator, same streams, same distributions, same blocks and threads) and nothing else, so
//! that a run's time can be set against the time of its own draws (docs/engine.md).
#pragma once

#include "models/scenario.h"
#include "sim/run_options.h"

namespace capexsim {

struct DrawBenchmarkResult {
  double checksum = 0;      //!< sum of all draws, so that the compiler cannot drop them
  std::uint64_t draws = 0;  //!< number of variates drawn (fixed parameters draw none)
};

DrawBenchmarkResult run_draw_benchmark(const Scenario& scenario, const RunOptions& options);

}  // namespace capexsim
