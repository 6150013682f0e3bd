// Block statistics are merged strictly in block order (Chan et al.'s pairwise update for the
// means, integer sums for the counts), so every number is the same for any thread count
// (docs/engine.md).
#include "sim/balance_accumulator.h"

#include <cmath>
#include <limits>

#include "sim/precision.h"

namespace capexsim {

BalanceAccumulator::BalanceAccumulator(std::size_t entities, std::size_t years)
    : E_(entities), T_(years) {
  for (auto& v : values_) v.assign(E_ * T_, MeanVar{});
  for (int k = 0; k < kBalanceEventCount; ++k) {
    events_[k].assign(E_ * T_, 0);
    first_[k].assign(E_ * T_, 0);
    never_[k].assign(E_, 0);
  }
}

void BalanceAccumulator::add(double n, const BalanceBlockStats& block) {
  n_ += n;
  for (std::size_t i = 0; i < E_ * T_; ++i) {
    const BalanceCell& cell = block.cells[i];
    for (int k = 0; k < kBalanceVarCount; ++k) values_[k][i].merge(cell.values[k].mean_var(n));
    for (int k = 0; k < kBalanceEventCount; ++k) {
      events_[k][i] += cell.events[k];
      first_[k][i] += cell.first[k];
    }
  }
  for (std::size_t e = 0; e < E_; ++e)
    for (int k = 0; k < kBalanceEventCount; ++k) never_[k][e] += block.never[e][k];
}

void BalanceAccumulator::finish(BalanceResults& r) const {
  const std::size_t ET = E_ * T_;
  for (int k = 0; k < kBalanceVarCount; ++k) {
    r.mean[k].assign(ET, 0.0);
    r.mean_stderr[k].assign(ET, 0.0);
    for (std::size_t i = 0; i < ET; ++i) {
      const MeanVar& mv = values_[k][i];
      r.mean[k][i] = mv.mean;
      r.mean_stderr[k][i] =
          mv.n > 0 ? std::sqrt(mv.variance() / mv.n) : std::numeric_limits<double>::quiet_NaN();
    }
  }
  for (int k = 0; k < kBalanceEventCount; ++k) {
    r.prob[k].assign(ET, 0.0);
    r.prob_lower[k].assign(ET, 0.0);
    r.prob_upper[k].assign(ET, 0.0);
    for (std::size_t i = 0; i < ET; ++i) {
      const double p = static_cast<double>(events_[k][i]) / n_;
      const auto [lo, hi] = wilson_interval(p, n_);
      r.prob[k][i] = p;
      r.prob_lower[k][i] = lo;
      r.prob_upper[k][i] = hi;
    }
    r.first_counts[k] = first_[k];
    r.never_counts[k] = never_[k];
  }
}

}  // namespace capexsim
