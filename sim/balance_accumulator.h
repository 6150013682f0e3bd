//! Merges the blocks' balance-sheet statistics in block order and turns them into
//! BalanceResults, with standard errors from the paths (mc) or from independent replicates (lhs,
//! sobol) like the surplus' (sim/accumulator.h, which owns one of these with financing).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "sim/accumulator_state.h"
#include "sim/balance_results.h"
#include "sim/balance_stats.h"
#include "sim/mean_var.h"
#include "sim/replicate_sums.h"

namespace capexsim {

class BalanceAccumulator {
 public:
  //! `replicates`: as Accumulator's (0 for mc).
  BalanceAccumulator(std::size_t entities, std::size_t years, std::uint64_t replicates);

  //! Adds one block of `n` paths of replicate `r` (ignored for mc); blocks come in block order.
  void add(std::size_t r, double n, const BalanceBlockStats& block);

  //! Mean of `var` in (entity, year) cell i and its standard error.
  std::pair<double, double> mean(BalanceVar var, std::size_t i) const;
  //! P(`event`) in cell i and its standard error.
  std::pair<double, double> prob(BalanceEvent event, std::size_t i) const;

  //! The sums appended to / restored from a checkpoint's state, advancing the iterators.
  void append(AccumulatorState& s) const;
  void restore(std::vector<double>::const_iterator& reals,
               std::vector<std::int64_t>::const_iterator& counts);

  //! Means, standard errors, probabilities with Wilson intervals, counts, survival and hazard
  //! (not quantiles).
  void finish(BalanceResults& r) const;

 private:
  std::size_t E_, T_;
  double n_ = 0;
  std::array<std::vector<MeanVar>, kBalanceVarCount> values_;                 // (entity, year)
  std::array<std::vector<std::int64_t>, kBalanceEventCount> events_, first_;  // (entity, year)
  std::array<std::vector<std::int64_t>, kBalanceEventCount> never_;           // (entity)
  //! lhs/sobol: per replicate the sums of each variable, then of each event's indicator.
  ReplicateSums reps_;
};

}  // namespace capexsim
