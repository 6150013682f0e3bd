#include "sim/replay.h"

#include <algorithm>
#include <span>
#include <stdexcept>
#include <string>

#include "models/errors.h"
#include "sim/balance_walk.h"
#include "sim/draw_plan.h"
#include "sim/path_model.h"
#include "sim/run_options.h"
#include "sim/transformed_draws.h"

namespace capexsim {

namespace {

template <class Source>
PathTrace trace_path(const Scenario& scenario, Source& source, std::uint64_t first,
                     std::uint64_t path) {
  const std::size_t C = scenario.companies.size(), T = scenario.years.size();
  std::vector<Flows> total(T);
  // The paths before it in its block consume their draws first.
  for (std::uint64_t p = first; p < path; ++p)
    simulate_path(
        scenario, source, std::span<Flows>(total),
        [](std::size_t, int, const Draws&, const Step&) {}, [](std::size_t) {});
  PathTrace trace;
  trace.path = path;
  trace.draws.assign(C, std::vector<Draws>(T));
  trace.flows.assign(C + 1, std::vector<Flows>(T));
  trace.growth_floored.assign(C, std::vector<bool>(T, false));
  const bool financed = scenario.has_financing();
  BalanceWalk balance(scenario, T);
  if (financed) trace.balance.assign(C + 1, std::vector<BalanceYear>(T));
  simulate_path(
      scenario, source, std::span<Flows>(total),
      [&](std::size_t c, int t, const Draws& d, const Step& step) {
        const auto y = static_cast<std::size_t>(t);
        trace.draws[c][y] = d;
        trace.flows[c][y] = step.flows;
        trace.growth_floored[c][y] = step.ocf_growth_floored || step.capex_growth_floored;
        if (financed) trace.balance[c][y] = balance.company_year(c, t, step.flows, d);
      },
      [](std::size_t) {});
  trace.flows[C] = total;
  if (financed)
    for (std::size_t t = 0; t < T; ++t) trace.balance[C][t] = balance.total(t);
  return trace;
}

}  // namespace

PathTrace replay_path(const Scenario& scenario, const RunOptions& options, std::uint64_t path) {
  if (path >= options.paths)
    throw InputError("path " + std::to_string(path) + " does not exist in a run of " +
                     std::to_string(options.paths) + " paths (paths are numbered from 0)");
  const std::uint64_t block = path / kBlockSize;
  const std::uint64_t first = block * kBlockSize;
  const DrawPlan plan = DrawPlan::make(scenario, options);
  if (plan.direct()) {
    BlockStreams streams(scenario, options.seed, block);
    return trace_path(scenario, streams, first, path);
  }
  TransformedDraws draws(scenario, plan, options.seed, block, first,
                         std::min(first + kBlockSize, options.paths) - first);
  return trace_path(scenario, draws, first, path);
}

}  // namespace capexsim
