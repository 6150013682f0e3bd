// The Monte Carlo engine. Reproducibility scheme (docs/engine.md): paths are cut into blocks of
// kBlockSize; block b draws only from streams seeded by (seed, b, company, parameter); each block
// writes its own slice of the per-path buffers and its own BlockStats; the blocks' statistics
// are merged in block order after the parallel loop. No result depends on which thread ran
// which block, so every number is bitwise identical for any thread count.
#include "sim/engine.h"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <span>
#include <stdexcept>

#include "models/cashflow.h"
#include "sim/block_stats.h"
#include "sim/block_streams.h"
#include "sim/path_model.h"
#include "sim/quantiles.h"

namespace capexsim {
namespace {

//! The per-path buffers the engine fills; layouts as in RunResults. The surplus of every entity
//! is always kept (exact quantiles need it): in one [entity][year][path] array with
//! StorePaths::all, otherwise as the companies' [company][year][path] and the total's
//! [year][path], so that the total's part can be handed to the results without a copy.
struct PathBuffers {
  PathArray<double> surplus_all, company_surplus, total_surplus;
  std::vector<double*> surplus_rows;                  // [entity][year] -> P values
  PathArray<double> ocf, buybacks, dividends, capex;  // [entity][year][path], StorePaths::all
  PathArray<std::int32_t> first_negative_year;        // [stored entity][path]
};

class Engine {
 public:
  Engine(const Scenario& scenario, const RunOptions& options)
      : sc_(scenario),
        opt_(options),
        C_(scenario.companies.size()),
        E_(C_ + 1),
        T_(scenario.years.size()),
        P_(options.paths) {}

  RunResults run();

 private:
  void run_block(std::uint64_t block, BlockStats& st);
  void record_entity(std::size_t e, std::size_t path, const Flows& f, int t, BlockStats& st,
                     int& first_neg);
  void finish_entity(std::size_t e, std::size_t path, int first_neg, BlockStats& st);
  RunResults merge(const std::vector<BlockStats>& blocks);
  void compute_quantiles(RunResults& r);

  const Scenario& sc_;
  const RunOptions& opt_;
  const std::size_t C_, E_, T_, P_;
  PathBuffers buf_;
  std::atomic<std::uint64_t> done_{0};

  std::size_t slot(std::size_t e, int t, std::size_t path) const {
    return (e * T_ + static_cast<std::size_t>(t)) * P_ + path;
  }
};

void Engine::record_entity(std::size_t e, std::size_t path, const Flows& f, int t, BlockStats& st,
                           int& first_neg) {
  const std::size_t idx = e * T_ + static_cast<std::size_t>(t);
  st.sum_ocf[idx] += f.ocf;
  st.sum_buybacks[idx] += f.buybacks;
  st.sum_dividends[idx] += f.dividends;
  st.sum_capex[idx] += f.capex;
  const double surplus = f.surplus();
  buf_.surplus_rows[idx][path] = surplus;
  if (opt_.store == StorePaths::all) {
    const std::size_t s = slot(e, t, path);
    buf_.ocf[s] = f.ocf;
    buf_.buybacks[s] = f.buybacks;
    buf_.dividends[s] = f.dividends;
    buf_.capex[s] = f.capex;
  }
  if (surplus < 0.0) {
    ++st.negative[idx];
    if (first_neg < 0) first_neg = t;
  }
}

void Engine::finish_entity(std::size_t e, std::size_t path, int first_neg, BlockStats& st) {
  if (first_neg >= 0)
    ++st.first_negative[e * T_ + static_cast<std::size_t>(first_neg)];
  else
    ++st.never_negative[e];
  const std::int32_t year = first_neg >= 0 ? sc_.years[static_cast<std::size_t>(first_neg)] : 0;
  if (opt_.store == StorePaths::all)
    buf_.first_negative_year[e * P_ + path] = year;
  else if (opt_.store == StorePaths::total && e == C_)
    buf_.first_negative_year[path] = year;
}

void Engine::run_block(std::uint64_t block, BlockStats& st) {
  st.resize(E_ * T_, E_);
  BlockStreams streams(sc_, opt_.seed, block);
  const std::size_t begin = block * kBlockSize;
  const std::size_t end = std::min<std::size_t>(begin + kBlockSize, P_);
  std::vector<Flows> total(T_);

  for (std::size_t path = begin; path < end; ++path) {
    int first_neg = -1;
    simulate_path(
        sc_, streams, total,
        [&](std::size_t c, int t, const Draws&, const Step& step) {
          record_entity(c, path, step.flows, t, st, first_neg);
          const std::size_t idx = c * T_ + static_cast<std::size_t>(t);
          const std::size_t total_idx = C_ * T_ + static_cast<std::size_t>(t);
          st.ocf_floored[idx] += step.ocf_floored;
          st.capex_floored[idx] += step.capex_floored;
          st.ocf_floored[total_idx] += step.ocf_floored;
          st.capex_floored[total_idx] += step.capex_floored;
        },
        [&](std::size_t c) {
          finish_entity(c, path, first_neg, st);
          first_neg = -1;
        });
    for (int t = 0; t < static_cast<int>(T_); ++t)
      record_entity(C_, path, total[static_cast<std::size_t>(t)], t, st, first_neg);
    finish_entity(C_, path, first_neg, st);
  }

  // Two-pass mean and squared deviations of the block's surplus slice.
  const double n = static_cast<double>(end - begin);
  for (std::size_t e = 0; e < E_; ++e) {
    for (int t = 0; t < static_cast<int>(T_); ++t) {
      const double* x = buf_.surplus_rows[e * T_ + static_cast<std::size_t>(t)] + begin;
      double sum = 0;
      for (std::size_t i = 0; i < end - begin; ++i) sum += x[i];
      const double mean = sum / n;
      double m2 = 0;
      for (std::size_t i = 0; i < end - begin; ++i) m2 += (x[i] - mean) * (x[i] - mean);
      st.surplus[e * T_ + static_cast<std::size_t>(t)] = MeanVar{n, mean, m2};
    }
  }
  const std::uint64_t done = done_.fetch_add(end - begin) + (end - begin);
  if (opt_.progress) opt_.progress(done);
}

RunResults Engine::merge(const std::vector<BlockStats>& blocks) {
  RunResults r;
  r.years = sc_.years;
  for (const Company& c : sc_.companies) r.entities.push_back(c.name);
  r.entities.push_back("total");
  r.paths = P_;
  r.seed = opt_.seed;
  r.store = opt_.store;

  const std::size_t ET = E_ * T_;
  BlockStats sum;
  sum.resize(ET, E_);
  for (const BlockStats& b : blocks) {  // block order: the result is schedule-independent
    for (std::size_t i = 0; i < ET; ++i) {
      sum.sum_ocf[i] += b.sum_ocf[i];
      sum.sum_buybacks[i] += b.sum_buybacks[i];
      sum.sum_dividends[i] += b.sum_dividends[i];
      sum.sum_capex[i] += b.sum_capex[i];
      sum.surplus[i].merge(b.surplus[i]);
      sum.negative[i] += b.negative[i];
      sum.first_negative[i] += b.first_negative[i];
      sum.ocf_floored[i] += b.ocf_floored[i];
      sum.capex_floored[i] += b.capex_floored[i];
    }
    for (std::size_t e = 0; e < E_; ++e) sum.never_negative[e] += b.never_negative[e];
  }

  const double n = static_cast<double>(P_);
  for (std::size_t i = 0; i < ET; ++i) {
    r.ocf_mean.push_back(sum.sum_ocf[i] / n);
    r.buybacks_mean.push_back(sum.sum_buybacks[i] / n);
    r.dividends_mean.push_back(sum.sum_dividends[i] / n);
    r.capex_mean.push_back(sum.sum_capex[i] / n);
    r.surplus_mean.push_back(sum.surplus[i].mean);
    r.surplus_std.push_back(std::sqrt(sum.surplus[i].variance()));
    r.prob_negative.push_back(static_cast<double>(sum.negative[i]) / n);
    r.usage_ratio.push_back((r.buybacks_mean[i] + r.dividends_mean[i] + r.capex_mean[i]) /
                            r.ocf_mean[i]);
  }
  r.first_negative_counts = std::move(sum.first_negative);
  r.never_negative_counts = std::move(sum.never_negative);
  r.ocf_growth_floored = std::move(sum.ocf_floored);
  r.capex_growth_floored = std::move(sum.capex_floored);
  return r;
}

void Engine::compute_quantiles(RunResults& r) {
  const std::size_t Q = r.quantile_levels.size();
  r.surplus_quantiles.assign(E_ * T_ * Q, 0.0);
  // Each (entity, year) is independent; exact order statistics do not depend on scheduling.
  tbb::parallel_for(std::size_t{0}, E_ * T_, [&](std::size_t i) {
    const std::vector<double> q =
        quantiles(std::span<const double>(buf_.surplus_rows[i], P_), r.quantile_levels);
    std::copy(q.begin(), q.end(), r.surplus_quantiles.begin() + static_cast<std::ptrdiff_t>(i * Q));
  });
}

RunResults Engine::run() {
  const std::uint64_t blocks = (P_ + kBlockSize - 1) / kBlockSize;
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

  std::vector<BlockStats> stats(blocks);
  RunResults r;
  tbb::task_arena arena(opt_.threads > 0 ? opt_.threads : tbb::task_arena::automatic);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, blocks, 1),
                      [&](const tbb::blocked_range<std::uint64_t>& range) {
                        for (std::uint64_t b = range.begin(); b != range.end(); ++b)
                          run_block(b, stats[b]);
                      });
    r = merge(stats);
    compute_quantiles(r);
  });

  switch (opt_.store) {
    case StorePaths::none:
      break;
    case StorePaths::total:
      r.path_surplus = std::move(buf_.total_surplus);
      r.path_first_negative_year = std::move(buf_.first_negative_year);
      break;
    case StorePaths::all:
      r.path_surplus = std::move(buf_.surplus_all);
      r.path_ocf = std::move(buf_.ocf);
      r.path_buybacks = std::move(buf_.buybacks);
      r.path_dividends = std::move(buf_.dividends);
      r.path_capex = std::move(buf_.capex);
      r.path_first_negative_year = std::move(buf_.first_negative_year);
      break;
  }
  return r;
}

}  // namespace

std::uint64_t estimate_memory_bytes(const Scenario& scenario, const RunOptions& options) {
  const std::uint64_t E = scenario.companies.size() + 1, T = scenario.years.size();
  const std::uint64_t P = options.paths;
  std::uint64_t bytes = E * T * P * sizeof(double);  // surplus of every entity (quantiles)
  if (options.store == StorePaths::all) bytes += 4 * E * T * P * sizeof(double) + E * P * 4;
  if (options.store == StorePaths::total) bytes += T * P * sizeof(double) + P * 4;
  const std::uint64_t threads = options.threads > 0 ? static_cast<std::uint64_t>(options.threads)
                                                    : tbb::this_task_arena::max_concurrency();
  bytes += threads * P * sizeof(double);  // quantile scratch copies
  return bytes;
}

RunResults run_simulation(const Scenario& scenario, const RunOptions& options) {
  if (options.paths == 0) throw std::invalid_argument("paths must be >= 1");
  if (scenario.years.empty() || scenario.companies.empty())
    throw std::invalid_argument("scenario has no years or no companies");
  Engine engine(scenario, options);
  return engine.run();
}

}  // namespace capexsim
