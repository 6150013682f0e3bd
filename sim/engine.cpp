// The Monte Carlo engine's block loop. Reproducibility scheme (docs/engine.md): paths are cut
// into blocks of kBlockSize; block b draws only from streams seeded by (seed, b, ...) (or from
// its part of the randomized Sobol' sequence); each block writes its own slice of the per-path
// buffers and its own BlockStats; blocks are merged in block order. Runs that stop on precision
// check after rounds of blocks whose boundaries depend only on the number of blocks done
// (sim/block_schedule.h). No result depends on which thread ran which block, so every number is
// bitwise identical for any thread count.
//
// The loop's helpers each have one job: the per-path buffers (sim/path_buffers.h), the
// sensitivity sample (sim/sensitivity_sample.h), the surplus quantiles and their sketches
// (sim/surplus_quantiles.h), checkpoints (sim/engine_checkpoint.h) and the exchange between
// ranks (sim/distributed.h).
#include "sim/engine.h"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <optional>
#include <span>
#include <stdexcept>
#include <vector>

#include "models/cashflow.h"
#include "models/errors.h"
#include "sim/accumulator.h"
#include "sim/balance_run.h"
#include "sim/block_moments.h"
#include "sim/block_schedule.h"
#include "sim/block_stats.h"
#include "sim/block_streams.h"
#include "sim/distributed.h"
#include "sim/draw_plan.h"
#include "sim/engine_checkpoint.h"
#include "sim/interrupt.h"
#include "sim/path_buffers.h"
#include "sim/path_model.h"
#include "sim/sensitivity_sample.h"
#include "sim/surplus_quantiles.h"
#include "sim/transformed_draws.h"

namespace capexsim {
namespace {

class Engine {
 public:
  Engine(const Scenario& scenario, const RunOptions& options)
      : sc_(scenario),
        opt_(options),
        plan_(DrawPlan::make(scenario, options)),
        C_(scenario.companies.size()),
        E_(C_ + 1),
        T_(scenario.years.size()),
        P_(options.paths),
        blocks_(block_count(options.paths)),
        streaming_(options.store == StorePaths::none),
        cl_(options.cluster != nullptr && options.cluster->size() > 1 ? options.cluster : nullptr),
        buffers_(C_, T_, P_, options.store),
        sample_(scenario, P_, options.sensitivity_paths),
        sketches_(E_ * T_),
        balance_(scenario, P_, options.store == StorePaths::none, options.balance_quantiles),
        checkpoint_(options, buffers_, sample_, streaming_ ? &sketches_ : nullptr, balance_) {
    if (cl_ != nullptr && !streaming_)
      throw InputError("", 0, 0, "a run spread over several processes keeps no per-path data",
                       "store_paths");
  }

  RunResults run();

 private:
  using Clock = std::chrono::steady_clock;

  // The loop over batches of blocks, and its steps between two batches.
  void run_batches(Accumulator& acc, RunResults& r, LoopPosition& at);
  void run_batch(std::uint64_t first, std::vector<BlockStats>& stats, bool skip_on_stop);
  int agreed_stop() const;
  void merge_batch(Accumulator& acc, std::uint64_t first, std::vector<BlockStats>& stats);
  bool target_met(const Accumulator& acc, RunResults& r) const;
  void save_if_due(const Accumulator& acc, const LoopPosition& at, const RunResults& r, int stop);
  void finish(const Accumulator& acc, RunResults& r);

  // One block, path by path.
  void run_block(std::uint64_t block, BlockStats& st);
  template <class Source>
  void run_paths(Source& source, std::size_t begin, std::size_t end, BlockStats& st,
                 const SurplusRows& out);
  void record_entity(std::size_t e, std::size_t path, const Flows& f, int t, bool first,
                     BlockStats& st, int& first_neg, const SurplusRows& out);
  void finish_entity(std::size_t e, std::size_t path, int first_neg, BlockStats& st);
  void finish_block(std::size_t begin, std::size_t end, BlockStats& st, const SurplusRows& out);

  bool owns(std::uint64_t block) const { return cl_ == nullptr || owns_block(*cl_, block); }
  bool root() const { return cl_ == nullptr || cl_->rank() == 0; }

  const Scenario& sc_;
  const RunOptions& opt_;
  const DrawPlan plan_;
  const std::size_t C_, E_, T_, P_;
  const std::uint64_t blocks_;
  //! --store-paths none: no per-path rows; quantiles from mergeable sketches (docs/streaming.md).
  const bool streaming_;
  //! The ranks the blocks are spread over (null: this process runs them all).
  Cluster* const cl_;
  PathBuffers buffers_;
  SensitivityCapture sample_;
  SurplusSketches sketches_;                     // streaming only
  BalanceRun balance_;                           // with financing only
  std::vector<QuantileSketch> merged_sketches_;  // streaming: all of them, at the end
  const EngineCheckpoint checkpoint_;
  std::atomic<std::uint64_t> done_{0};  // paths done, for progress
  Clock::time_point last_save_;
};

inline void Engine::record_entity(std::size_t e, std::size_t path, const Flows& f, int t,
                                  bool first, BlockStats& st, int& first_neg,
                                  const SurplusRows& out) {
  const std::size_t idx = e * T_ + static_cast<std::size_t>(t);
  CellStats& cell = st.cells[idx];
  cell.flows[0].add(f.ocf, first);
  cell.flows[1].add(f.buybacks, first);
  cell.flows[2].add(f.dividends, first);
  cell.flows[3].add(f.capex, first);
  const double surplus = f.surplus();
  out.rows[idx][path - out.offset] = surplus;
  buffers_.store_flows(e, t, path, f);
  // Without branches: the sign of the surplus is random, a branch on it often mispredicted.
  const bool negative = surplus < 0.0;
  cell.negative += negative ? 1 : 0;
  first_neg = negative && first_neg < 0 ? t : first_neg;
}

void Engine::finish_entity(std::size_t e, std::size_t path, int first_neg, BlockStats& st) {
  if (first_neg >= 0)
    ++st.cells[e * T_ + static_cast<std::size_t>(first_neg)].first_negative;
  else
    ++st.never_negative[e];
  const std::int32_t year = first_neg >= 0 ? sc_.years[static_cast<std::size_t>(first_neg)] : 0;
  buffers_.store_first_negative_year(e, path, year);
  if (path < sample_.size()) sample_.capture_first_negative_year(e, path, year);
}

template <class Source>
void Engine::run_paths(Source& source, std::size_t begin, std::size_t end, BlockStats& st,
                       const SurplusRows& out) {
  std::vector<Flows> total(T_);
  const std::size_t sampled = sample_.size();
  // The balance sheet, with financing.
  std::optional<PathBalance> balance;
  const BalanceRows rows = balance_.enabled() ? balance_.rows(begin, end) : BalanceRows{};
  if (balance_.enabled()) balance.emplace(sc_, st.balance, rows);
  for (std::size_t path = begin; path < end; ++path) {
    const bool first = path == begin;
    int first_neg = -1;
    if (balance) balance->start_path(path, first);
    simulate_path(
        sc_, source, std::span<Flows>(total),
        [&](std::size_t c, int t, const Draws& d, const Step& step) {
          record_entity(c, path, step.flows, t, first, st, first_neg, out);
          if (path < sampled) sample_.capture_draws(c, t, d, path);
          const std::size_t idx = c * T_ + static_cast<std::size_t>(t);
          const std::size_t total_idx = C_ * T_ + static_cast<std::size_t>(t);
          st.cells[idx].ocf_growth_floored += step.ocf_growth_floored;
          st.cells[idx].capex_growth_floored += step.capex_growth_floored;
          st.cells[total_idx].ocf_growth_floored += step.ocf_growth_floored;
          st.cells[total_idx].capex_growth_floored += step.capex_growth_floored;
          if (balance) balance->company_year(c, t, step.flows, d);
        },
        [&](std::size_t c) {
          finish_entity(c, path, first_neg, st);
          first_neg = -1;
          if (balance) balance->company_done(c);
        });
    for (int t = 0; t < static_cast<int>(T_); ++t)
      record_entity(C_, path, total[static_cast<std::size_t>(t)], t, first, st, first_neg, out);
    finish_entity(C_, path, first_neg, st);
    if (balance) balance->finish_path();
  }
  if (balance) {
    balance->finish_block();
    balance_.end_block(rows, sample_);
  }
}

void Engine::run_block(std::uint64_t block, BlockStats& st) {
  st.resize(E_ * T_, E_);
  if (balance_.enabled()) st.balance.resize(E_ * T_, E_);
  const std::size_t begin = block * kBlockSize;
  const std::size_t end = std::min<std::size_t>(begin + kBlockSize, P_);
  st.n = static_cast<double>(end - begin);
  std::vector<double*> scratch_rows;
  const SurplusRows out = buffers_.block_rows(begin, scratch_rows);
  if (plan_.direct()) {
    BlockStreams streams(sc_, opt_.seed, block);
    run_paths(streams, begin, end, st, out);
  } else {
    TransformedDraws draws(sc_, plan_, opt_.seed, block, begin, end - begin);
    run_paths(draws, begin, end, st, out);
  }
  finish_block(begin, end, st, out);
  const std::uint64_t done = done_.fetch_add(end - begin) + (end - begin);
  const std::uint64_t ranks = cl_ == nullptr ? 1 : static_cast<std::uint64_t>(cl_->size());
  if (opt_.progress) opt_.progress(std::min<std::uint64_t>(P_, done * ranks));  // about, with ranks
}

void Engine::finish_block(std::size_t begin, std::size_t end, BlockStats& st,
                          const SurplusRows& out) {
  const std::size_t n = end - begin;
  const std::size_t cells = E_ * T_;
  const std::size_t from = begin - out.offset;
  surplus_moments(out.rows, cells, from, n, st.n, st.cells.data());
  if (!streaming_) return;
  std::vector<QuantileSketch>& sketches = sketches_.this_thread();
  for (std::size_t i = 0; i < cells; ++i) {
    const double* x = out.rows[i] + from;
    sample_.capture_surplus(i, x, begin, end);
    sketches[i].add(std::span<const double>(x, n));
  }
}

//! Runs blocks first..first+stats.size()-1 in parallel, each into its stats entry (only this
//! rank's blocks; none once a stop is requested when `skip_on_stop`).
void Engine::run_batch(std::uint64_t first, std::vector<BlockStats>& stats, bool skip_on_stop) {
  const std::uint64_t last = first + stats.size();
  tbb::parallel_for(tbb::blocked_range<std::uint64_t>(first, last, 1),
                    [&](const tbb::blocked_range<std::uint64_t>& range) {
                      for (std::uint64_t b = range.begin(); b != range.end(); ++b)
                        if (owns(b) && !(skip_on_stop && stop_requested() != 0))
                          run_block(b, stats[b - first]);
                    });
}

//! The signal that stops the run, 0: none; with ranks, any rank's stop (rank 0's as is, another
//! rank's as SIGTERM) stops them all.
int Engine::agreed_stop() const {
  int stop = stop_requested();
  if (cl_ != nullptr && broadcast_flag(*cl_, stop != 0) && stop == 0) stop = SIGTERM;
  return stop;
}

//! The batch's blocks into the sums on rank 0, in block order.
void Engine::merge_batch(Accumulator& acc, std::uint64_t first, std::vector<BlockStats>& stats) {
  if (cl_ != nullptr) gather_block_stats(*cl_, first, stats);
  if (!root()) return;
  for (std::uint64_t b = 0; b < stats.size(); ++b) acc.add(first + b, stats[b]);
}

//! At the end of a round: records the target's estimate and whether its standard error is
//! small enough to stop (decided on rank 0, agreed by all ranks).
bool Engine::target_met(const Accumulator& acc, RunResults& r) const {
  bool met = false;
  if (root()) {
    const auto [estimate, se] = acc.estimate(opt_.target);
    r.convergence.push_back({static_cast<std::uint64_t>(acc.paths()), estimate, se});
    met = se <= opt_.target_stderr;  // NaN (too few replicates yet) never stops
  }
  if (cl_ != nullptr) met = broadcast_flag(*cl_, met);
  return met;
}

//! Saves a checkpoint when one is due (checkpoint_every passed, and blocks remain) or the run
//! is being stopped.
void Engine::save_if_due(const Accumulator& acc, const LoopPosition& at, const RunResults& r,
                         int stop) {
  const bool due =
      std::chrono::duration<double>(Clock::now() - last_save_).count() >= opt_.checkpoint_every;
  if (stop == 0 && !(due && at.blocks_done < blocks_)) return;
  checkpoint_.save(acc, at, r.convergence);
  last_save_ = Clock::now();
}

void Engine::run_batches(Accumulator& acc, RunResults& r, LoopPosition& at) {
  const StopScope stoppable;
  const bool checkpoints = static_cast<bool>(opt_.save_checkpoint);
  // Stopping between batches: a run that saves checkpoints finishes its batch and saves it; any
  // other skips the rest of its batch (a single process only: ranks must agree).
  const bool skip_on_stop = !checkpoints && cl_ == nullptr;
  const std::uint64_t batch = checkpoints ? kCheckpointBatchBlocks : kBatchBlocks;
  std::vector<BlockStats> stats;
  while (at.blocks_done < blocks_) {
    if (at.round_end <= at.blocks_done)
      at.round_end = next_round_end(at.blocks_done, blocks_, opt_.target_stderr > 0);
    const std::uint64_t first = at.blocks_done;
    stats.assign(std::min(at.round_end, first + batch) - first, BlockStats{});
    run_batch(first, stats, skip_on_stop);
    const int stop = agreed_stop();
    if (stop != 0 && !checkpoints)
      throw Interrupted(stop, false, static_cast<std::uint64_t>(acc.paths()));
    merge_batch(acc, first, stats);
    at.blocks_done = first + stats.size();
    if (at.blocks_done == at.round_end && opt_.target_stderr > 0 && target_met(acc, r)) {
      r.target_met = true;
      return;
    }
    if (!checkpoints) continue;
    save_if_due(acc, at, r, stop);
    if (stop != 0) throw Interrupted(stop, true, static_cast<std::uint64_t>(acc.paths()));
  }
}

//! Rank 0: the run's description, sums, quantiles and sensitivity into r.
void Engine::finish(const Accumulator& acc, RunResults& r) {
  const auto used = static_cast<std::size_t>(acc.paths());
  r.years = sc_.years;
  for (const Company& c : sc_.companies) r.entities.push_back(c.name);
  r.entities.push_back("total");
  r.paths = used;
  r.seed = opt_.seed;
  r.store = opt_.store;
  r.sampler = opt_.sampler;
  r.common_random_numbers = opt_.common_random_numbers;
  r.ranks = cl_ == nullptr ? 1 : static_cast<std::uint64_t>(cl_->size());
  acc.finish(r);
  if (streaming_)
    sketch_quantiles(r, merged_sketches_, used);
  else
    exact_quantiles(r, buffers_.surplus_rows(), E_ * T_, used);
  if (sample_.size() > 0)  // before the balance sheet hands its net-cash rows over
    r.sensitivity = sample_.rank_and_free(sc_, used, streaming_ ? nullptr : buffers_.surplus_rows(),
                                          balance_.net_cash_rows(), balance_.paths());
  balance_.finish(r, used);
}

RunResults Engine::run() {
  buffers_.allocate();
  balance_.allocate();
  sample_.allocate(streaming_, cl_ != nullptr, balance_.enabled());
  const std::uint64_t replicates = opt_.sampler == SamplerKind::lhs ? blocks_ : plan_.replicates;
  Accumulator acc(E_, T_, opt_.sampler, replicates, balance_.enabled());
  RunResults r;
  r.target_stderr = opt_.target_stderr;
  LoopPosition at;
  if (opt_.resume) {
    const EngineCheckpoint::Resumed resumed = checkpoint_.restore(acc, r.convergence);
    at = resumed.at;
    done_ = resumed.paths_done;
  }
  last_save_ = Clock::now();

  tbb::task_arena arena(opt_.threads > 0 ? opt_.threads : tbb::task_arena::automatic);
  arena.execute([&] {
    run_batches(acc, r, at);
    if (streaming_) merged_sketches_ = sketches_.collect(cl_);
    balance_.collect(cl_);
    if (cl_ != nullptr) sample_.gather_to_root(*cl_);
    if (root()) finish(acc, r);  // rank 0 finishes the run
  });
  if (!root()) return r;  // empty: only rank 0 has the results
  buffers_.hand_over(r, static_cast<std::size_t>(r.paths));
  r.dependence = sc_.dependence.variables.empty() && sc_.dependence.correlation.size() == 0
                     ? independent(sc_.companies)
                     : sc_.dependence;
  return r;
}

}  // namespace

RunResults run_simulation(const Scenario& scenario, const RunOptions& options) {
  if (options.paths == 0) throw InputError("paths must be >= 1");
  if (scenario.years.empty() || scenario.companies.empty())
    throw InputError("scenario has no years or no companies");
  check_balance_financing(scenario);
  Engine engine(scenario, options);
  return engine.run();
}

}  // namespace capexsim
