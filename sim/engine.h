//! The Monte Carlo engine: paths in fixed-size blocks, run in parallel with oneTBB, combined in
//! block order so every result is bitwise identical for any thread count (docs/engine.md). The
//! memory a run will need is estimate_memory_bytes (sim/memory_estimate.h).
#pragma once

#include <cstdint>

#include "models/scenario.h"
#include "sim/results.h"
#include "sim/run_options.h"

namespace capexsim {

//! Runs the scenario and returns all statistics (and stored paths as requested).
RunResults run_simulation(const Scenario& scenario, const RunOptions& options);

}  // namespace capexsim
