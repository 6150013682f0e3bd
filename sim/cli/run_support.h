//! What every command that runs the engine needs: the time stamp of results files, and the check
//! that refuses a run too large for the machine's memory before it starts.
#pragma once

#include <cstdint>
#include <string>

#include "models/scenario.h"
#include "sim/engine.h"

namespace capexsim::cli {

//! Paths and seed of a run when neither the command line nor the scenario gives them.
inline constexpr std::uint64_t kDefaultPaths = 100000;
inline constexpr std::uint64_t kDefaultSeed = 1;

//! Now in UTC, ISO 8601 ("2026-11-30T13:40:00Z").
std::string utc_now();

//! Throws InputError saying how much memory the run needs, how much the machine has and how
//! many paths would fit, when it needs more than 90% of physical memory.
void check_memory(const Scenario& scenario, const RunOptions& o);

}  // namespace capexsim::cli
