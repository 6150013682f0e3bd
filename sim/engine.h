//! The Monte Carlo engine: paths in fixed-size blocks, run in parallel with oneTBB, combined in
//! block order so every result is bitwise identical for any thread count (docs/engine.md).
#pragma once

#include <cstdint>

#include "models/scenario.h"
#include "sim/results.h"
#include "sim/run_options.h"

namespace capexsim {

//! Peak bytes the run's buffers will need (per-path arrays and quantile scratch), so that a
//! run too large for the machine can be refused before it starts.
std::uint64_t estimate_memory_bytes(const Scenario& scenario, const RunOptions& options);

//! Runs the scenario and returns all statistics (and stored paths as requested).
RunResults run_simulation(const Scenario& scenario, const RunOptions& options);

}  // namespace capexsim
