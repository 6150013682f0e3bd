//! Merges the blocks' balance-sheet statistics in block order (mc paths only: standard errors
//! from the sample variance over paths) and turns them into BalanceResults.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "sim/balance_results.h"
#include "sim/balance_stats.h"

namespace capexsim {

class BalanceAccumulator {
 public:
  BalanceAccumulator(std::size_t entities, std::size_t years);

  //! Adds one block of `n` paths; blocks must come in block order.
  void add(double n, const BalanceBlockStats& block);

  //! Means, standard errors, probabilities with Wilson intervals and counts (not quantiles).
  void finish(BalanceResults& r) const;

 private:
  std::size_t E_, T_;
  double n_ = 0;
  std::array<std::vector<MeanVar>, kBalanceVarCount> values_;                 // (entity, year)
  std::array<std::vector<std::int64_t>, kBalanceEventCount> events_, first_;  // (entity, year)
  std::array<std::vector<std::int64_t>, kBalanceEventCount> never_;           // (entity)
};

}  // namespace capexsim
