//! Merges block statistics in block order into the run's summary, with standard errors from
//! the paths (mc) or from independent replicates (lhs: each block; sobol: each randomization).
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "sim/accumulator_state.h"
#include "sim/balance_accumulator.h"
#include "sim/block_stats.h"
#include "sim/replicate_sums.h"
#include "sim/results.h"
#include "sim/run_options.h"

namespace capexsim {

class Accumulator {
 public:
  //! `replicates`: 0 for mc; for lhs one per block (pass the number of blocks); for sobol R.
  //! `balance`: the scenario has financing, and the blocks carry the balance sheet's sums.
  Accumulator(std::size_t entities, std::size_t years, SamplerKind sampler,
              std::uint64_t replicates, bool balance = false);

  //! Adds block `b`; must be called with b = 0, 1, 2, ... in order.
  void add(std::uint64_t b, const BlockStats& block);

  double paths() const { return n_; }

  //! Estimate and standard error of one statistic from the blocks added so far.
  std::pair<double, double> estimate(const TargetStatistic& target) const;

  //! The sums so far, and their replacement by saved ones (InputError if the saved
  //! state belongs to an accumulator of another shape).
  AccumulatorState state() const;
  void restore(const AccumulatorState& saved);

  //! Means, standard errors, probabilities and intervals, counts (not quantiles) into `r`, and
  //! the balance sheet's into r.balance.
  void finish(RunResults& r) const;

 private:
  // Per replicate and (entity, year): sums of the four flows, the surplus and the negatives.
  static constexpr int kRepFields = kFlowCount + 2;
  std::size_t replicate_of(std::uint64_t block) const;
  double mean_stderr(std::size_t idx, int field) const;
  std::pair<double, double> prob_negative(std::size_t idx) const;
  std::size_t index(std::size_t e, std::size_t t) const { return e * T_ + t; }

  std::size_t E_, T_;
  SamplerKind sampler_;
  std::uint64_t R_;
  double n_ = 0;
  std::vector<MeanVar> flows_[kFlowCount];
  std::vector<MeanVar> surplus_;
  std::vector<std::int64_t> negative_, first_negative_, ocf_growth_floored_, capex_growth_floored_,
      never_;
  ReplicateSums reps_;
  std::optional<BalanceAccumulator> balance_;
};

}  // namespace capexsim
