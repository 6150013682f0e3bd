// Memory estimates of the engine's commands, computed from the shapes of a run alone
// (docs/resource-limits.md).
#include "sim/memory_estimate.h"

#include <oneapi/tbb/task_arena.h>

#include <algorithm>

#include "models/dependence.h"
#include "sim/balance_stats.h"
#include "sim/block_schedule.h"
#include "sim/block_stats.h"
#include "sim/sensitivity.h"

namespace capexsim {
namespace {

//! Generous memory of one quantile sketch for the memory estimate (docs/streaming.md).
constexpr std::uint64_t kSketchBytesEstimate = std::uint64_t{256} * 1024;

}  // namespace

std::uint64_t estimate_memory_bytes(const Scenario& scenario, const RunOptions& options) {
  const std::uint64_t E = scenario.companies.size() + 1, T = scenario.years.size();
  const std::uint64_t P = options.paths;
  const std::uint64_t threads =
      options.threads > 0 ? static_cast<std::uint64_t>(options.threads)
                          : static_cast<std::uint64_t>(tbb::this_task_arena::max_concurrency());
  std::uint64_t bytes = 0;
  if (options.store == StorePaths::none) {
    // Streaming: per thread a block's surplus rows and a sketch per (entity, year), the batch's
    // block statistics, and the sensitivity sample's surplus; nothing grows with the paths.
    bytes += threads * E * T * (kBlockSize * sizeof(double) + kSketchBytesEstimate);
    bytes += std::min(P / kBlockSize + 1, kBatchBlocks) * E * T * sizeof(CellStats);
    bytes += E * T * std::min(P, options.sensitivity_paths) * sizeof(double);
  } else {
    bytes += E * T * P * sizeof(double);  // surplus of every entity (exact quantiles)
    bytes += std::min(P / kBlockSize + 1, kBatchBlocks) * E * T * sizeof(CellStats);
  }
  if (options.store == StorePaths::all) bytes += 4 * E * T * P * sizeof(double) + E * P * 4;
  if (options.store == StorePaths::total) bytes += P * 4;
  if (scenario.has_financing()) {
    // The balance sheet (sim/balance_run.h): net cash of every entity and the debt issued over
    // the horizon per entity (with --balance-quantiles also each of kQuantileVars), for every
    // path or (streaming) per thread a block's rows and their sketches; and the batch's block
    // statistics.
    const std::uint64_t rows =
        E * T + E + (options.balance_quantiles ? kQuantileVars.size() * E * T : 0);
    bytes += options.store == StorePaths::none
                 ? threads * rows * (kBlockSize * sizeof(double) + kSketchBytesEstimate)
                 : rows * P * sizeof(double);
    bytes += std::min(P / kBlockSize + 1, kBatchBlocks) * E * T * sizeof(BalanceCell);
  }
  bytes += sensitivity_memory_bytes(sensitivity_inputs(scenario).size(), E, T,
                                    std::min(P, options.sensitivity_paths), threads,
                                    scenario.has_financing());
  return bytes;
}

std::uint64_t dependence_memory_bytes(const Scenario& scenario, const RunOptions& options) {
  const std::uint64_t K = drawn_variables(scenario.companies).size();
  const std::uint64_t T = scenario.years.size();
  // DrawPlan::make copies the Dependence (correlation and declared), factors one (the LLT and
  // its L, or the eigen solver's vectors and workspace), and the results keep a copy of both.
  std::uint64_t bytes = 6 * K * K * sizeof(double);
  if (options.sampler == SamplerKind::sobol) {
    // boost::random::sobol: 64 direction numbers of 8 bytes per dimension; one shift per
    // replicate and dimension.
    const auto replicates = static_cast<std::uint64_t>(std::max(options.sobol_replicates, 1));
    bytes += K * T * (64 + replicates) * sizeof(std::uint64_t);
  }
  return bytes;
}

std::uint64_t draw_benchmark_memory_bytes(const Scenario& scenario, const RunOptions& options) {
  const std::uint64_t blocks = (options.paths + kBlockSize - 1) / kBlockSize;
  return kBaseProcessBytes + blocks * sizeof(double) + dependence_memory_bytes(scenario, options);
}

std::uint64_t replay_memory_bytes(const Scenario& scenario, const RunOptions& options) {
  const std::uint64_t K = drawn_variables(scenario.companies).size();
  const std::uint64_t T = scenario.years.size();
  // One block of transformed draws (K x T per path) and the traced flows.
  return kBaseProcessBytes + kBlockSize * K * T * 2 * sizeof(double) +
         dependence_memory_bytes(scenario, options);
}

}  // namespace capexsim
