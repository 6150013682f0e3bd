#include "sim/memory_estimate.h"

#include <algorithm>

#include "models/dependence.h"

namespace capexsim {

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
