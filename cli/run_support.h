//! What every command that runs the engine needs: the time stamp of results files, and the check
//! that refuses a run too large for the memory this process may use before it allocates.
#pragma once

#include <cstdint>
#include <string>

#include "models/scenario.h"
#include "output/atomic_file.h"
#include "sim/engine.h"
#include "sim/memory_limit.h"

namespace capexsim::cli {

//! Paths and seed of a run when neither the command line nor the scenario gives them.
inline constexpr std::uint64_t kDefaultPaths = 100000;
//! The most paths (or Sobol' rows) any command may ask for: --paths, --sensitivity-paths, a
//! scenario's paths, sensitivity's --n and --bootstrap.
inline constexpr std::uint64_t kMaxPaths = std::uint64_t{1} << 40;
inline constexpr std::uint64_t kDefaultSeed = 1;

//! Moves a command's finished results into place (AtomicOutput::commit) after marking the
//! command as finishing (sim/interrupt.h): a SIGINT or SIGTERM from then on is ignored, so that a
//! command whose destination file was replaced always exits 0.
void commit_results(AtomicOutput& file);

//! Now in UTC, ISO 8601 ("2026-11-30T13:40:00Z").
std::string utc_now();

//! The memory this process may use (sim/memory_limit.h), the address-space limit less what
//! `threads` worker threads reserve without using (0: one per core).
MemoryLimit process_memory_limit(int threads);

//! What a command may plan to use: 90% of the limit.
std::uint64_t memory_budget(const MemoryLimit& limit);

//! Peak bytes of a run: the process, the engine's buffers (estimate_memory_bytes), the
//! dependence setup and the results writer (docs/resource-limits.md).
std::uint64_t run_memory_bytes(const Scenario& scenario, const RunOptions& o, int compress = 0);

//! Throws InputError ("<what> needs about X MiB of memory but Y MiB are available (..., where
//! the limit comes from); <lower>") when `need` exceeds the budget.
void check_memory(std::uint64_t need, const std::string& what, const std::string& lower,
                  int threads);

//! The same for a run: the message says how many --paths would fit and which options lower it.
void check_memory(const Scenario& scenario, const RunOptions& o, int compress = 0,
                  const std::string& what = "this run");

}  // namespace capexsim::cli
