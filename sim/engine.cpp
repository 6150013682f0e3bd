// The Monte Carlo engine. Reproducibility scheme (docs/engine.md): paths are cut into blocks of
// kBlockSize; block b draws only from streams seeded by (seed, b, ...) (or from its part of the
// randomized Sobol' sequence); each block writes its own slice of the per-path buffers and its
// own BlockStats; blocks are merged in block order. Runs that stop on precision check after
// rounds of blocks whose boundaries depend only on the number of blocks done. No result depends
// on which thread ran which block, so every number is bitwise identical for any thread count.
#include "sim/engine.h"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <span>
#include <stdexcept>
#include <string>

#include "models/cashflow.h"
#include "models/errors.h"
#include "sim/accumulator.h"
#include "sim/block_stats.h"
#include "sim/block_streams.h"
#include "sim/distributed.h"
#include "sim/draw_plan.h"
#include "sim/interrupt.h"
#include "sim/path_model.h"
#include "sim/quantile_sketch.h"
#include "sim/quantiles.h"
#include "sim/sensitivity.h"
#include "sim/transformed_draws.h"

namespace capexsim {
namespace {

//! Blocks per convergence check at the start; later rounds grow with the work done (a quarter
//! of it), so checks cost little and their positions depend on nothing but the block count.
constexpr std::uint64_t kMinRoundBlocks = 16;
//! Blocks run (and their BlockStats held) at once within a round: bounds the memory of a run
//! whatever its number of paths; merging still goes block by block in order.
constexpr std::uint64_t kBatchBlocks = 1024;
//! Batches of a run that saves checkpoints or may be stopped: a stop waits for the batch to end
//! (about 0.3 s of one thread's work), and batches never change the results.
constexpr std::uint64_t kCheckpointBatchBlocks = 64;
//! Generous memory of one quantile sketch for the memory estimate (docs/streaming.md).
constexpr std::uint64_t kSketchBytesEstimate = std::uint64_t{256} * 1024;

//! Where a block writes each (entity, year)'s surplus: rows[cell][path - offset]. The run's
//! per-path rows (offset 0) when paths are kept, or the block's own scratch rows (offset: the
//! block's first path) when streaming.
struct SurplusRows {
  double* const* rows;
  std::size_t offset;
};

//! The per-path buffers the engine fills; layouts as in RunResults. The surplus of every entity
//! is always kept (exact quantiles need it): in one [entity][year][path] array with
//! StorePaths::all, otherwise as the companies' [company][year][path] and the total's
//! [year][path], so that the total's part can be handed to the results without a copy.
struct PathBuffers {
  PathArray<double> surplus_all, company_surplus, total_surplus;
  std::vector<double*> surplus_rows;                  // [entity][year] -> P values
  PathArray<double> ocf, buybacks, dividends, capex;  // [entity][year][path], StorePaths::all
  PathArray<std::int32_t> first_negative_year;        // [stored entity][path]
  // The sensitivity sample, paths 0..S-1 (S = the sample size): [input][path], [entity][path].
  PathArray<double> sample_draws;
  PathArray<std::int32_t> sample_first_negative_year;
  PathArray<double> sample_surplus;  // streaming: [entity-year][path], paths 0..S-1
};

//! Keeps the first `used` of every row of `rows` rows of length `stride`, contiguously.
template <class T>
void compact_rows(PathArray<T>& v, std::size_t rows, std::size_t stride, std::size_t used) {
  if (used == stride || v.empty()) return;
  for (std::size_t r = 1; r < rows; ++r)
    std::copy(v.begin() + static_cast<std::ptrdiff_t>(r * stride),
              v.begin() + static_cast<std::ptrdiff_t>(r * stride + used),
              v.begin() + static_cast<std::ptrdiff_t>(r * used));
  v.resize(rows * used);
  v.shrink_to_fit();
}

//! Rows whose block moments finish_block computes together (the rest: 1 to 3 together).
constexpr std::size_t kMomentRows = 4;

//! Two-pass mean and squared deviations of the block's values rows[g][from..from+n) for G rows
//! at once: each row's sums still run in the order of its values (the same bits as one row at a
//! time), but the G chains of dependent additions overlap instead of waiting on each other.
template <std::size_t G>
void block_moments(double* const* rows, std::size_t from, std::size_t n, double count,
                   CellStats* cells) {
  const double* x[G];
  double sum[G], mean[G], m2[G];
  for (std::size_t g = 0; g < G; ++g) {
    x[g] = rows[g] + from;
    sum[g] = 0;
    m2[g] = 0;
  }
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t g = 0; g < G; ++g) sum[g] += x[g][k];
  for (std::size_t g = 0; g < G; ++g) mean[g] = sum[g] / count;
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t g = 0; g < G; ++g) m2[g] += (x[g][k] - mean[g]) * (x[g][k] - mean[g]);
  for (std::size_t g = 0; g < G; ++g) cells[g].surplus = MeanVar{count, mean[g], m2[g]};
}

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
        inputs_(sensitivity_inputs(scenario)),
        S_(inputs_.empty() ? 0 : std::min<std::size_t>(P_, options.sensitivity_paths)),
        streaming_(options.store == StorePaths::none),
        sketches_([cells = E_ * T_] { return std::vector<QuantileSketch>(cells); }),
        cl_(options.cluster != nullptr && options.cluster->size() > 1 ? options.cluster : nullptr) {
    if (cl_ != nullptr && !streaming_)
      throw InputError("", 0, 0, "a run spread over several processes keeps no per-path data",
                       "store_paths");
  }

  RunResults run();

 private:
  void allocate();
  void run_block(std::uint64_t block, BlockStats& st);
  template <class Source>
  void run_paths(Source& source, std::size_t begin, std::size_t end, BlockStats& st,
                 const SurplusRows& out);
  void record_entity(std::size_t e, std::size_t path, const Flows& f, int t, bool first,
                     BlockStats& st, int& first_neg, const SurplusRows& out);
  void finish_block(std::size_t begin, std::size_t end, BlockStats& st, const SurplusRows& out);
  void finish_entity(std::size_t e, std::size_t path, int first_neg, BlockStats& st);
  void compute_quantiles(RunResults& r, std::size_t used);
  void collect_sketches();
  void collect_sample();
  bool owns(std::uint64_t block) const { return cl_ == nullptr || owns_block(*cl_, block); }
  void capture_draws(std::size_t c, int t, const Draws& d, std::size_t path);
  void compute_sensitivity(RunResults& r, std::size_t used);
  void hand_over_paths(RunResults& r, std::size_t used);
  //! The arrays point into the buffers: a save reads them, a restore fills them.
  EngineSnapshot snapshot_layout(std::uint64_t blocks_done);
  void save_checkpoint(const Accumulator& acc, std::uint64_t blocks_done, std::uint64_t round_end,
                       const std::vector<ConvergencePoint>& convergence);
  void restore(Accumulator& acc, std::uint64_t& blocks_done, std::uint64_t& round_end,
               std::vector<ConvergencePoint>& convergence);

  const Scenario& sc_;
  const RunOptions& opt_;
  const DrawPlan plan_;
  const std::size_t C_, E_, T_, P_;
  const std::vector<SensitivityInput> inputs_;
  const std::size_t S_;  // paths in the sensitivity sample buffers
  //! --store-paths none: no per-path rows; quantiles from mergeable sketches (docs/streaming.md).
  const bool streaming_;
  tbb::enumerable_thread_specific<std::vector<double>> scratch_;  // streaming: a block's rows
  //! Streaming: each thread's sketch of every (entity, year)'s surplus. Sketches hold integer
  //! counts, so their sum is the same whichever thread ran which block.
  tbb::enumerable_thread_specific<std::vector<QuantileSketch>> sketches_;
  std::vector<QuantileSketch> merged_sketches_;    // every thread's (and rank's) merged
  std::vector<QuantileSketch> restored_sketches_;  // resume: the checkpoint's, merged in at the end
  //! The ranks the blocks are spread over (null: this process runs them all).
  Cluster* const cl_;
  std::vector<std::ptrdiff_t> input_;  // [(c * kParamCount + p) * T + t] -> input, -1: fixed
  PathBuffers buf_;
  std::atomic<std::uint64_t> done_{0};

  std::size_t slot(std::size_t e, int t, std::size_t path) const {
    return (e * T_ + static_cast<std::size_t>(t)) * P_ + path;
  }
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
  if (opt_.store == StorePaths::all) {
    const std::size_t s = slot(e, t, path);
    buf_.ocf[s] = f.ocf;
    buf_.buybacks[s] = f.buybacks;
    buf_.dividends[s] = f.dividends;
    buf_.capex[s] = f.capex;
  }
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
  if (opt_.store == StorePaths::all)
    buf_.first_negative_year[e * P_ + path] = year;
  else if (opt_.store == StorePaths::total && e == C_)
    buf_.first_negative_year[path] = year;
  if (path < S_) buf_.sample_first_negative_year[e * S_ + path] = year;
}

void Engine::capture_draws(std::size_t c, int t, const Draws& d, std::size_t path) {
  const double value[kParamCount] = {d.ocf_growth, d.capex_growth, d.buyback_ratio,
                                     d.dividend_ratio};
  for (std::size_t p = 0; p < kParamCount; ++p) {
    const std::ptrdiff_t i = input_[(c * kParamCount + p) * T_ + static_cast<std::size_t>(t)];
    if (i >= 0) buf_.sample_draws[static_cast<std::size_t>(i) * S_ + path] = value[p];
  }
}

template <class Source>
void Engine::run_paths(Source& source, std::size_t begin, std::size_t end, BlockStats& st,
                       const SurplusRows& out) {
  std::vector<Flows> total(T_);
  for (std::size_t path = begin; path < end; ++path) {
    const bool first = path == begin;
    int first_neg = -1;
    simulate_path(
        sc_, source, std::span<Flows>(total),
        [&](std::size_t c, int t, const Draws& d, const Step& step) {
          record_entity(c, path, step.flows, t, first, st, first_neg, out);
          if (path < S_) capture_draws(c, t, d, path);
          const std::size_t idx = c * T_ + static_cast<std::size_t>(t);
          const std::size_t total_idx = C_ * T_ + static_cast<std::size_t>(t);
          st.cells[idx].ocf_growth_floored += step.ocf_growth_floored;
          st.cells[idx].capex_growth_floored += step.capex_growth_floored;
          st.cells[total_idx].ocf_growth_floored += step.ocf_growth_floored;
          st.cells[total_idx].capex_growth_floored += step.capex_growth_floored;
        },
        [&](std::size_t c) {
          finish_entity(c, path, first_neg, st);
          first_neg = -1;
        });
    for (int t = 0; t < static_cast<int>(T_); ++t)
      record_entity(C_, path, total[static_cast<std::size_t>(t)], t, first, st, first_neg, out);
    finish_entity(C_, path, first_neg, st);
  }
}

void Engine::run_block(std::uint64_t block, BlockStats& st) {
  st.resize(E_ * T_, E_);
  const std::size_t begin = block * kBlockSize;
  const std::size_t end = std::min<std::size_t>(begin + kBlockSize, P_);
  st.n = static_cast<double>(end - begin);
  std::vector<double*> scratch_rows;
  SurplusRows out{buf_.surplus_rows.data(), 0};
  if (streaming_) {
    std::vector<double>& scratch = scratch_.local();
    scratch.resize(E_ * T_ * kBlockSize);
    for (std::size_t i = 0; i < E_ * T_; ++i)
      scratch_rows.push_back(scratch.data() + i * kBlockSize);
    out = {scratch_rows.data(), begin};
  }
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
  std::size_t i = 0;
  for (; i + kMomentRows <= cells; i += kMomentRows)
    block_moments<kMomentRows>(out.rows + i, from, n, st.n, &st.cells[i]);
  switch (cells - i) {  // the rest, also together
    case 3:
      block_moments<3>(out.rows + i, from, n, st.n, &st.cells[i]);
      break;
    case 2:
      block_moments<2>(out.rows + i, from, n, st.n, &st.cells[i]);
      break;
    case 1:
      block_moments<1>(out.rows + i, from, n, st.n, &st.cells[i]);
      break;
    default:
      break;
  }
  if (!streaming_) return;
  std::vector<QuantileSketch>& sketches = sketches_.local();
  for (i = 0; i < cells; ++i) {
    const double* x = out.rows[i] + from;
    if (begin < S_)
      std::copy(x, x + (std::min(end, S_) - begin), buf_.sample_surplus.data() + i * S_ + begin);
    sketches[i].add(std::span<const double>(x, n));
  }
}

void Engine::compute_quantiles(RunResults& r, std::size_t used) {
  const std::size_t Q = r.quantile_levels.size();
  for (auto* v : {&r.surplus_quantiles, &r.surplus_quantiles_lower, &r.surplus_quantiles_upper})
    v->assign(E_ * T_ * Q, 0.0);
  if (streaming_) {
    const std::vector<QuantileSketch>& merged = merged_sketches_;
    r.quantile_method = "sketch";
    r.quantile_relative_accuracy = merged.empty() ? 0.0 : merged.front().relative_accuracy();
    for (std::size_t i = 0; i < E_ * T_; ++i) {
      const QuantileEstimates q = quantiles_from_order_statistics(
          used, r.quantile_levels, true, [&](std::vector<std::size_t> ranks) {
            return merged[i].values_at_ranks(
                std::vector<std::uint64_t>(ranks.begin(), ranks.end()));
          });
      const auto at = static_cast<std::ptrdiff_t>(i * Q);
      std::copy(q.value.begin(), q.value.end(), r.surplus_quantiles.begin() + at);
      std::copy(q.lower.begin(), q.lower.end(), r.surplus_quantiles_lower.begin() + at);
      std::copy(q.upper.begin(), q.upper.end(), r.surplus_quantiles_upper.begin() + at);
    }
    return;
  }
  // Each (entity, year) is independent; exact order statistics do not depend on scheduling.
  tbb::parallel_for(std::size_t{0}, E_ * T_, [&](std::size_t i) {
    const QuantileEstimates q = quantiles_with_intervals(
        std::span<const double>(buf_.surplus_rows[i], used), r.quantile_levels, true);
    const auto at = static_cast<std::ptrdiff_t>(i * Q);
    std::copy(q.value.begin(), q.value.end(), r.surplus_quantiles.begin() + at);
    std::copy(q.lower.begin(), q.lower.end(), r.surplus_quantiles_lower.begin() + at);
    std::copy(q.upper.begin(), q.upper.end(), r.surplus_quantiles_upper.begin() + at);
  });
}

void Engine::collect_sketches() {
  merged_sketches_ = restored_sketches_.empty() ? std::vector<QuantileSketch>(E_ * T_)
                                                : std::move(restored_sketches_);
  // Integer counts: the sum does not depend on which thread (or rank) saw which block.
  for (const std::vector<QuantileSketch>& local : sketches_)
    for (std::size_t i = 0; i < E_ * T_; ++i) merged_sketches_[i].merge(local[i]);
  sketches_.clear();
  if (cl_ != nullptr) merge_sketches(*cl_, merged_sketches_);
}

void Engine::collect_sample() {
  gather_disjoint(*cl_, std::span<double>(buf_.sample_draws));
  gather_disjoint(*cl_, std::span<std::int32_t>(buf_.sample_first_negative_year));
  gather_disjoint(*cl_, std::span<double>(buf_.sample_surplus));
}

void Engine::compute_sensitivity(RunResults& r, std::size_t used) {
  const std::size_t n = std::min(used, S_);
  SensitivitySample sample;
  for (std::size_t i = 0; i < inputs_.size(); ++i)
    sample.draws.emplace_back(buf_.sample_draws.data() + i * S_, n);
  for (std::size_t i = 0; i < E_ * T_; ++i)
    sample.surplus.emplace_back(
        streaming_ ? buf_.sample_surplus.data() + i * S_ : buf_.surplus_rows[i], n);
  for (std::size_t e = 0; e < E_; ++e)
    sample.first_negative_year.emplace_back(buf_.sample_first_negative_year.data() + e * S_, n);
  r.sensitivity = rank_sensitivity(sc_, inputs_, sample);
  buf_.sample_draws = {};
  buf_.sample_first_negative_year = {};
  buf_.sample_surplus = {};
}

void Engine::allocate() {
  input_.assign(C_ * kParamCount * T_, -1);
  for (std::size_t i = 0; i < inputs_.size(); ++i) {
    const SensitivityInput& in = inputs_[i];
    input_[(in.company * kParamCount + static_cast<std::size_t>(in.param)) * T_ + in.year] =
        static_cast<std::ptrdiff_t>(i);
  }
  buf_.sample_draws.resize(inputs_.size() * S_);
  buf_.sample_first_negative_year.resize(E_ * S_);
  if (streaming_) {
    buf_.sample_surplus.resize(E_ * T_ * S_);
    if (cl_ != nullptr) {  // entries of other ranks' blocks must read 0 (collect_sample)
      std::fill(buf_.sample_draws.begin(), buf_.sample_draws.end(), 0.0);
      std::fill(buf_.sample_first_negative_year.begin(), buf_.sample_first_negative_year.end(), 0);
      std::fill(buf_.sample_surplus.begin(), buf_.sample_surplus.end(), 0.0);
    }
    return;
  }
  buf_.surplus_rows.resize(E_ * T_);
  if (opt_.store == StorePaths::all) {
    buf_.surplus_all.resize(E_ * T_ * P_);
    for (std::size_t i = 0; i < E_ * T_; ++i)
      buf_.surplus_rows[i] = buf_.surplus_all.data() + i * P_;
    for (auto* v : {&buf_.ocf, &buf_.buybacks, &buf_.dividends, &buf_.capex})
      v->resize(E_ * T_ * P_);
    buf_.first_negative_year.resize(E_ * P_);
  } else {
    buf_.company_surplus.resize(C_ * T_ * P_);
    buf_.total_surplus.resize(T_ * P_);
    for (std::size_t i = 0; i < C_ * T_; ++i)
      buf_.surplus_rows[i] = buf_.company_surplus.data() + i * P_;
    for (std::size_t t = 0; t < T_; ++t)
      buf_.surplus_rows[C_ * T_ + t] = buf_.total_surplus.data() + t * P_;
    if (opt_.store == StorePaths::total) buf_.first_negative_year.resize(P_);
  }
}

void Engine::hand_over_paths(RunResults& r, std::size_t used) {
  switch (opt_.store) {
    case StorePaths::none:
      break;
    case StorePaths::total:
      compact_rows(buf_.total_surplus, T_, P_, used);
      compact_rows(buf_.first_negative_year, 1, P_, used);
      r.path_surplus = std::move(buf_.total_surplus);
      r.path_first_negative_year = std::move(buf_.first_negative_year);
      break;
    case StorePaths::all:
      for (auto* v : {&buf_.surplus_all, &buf_.ocf, &buf_.buybacks, &buf_.dividends, &buf_.capex})
        compact_rows(*v, E_ * T_, P_, used);
      compact_rows(buf_.first_negative_year, E_, P_, used);
      r.path_surplus = std::move(buf_.surplus_all);
      r.path_ocf = std::move(buf_.ocf);
      r.path_buybacks = std::move(buf_.buybacks);
      r.path_dividends = std::move(buf_.dividends);
      r.path_capex = std::move(buf_.capex);
      r.path_first_negative_year = std::move(buf_.first_negative_year);
      break;
  }
}

EngineSnapshot Engine::snapshot_layout(std::uint64_t blocks_done) {
  EngineSnapshot s;
  s.blocks_done = blocks_done;
  s.paths_done = std::min<std::uint64_t>(P_, blocks_done * kBlockSize);
  const auto done = static_cast<std::size_t>(s.paths_done);
  const std::size_t sampled = std::min(done, S_);
  auto real = [&](const char* name, PathArray<double>& v, std::size_t stride, std::size_t used) {
    if (!v.empty()) s.reals.push_back({name, v.data(), v.size() / stride, stride, used});
  };
  auto integer = [&](const char* name, PathArray<std::int32_t>& v, std::size_t stride,
                     std::size_t used) {
    if (!v.empty()) s.integers.push_back({name, v.data(), v.size() / stride, stride, used});
  };
  real("sample_draws", buf_.sample_draws, S_, sampled);
  integer("sample_first_negative_year", buf_.sample_first_negative_year, S_, sampled);
  real("sample_surplus", buf_.sample_surplus, S_, sampled);
  real("surplus_all", buf_.surplus_all, P_, done);
  real("company_surplus", buf_.company_surplus, P_, done);
  real("total_surplus", buf_.total_surplus, P_, done);
  real("ocf", buf_.ocf, P_, done);
  real("buybacks", buf_.buybacks, P_, done);
  real("dividends", buf_.dividends, P_, done);
  real("capex", buf_.capex, P_, done);
  integer("first_negative_year", buf_.first_negative_year, P_, done);
  return s;
}

void Engine::save_checkpoint(const Accumulator& acc, std::uint64_t blocks_done,
                             std::uint64_t round_end,
                             const std::vector<ConvergencePoint>& convergence) {
  EngineSnapshot s = snapshot_layout(blocks_done);
  s.round_end = round_end;
  s.accumulator = acc.state();
  s.convergence = convergence;
  if (streaming_) {
    std::vector<QuantileSketch> merged = restored_sketches_;
    merged.resize(E_ * T_);
    for (const std::vector<QuantileSketch>& local : sketches_)
      for (std::size_t i = 0; i < E_ * T_; ++i) merged[i].merge(local[i]);
    for (const QuantileSketch& q : merged) {
      const std::vector<std::uint64_t> words = q.to_words();
      s.sketches.push_back(words.size());
      s.sketches.insert(s.sketches.end(), words.begin(), words.end());
    }
  }
  opt_.save_checkpoint(s);
}

void Engine::restore(Accumulator& acc, std::uint64_t& blocks_done, std::uint64_t& round_end,
                     std::vector<ConvergencePoint>& convergence) {
  EngineSnapshot s;
  opt_.resume(s);  // scalars first: the arrays' layout depends on the blocks done
  const std::uint64_t blocks = (P_ + kBlockSize - 1) / kBlockSize;
  if (s.blocks_done > blocks)
    throw InputError("the checkpoint has " + std::to_string(s.blocks_done) +
                     " blocks done; this run has only " + std::to_string(blocks));
  EngineSnapshot layout = snapshot_layout(s.blocks_done);
  layout.round_end = s.round_end;
  opt_.resume(layout);  // now with the arrays pointing into this engine's buffers
  acc.restore(layout.accumulator);
  blocks_done = layout.blocks_done;
  round_end = layout.round_end;
  convergence = layout.convergence;
  if (streaming_) {
    restored_sketches_.clear();
    const std::vector<std::uint64_t>& w = layout.sketches;
    for (std::size_t at = 0; at < w.size();) {
      const auto n = static_cast<std::size_t>(w[at++]);
      if (n > w.size() - at) throw InputError("the checkpoint's sketches are truncated");
      restored_sketches_.push_back(
          QuantileSketch::from_words({w.begin() + static_cast<std::ptrdiff_t>(at),
                                      w.begin() + static_cast<std::ptrdiff_t>(at + n)}));
      at += n;
    }
    if (restored_sketches_.size() != E_ * T_)
      throw InputError("the checkpoint has " + std::to_string(restored_sketches_.size()) +
                       " quantile sketches; this run needs " + std::to_string(E_ * T_));
  }
  done_ = layout.paths_done;
}

RunResults Engine::run() {
  const std::uint64_t blocks = (P_ + kBlockSize - 1) / kBlockSize;
  allocate();
  const std::uint64_t replicates = opt_.sampler == SamplerKind::lhs ? blocks : plan_.replicates;
  Accumulator acc(E_, T_, opt_.sampler, replicates);
  RunResults r;
  r.target_stderr = opt_.target_stderr;
  std::vector<BlockStats> stats;
  std::uint64_t done = 0;
  std::uint64_t round_end = 0;  // the block count at the next convergence check (or the end)
  const bool root = cl_ == nullptr || cl_->rank() == 0;
  if (opt_.resume) restore(acc, done, round_end, r.convergence);
  const bool checkpoints = static_cast<bool>(opt_.save_checkpoint);
  using Clock = std::chrono::steady_clock;
  auto last_save = Clock::now();

  tbb::task_arena arena(opt_.threads > 0 ? opt_.threads : tbb::task_arena::automatic);
  arena.execute([&] {
    {
      const StopScope stoppable;
      // Stopping between batches: a run that saves checkpoints finishes its batch and saves it;
      // any other skips the rest of its batch (a single process only: ranks must agree).
      const bool skip_on_stop = !checkpoints && cl_ == nullptr;
      const std::uint64_t batch = checkpoints ? kCheckpointBatchBlocks : kBatchBlocks;
      while (done < blocks) {
        if (round_end <= done)
          round_end = opt_.target_stderr > 0
                          ? std::min(blocks, done + std::max(kMinRoundBlocks, done / 4))
                          : blocks;
        const std::uint64_t first = done;
        const std::uint64_t last = std::min(round_end, first + batch);
        stats.assign(last - first, BlockStats{});
        tbb::parallel_for(tbb::blocked_range<std::uint64_t>(first, last, 1),
                          [&](const tbb::blocked_range<std::uint64_t>& range) {
                            for (std::uint64_t b = range.begin(); b != range.end(); ++b)
                              if (owns(b) && !(skip_on_stop && stop_requested() != 0))
                                run_block(b, stats[b - first]);
                          });
        int stop = stop_requested();
        if (cl_ != nullptr && broadcast_flag(*cl_, stop != 0) && stop == 0) stop = SIGTERM;
        if (stop != 0 && !checkpoints)
          throw Interrupted(stop, false, static_cast<std::uint64_t>(acc.paths()));
        if (cl_ != nullptr) gather_block_stats(*cl_, first, stats);
        if (root)
          for (std::uint64_t b = first; b < last; ++b) acc.add(b, stats[b - first]);  // in order
        done = last;
        if (done == round_end && opt_.target_stderr > 0) {
          bool met = false;
          if (root) {
            const auto [estimate, se] = acc.estimate(opt_.target);
            r.convergence.push_back({static_cast<std::uint64_t>(acc.paths()), estimate, se});
            met = se <= opt_.target_stderr;  // NaN (too few replicates yet) never stops
          }
          if (cl_ != nullptr) met = broadcast_flag(*cl_, met);
          if (met) {
            r.target_met = true;
            break;
          }
        }
        if (!checkpoints) continue;
        const bool due = std::chrono::duration<double>(Clock::now() - last_save).count() >=
                         opt_.checkpoint_every;
        if (stop != 0 || (due && done < blocks)) {
          save_checkpoint(acc, done, round_end, r.convergence);
          last_save = Clock::now();
        }
        if (stop != 0) throw Interrupted(stop, true, static_cast<std::uint64_t>(acc.paths()));
      }
    }
    stats.clear();
    if (streaming_) collect_sketches();
    if (cl_ != nullptr) collect_sample();
    if (!root) return;  // rank 0 finishes the run
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
    compute_quantiles(r, used);
    if (S_ > 0) compute_sensitivity(r, used);
  });
  if (!root) return r;  // empty: only rank 0 has the results
  hand_over_paths(r, static_cast<std::size_t>(r.paths));
  r.dependence = sc_.dependence.variables.empty() && sc_.dependence.correlation.size() == 0
                     ? independent(sc_.companies)
                     : sc_.dependence;
  return r;
}

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
  bytes += sensitivity_memory_bytes(sensitivity_inputs(scenario).size(), E, T,
                                    std::min(P, options.sensitivity_paths), threads);
  return bytes;
}

RunResults run_simulation(const Scenario& scenario, const RunOptions& options) {
  if (options.paths == 0) throw InputError("paths must be >= 1");
  if (scenario.years.empty() || scenario.companies.empty())
    throw InputError("scenario has no years or no companies");
  Engine engine(scenario, options);
  return engine.run();
}

}  // namespace capexsim
