//! The run's vocabulary: what a caller asks of the engine (RunOptions), the statistic a run or a
//! search watches (TargetStatistic) and the block size of the reproducibility contract. Every
//! layer that starts or describes a run includes this, not the engine (sim/engine.h).
#pragma once

#include <cstdint>
#include <functional>

#include "models/scenario.h"
#include "sim/balance_stats.h"
#include "sim/engine_snapshot.h"
#include "sim/results.h"

namespace capexsim {

class Cluster;

//! Paths per block. Part of the reproducibility contract: changing it changes the numbers.
inline constexpr std::uint64_t kBlockSize = 4096;

//! A statistic of one (entity, year) cell: what --target-stderr watches (the kinds
//! estimable_while_running accepts) and what `capexsim solve` drives to a target and `capexsim
//! sweep` reports (any kind; analysis/result_statistic.h). The balance kinds read
//! RunResults::balance (a scenario with financing; docs/model.md, "Balance sheet").
struct TargetStatistic {
  enum class Kind {
    prob_negative,
    surplus_mean,
    ocf_mean,
    capex_mean,
    surplus_quantile,
    survival,
    balance_mean,       //!< the mean of `var`
    balance_prob,       //!< P(`event` in the year)
    balance_survival,   //!< P(no `event` in any year up to and including the year)
    net_cash_quantile,  //!< a quantile of net cash at `level`
  };
  Kind kind = Kind::prob_negative;
  int entity = -1;     //!< -1: the total
  int year = -1;       //!< index into the years, -1: the last
  double level = 0.5;  //!< surplus_quantile, net_cash_quantile: one of kQuantileLevels
  BalanceVar var = BalanceVar::cash;            //!< balance_mean
  BalanceEvent event = BalanceEvent::net_debt;  //!< balance_prob, balance_survival
};

//! True for the kinds the engine estimates between blocks (Accumulator::estimate), which
//! --target-stderr can watch: prob_negative, the means of the flows and the surplus, and the
//! balance sheet's means and event probabilities. Not quantiles or survival (they need the whole
//! run).
constexpr bool estimable_while_running(TargetStatistic::Kind kind) {
  using Kind = TargetStatistic::Kind;
  return kind == Kind::prob_negative || kind == Kind::surplus_mean || kind == Kind::ocf_mean ||
         kind == Kind::capex_mean || kind == Kind::balance_mean || kind == Kind::balance_prob;
}

//! True for the kinds read from the balance sheet (a scenario with financing).
constexpr bool is_balance_statistic(TargetStatistic::Kind kind) {
  using Kind = TargetStatistic::Kind;
  return kind == Kind::balance_mean || kind == Kind::balance_prob ||
         kind == Kind::balance_survival || kind == Kind::net_cash_quantile;
}

struct RunOptions {
  std::uint64_t paths = 100000;
  std::uint64_t seed = 1;
  int threads = 0;  //!< 0: all hardware threads
  StorePaths store = StorePaths::total;
  SamplerKind sampler = SamplerKind::mc;
  //! Randomizations (independent digital shifts) of the Sobol' sequence.
  int sobol_replicates = 16;
  //! Stop once the target statistic's standard error is at most this (0: run all paths).
  double target_stderr = 0;
  //! The statistic checked: one (entity, year) cell of prob_negative or of a mean (a kind
  //! estimable_while_running accepts).
  TargetStatistic target;
  //! Rank-correlation sensitivity on the first min(paths run, this) paths (docs/sensitivity.md);
  //! 0: none.
  std::uint64_t sensitivity_paths = 100000;
  //! Draw by inverse transform from normal scores so that runs with one seed share their random
  //! numbers whatever the distributions' parameters (sweeps, solve; docs/sweeps.md).
  bool common_random_numbers = false;
  //! With financing: quantiles of every balance variable (cash, debt, issued, equity, shortfall,
  //! interest, other flows), not only of net cash; keeps their per-path rows (exact quantiles)
  //! or, streaming, their sketches (docs/results-format.md, "/balance").
  bool balance_quantiles = false;
  //! Spread the blocks over these processes' ranks (docs/mpi.md); null or one rank: run them
  //! all here. Needs StorePaths::none; only rank 0's RunResults are filled.
  Cluster* cluster = nullptr;
  //! Checkpoints (docs/checkpoint.md): called between batches of blocks once `checkpoint_every`
  //! seconds have passed since the start or the last save (0: after every batch), and when a
  //! stop is requested (sim/interrupt.h); null: none. Needs a single process.
  std::function<void(const EngineSnapshot&)> save_checkpoint;
  double checkpoint_every = 0;
  //! Resume: fills the snapshot (scalars, accumulator, sketches, and the arrays, whose data point
  //! into the engine's buffers); the run continues from its blocks_done. Null: from the start.
  std::function<void(EngineSnapshot&)> resume;
  //! Called from worker threads with the number of paths done so far (may be null).
  std::function<void(std::uint64_t done)> progress;
};

}  // namespace capexsim
