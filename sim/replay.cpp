#include "sim/replay.h"

#include <stdexcept>
#include <string>

#include "sim/engine.h"
#include "sim/path_model.h"

namespace capexsim {

PathTrace replay_path(const Scenario& scenario, std::uint64_t seed, std::uint64_t paths,
                      std::uint64_t path) {
  if (path >= paths)
    throw std::invalid_argument("path " + std::to_string(path) + " does not exist in a run of " +
                                std::to_string(paths) + " paths (paths are numbered from 0)");
  const std::uint64_t block = path / kBlockSize;
  BlockStreams streams(scenario, seed, block);
  const std::size_t C = scenario.companies.size(), T = scenario.years.size();
  std::vector<Flows> total(T);
  // The paths before it in its block consume their draws from the same streams.
  for (std::uint64_t p = block * kBlockSize; p < path; ++p)
    simulate_path(
        scenario, streams, total, [](std::size_t, int, const Draws&, const Step&) {},
        [](std::size_t) {});

  PathTrace trace;
  trace.path = path;
  trace.draws.assign(C, std::vector<Draws>(T));
  trace.flows.assign(C + 1, std::vector<Flows>(T));
  trace.floored.assign(C, std::vector<bool>(T, false));
  simulate_path(
      scenario, streams, total,
      [&](std::size_t c, int t, const Draws& d, const Step& step) {
        const auto y = static_cast<std::size_t>(t);
        trace.draws[c][y] = d;
        trace.flows[c][y] = step.flows;
        trace.floored[c][y] = step.ocf_floored || step.capex_floored;
      },
      [](std::size_t) {});
  trace.flows[C] = total;
  return trace;
}

}  // namespace capexsim
