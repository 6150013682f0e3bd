//! What the engine's commands need in memory: a run's per-path buffers, quantile sketches and
//! sensitivity sample (estimate_memory_bytes), the copula's matrices and the Sobol' sequence's
//! tables, and the sizes of the draw benchmark and replay, so that every command can refuse a run
//! too large before it allocates (docs/resource-limits.md).
#pragma once

#include <cstdint>

#include "models/scenario.h"
#include "sim/run_options.h"

namespace capexsim {

//! Resident bytes of a process that has loaded a scenario and started its threads, before any
//! buffer grows (libraries, heap, touched stacks): 14-21 MiB measured, rounded up.
inline constexpr std::uint64_t kBaseProcessBytes = std::uint64_t{32} << 20;

//! Peak bytes the run's buffers will need (per-path arrays, quantile sketches and scratch, the
//! batch's block statistics, the sensitivity sample), so that a run too large for the machine
//! can be refused before it starts.
std::uint64_t estimate_memory_bytes(const Scenario& scenario, const RunOptions& options);

//! The dependence setup of one run: the draw plan's copy of the scenario's two K x K matrices,
//! the Cholesky (or eigen) factorization and its result, the copy kept in the results, and with
//! the sobol sampler the direction numbers and digital shifts of the K x years dimensions.
std::uint64_t dependence_memory_bytes(const Scenario& scenario, const RunOptions& options);

//! `capexsim draws` (sim/draw_benchmark.h): one double per block, plus the dependence setup.
std::uint64_t draw_benchmark_memory_bytes(const Scenario& scenario, const RunOptions& options);

//! `capexsim replay`: one block's draws, plus the dependence setup.
std::uint64_t replay_memory_bytes(const Scenario& scenario, const RunOptions& options);

}  // namespace capexsim
