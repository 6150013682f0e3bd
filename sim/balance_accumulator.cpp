// Block statistics are merged strictly in block order (Chan et al.'s pairwise update for the
// means, integer sums for the counts), so every number is the same for any thread count
// (docs/engine.md).
#include "sim/balance_accumulator.h"

#include <cmath>
#include <limits>
#include <tuple>

#include "sim/life_table.h"
#include "sim/precision.h"

namespace capexsim {
namespace {
constexpr std::size_t kRepFields = kBalanceVarCount + kBalanceEventCount;
}  // namespace

BalanceAccumulator::BalanceAccumulator(std::size_t entities, std::size_t years,
                                       std::uint64_t replicates)
    : E_(entities), T_(years), reps_(replicates, entities * years, kRepFields) {
  for (auto& v : values_) v.assign(E_ * T_, MeanVar{});
  for (int k = 0; k < kBalanceEventCount; ++k) {
    events_[k].assign(E_ * T_, 0);
    first_[k].assign(E_ * T_, 0);
    never_[k].assign(E_, 0);
  }
}

void BalanceAccumulator::add(std::size_t r, double n, const BalanceBlockStats& block) {
  n_ += n;
  const bool reps = reps_.replicates() > 0;
  if (reps) reps_.add_block(r, n);
  for (std::size_t i = 0; i < E_ * T_; ++i) {
    const BalanceCell& cell = block.cells[i];
    for (int k = 0; k < kBalanceVarCount; ++k) {
      const MeanVar mv = cell.values[k].mean_var(n);
      values_[k][i].merge(mv);
      if (reps) reps_.add(r, i, static_cast<std::size_t>(k), mv.mean * n);
    }
    for (int k = 0; k < kBalanceEventCount; ++k) {
      events_[k][i] += cell.events[k];
      first_[k][i] += cell.first[k];
      if (reps)
        reps_.add(r, i, static_cast<std::size_t>(kBalanceVarCount) + static_cast<std::size_t>(k),
                  static_cast<double>(cell.events[k]));
    }
  }
  for (std::size_t e = 0; e < E_; ++e)
    for (int k = 0; k < kBalanceEventCount; ++k) never_[k][e] += block.never[e][k];
}

std::pair<double, double> BalanceAccumulator::mean(BalanceVar var, std::size_t i) const {
  const auto k = static_cast<std::size_t>(var);
  const MeanVar& mv = values_[k][i];
  if (reps_.replicates() > 0) return {mv.mean, reps_.stderr_of(i, k)};
  return {mv.mean,
          mv.n > 0 ? std::sqrt(mv.variance() / mv.n) : std::numeric_limits<double>::quiet_NaN()};
}

std::pair<double, double> BalanceAccumulator::prob(BalanceEvent event, std::size_t i) const {
  const auto k = static_cast<std::size_t>(event);
  const double p = static_cast<double>(events_[k][i]) / n_;
  if (reps_.replicates() > 0) return {p, reps_.stderr_of(i, kBalanceVarCount + k)};
  return {p, std::sqrt(p * (1 - p) / n_)};
}

void BalanceAccumulator::append(AccumulatorState& s) const {
  s.reals.push_back(n_);
  for (const auto& v : values_)
    for (const MeanVar& m : v) s.reals.insert(s.reals.end(), {m.n, m.mean, m.m2});
  for (int k = 0; k < kBalanceEventCount; ++k)
    for (const auto* v : {&events_[k], &first_[k], &never_[k]})
      s.counts.insert(s.counts.end(), v->begin(), v->end());
  reps_.append(s.reals, s.counts);
}

void BalanceAccumulator::restore(std::vector<double>::const_iterator& reals,
                                 std::vector<std::int64_t>::const_iterator& counts) {
  n_ = *reals++;
  for (auto& v : values_)
    for (MeanVar& m : v) {
      m.n = *reals++;
      m.mean = *reals++;
      m.m2 = *reals++;
    }
  for (int k = 0; k < kBalanceEventCount; ++k)
    for (auto* v : {&events_[k], &first_[k], &never_[k]}) {
      std::copy(counts, counts + static_cast<std::ptrdiff_t>(v->size()), v->begin());
      counts += static_cast<std::ptrdiff_t>(v->size());
    }
  reps_.restore(reals, counts);
}

void BalanceAccumulator::finish(BalanceResults& r) const {
  const std::size_t ET = E_ * T_;
  for (int k = 0; k < kBalanceVarCount; ++k) {
    r.mean[k].assign(ET, 0.0);
    r.mean_stderr[k].assign(ET, 0.0);
    for (std::size_t i = 0; i < ET; ++i)
      std::tie(r.mean[k][i], r.mean_stderr[k][i]) = mean(static_cast<BalanceVar>(k), i);
  }
  for (int k = 0; k < kBalanceEventCount; ++k) {
    r.prob[k].assign(ET, 0.0);
    r.prob_lower[k].assign(ET, 0.0);
    r.prob_upper[k].assign(ET, 0.0);
    for (std::size_t i = 0; i < ET; ++i) {
      const auto [p, se] = prob(static_cast<BalanceEvent>(k), i);
      const auto [lo, hi] = wilson_interval_se(p, se, n_);
      r.prob[k][i] = p;
      r.prob_lower[k][i] = lo;
      r.prob_upper[k][i] = hi;
    }
    r.first_counts[k] = first_[k];
    r.never_counts[k] = never_[k];
    r.time_to[k] = life_table(first_[k], n_, E_, T_);
  }
}

}  // namespace capexsim
