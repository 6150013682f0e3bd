//! Replays one path of a run exactly (the same draws and flows as in the run with that seed),
//! for debugging and for explaining a result: `capexsim replay SCENARIO --path N`.
#pragma once

#include <cstdint>
#include <vector>

#include "models/balance.h"
#include "models/cashflow.h"
#include "models/scenario.h"
#include "sim/run_options.h"

namespace capexsim {

struct PathTrace {
  std::uint64_t path = 0;
  std::vector<std::vector<Draws>> draws;  //!< [company][year]
  std::vector<std::vector<Flows>> flows;  //!< [entity][year], the companies then the total
  std::vector<std::vector<bool>>
      growth_floored;  //!< [company][year]: a growth draw <= -100% was clamped
  //! With financing: the balance sheet, [entity][year], the companies then the total; else empty.
  std::vector<std::vector<BalanceYear>> balance;
};

//! Path `path` of the run with these options (seed, paths, sampler, replicates). Throws
//! InputError if path >= options.paths.
PathTrace replay_path(const Scenario& scenario, const RunOptions& options, std::uint64_t path);

}  // namespace capexsim
