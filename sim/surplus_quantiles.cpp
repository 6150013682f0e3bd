// Quantiles of the surplus from sketches or from the kept paths, written into the results.
#include "sim/surplus_quantiles.h"

#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cstdint>
#include <span>

#include "sim/distributed.h"
#include "sim/quantiles.h"

namespace capexsim {
namespace {

//! Sizes r's quantile arrays for `cells` (entity, year)s, all 0.
void size_quantiles(RunResults& r, std::size_t cells) {
  const std::size_t Q = r.quantile_levels.size();
  for (auto* v : {&r.surplus_quantiles, &r.surplus_quantiles_lower, &r.surplus_quantiles_upper})
    v->assign(cells * Q, 0.0);
}

//! Cell i's estimates into r.
void put_quantiles(RunResults& r, std::size_t i, const QuantileEstimates& q) {
  const auto at = static_cast<std::ptrdiff_t>(i * r.quantile_levels.size());
  std::copy(q.value.begin(), q.value.end(), r.surplus_quantiles.begin() + at);
  std::copy(q.lower.begin(), q.lower.end(), r.surplus_quantiles_lower.begin() + at);
  std::copy(q.upper.begin(), q.upper.end(), r.surplus_quantiles_upper.begin() + at);
}

}  // namespace

SurplusSketches::SurplusSketches(std::size_t cells)
    : cells_(cells), per_thread_([cells] { return std::vector<QuantileSketch>(cells); }) {}

std::vector<QuantileSketch> SurplusSketches::so_far() const {
  std::vector<QuantileSketch> merged = restored_;
  merged.resize(cells_);
  for (const std::vector<QuantileSketch>& local : per_thread_)
    for (std::size_t i = 0; i < cells_; ++i) merged[i].merge(local[i]);
  return merged;
}

std::vector<QuantileSketch> SurplusSketches::collect(Cluster* cluster) {
  std::vector<QuantileSketch> merged =
      restored_.empty() ? std::vector<QuantileSketch>(cells_) : std::move(restored_);
  for (const std::vector<QuantileSketch>& local : per_thread_)
    for (std::size_t i = 0; i < cells_; ++i) merged[i].merge(local[i]);
  per_thread_.clear();
  if (cluster != nullptr) merge_sketches(*cluster, merged);
  return merged;
}

QuantileEstimates sketch_estimates(const QuantileSketch& sketch, std::size_t used,
                                   const std::vector<double>& levels, bool intervals) {
  return quantiles_from_order_statistics(
      used, levels, intervals, [&](const std::vector<std::size_t>& ranks) {
        return sketch.values_at_ranks(std::vector<std::uint64_t>(ranks.begin(), ranks.end()));
      });
}

void sketch_quantiles(RunResults& r, const std::vector<QuantileSketch>& sketches,
                      std::size_t used) {
  size_quantiles(r, sketches.size());
  r.quantile_method = "sketch";
  r.quantile_relative_accuracy = sketches.empty() ? 0.0 : sketches.front().relative_accuracy();
  for (std::size_t i = 0; i < sketches.size(); ++i)
    put_quantiles(r, i, sketch_estimates(sketches[i], used, r.quantile_levels, true));
}

void exact_quantiles(RunResults& r, const double* const* rows, std::size_t cells,
                     std::size_t used) {
  size_quantiles(r, cells);
  // Each (entity, year) is independent; exact order statistics do not depend on scheduling.
  tbb::parallel_for(std::size_t{0}, cells, [&](std::size_t i) {
    put_quantiles(
        r, i,
        quantiles_with_intervals(std::span<const double>(rows[i], used), r.quantile_levels, true));
  });
}

}  // namespace capexsim
