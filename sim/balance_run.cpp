#include "sim/balance_run.h"

#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <span>

#include "models/errors.h"
#include "sim/quantiles.h"

namespace capexsim {

void check_balance_options(const Scenario& sc, const RunOptions& o) {
  if (!sc.has_financing()) return;
  for (const Company& c : sc.companies)
    if (!c.financing)
      throw InputError("", 0, 0,
                       "company \"" + c.name + "\" has no financing while \"" +
                           sc.companies.front().name + "\" has: give it to every company or none",
                       "financing");
  auto refuse = [](const std::string& what) {
    throw InputError("", 0, 0,
                     "the scenario's balance sheet (financing) is not computed yet " + what,
                     "financing");
  };
  if (o.sampler != SamplerKind::mc)
    refuse(std::string("with the ") + sampler_name(o.sampler) + " sampler (only with mc)");
  if (o.common_random_numbers) refuse("with common random numbers");
  if (o.cluster != nullptr) refuse("in a run spread over several processes");
  if (o.save_checkpoint || o.resume) refuse("in a run that saves checkpoints or resumes");
}

BalanceRun::BalanceRun(const Scenario& sc, std::size_t paths, bool streaming)
    : enabled_(sc.has_financing()),
      streaming_(streaming),
      E_(sc.companies.size() + 1),
      T_(sc.years.size()),
      P_(paths),
      sketches_(enabled_ && streaming ? E_ * T_ + E_ : 0) {
  if (enabled_) acc_.emplace(E_, T_);
}

void BalanceRun::allocate() {
  if (!enabled_ || streaming_) return;
  net_cash_.resize(E_ * T_ * P_);
  cumulative_issued_.resize(E_ * P_);
}

BalanceRows BalanceRun::rows(std::size_t begin, std::size_t end) {
  if (!streaming_) return {net_cash_.data(), cumulative_issued_.data(), T_, P_, 0};
  const std::size_t n = end - begin;
  std::vector<double>& scratch = scratch_.local();
  scratch.resize((E_ * T_ + E_) * n);
  return {scratch.data(), scratch.data() + E_ * T_ * n, T_, n, begin};
}

void BalanceRun::end_block(const BalanceRows& rows) {
  if (!enabled_ || !streaming_) return;
  // Rows E x T of net cash, then E of debt issued over the horizon, one sketch each.
  std::vector<QuantileSketch>& sketches = sketches_.this_thread();
  for (std::size_t i = 0; i < E_ * T_ + E_; ++i)
    sketches[i].add(std::span<const double>(rows.net_cash + i * rows.paths, rows.paths));
}

void BalanceRun::finish(RunResults& r, std::size_t used) {
  if (!enabled_) return;
  BalanceResults& b = r.balance;
  acc_->finish(b);
  const std::vector<double>& levels = r.quantile_levels;
  const std::size_t Q = levels.size();
  for (auto* v : {&b.net_cash_quantiles, &b.net_cash_quantiles_lower, &b.net_cash_quantiles_upper})
    v->assign(E_ * T_ * Q, 0.0);
  b.cumulative_issued_quantiles.assign(E_ * Q, 0.0);
  // Rows E x T of net cash (with their 95% intervals, like the surplus'), then E of debt issued
  // over the horizon: exact order statistics of the kept rows (each row independent, in
  // parallel), or streaming from their sketches.
  const std::vector<QuantileSketch> sketches =
      streaming_ ? sketches_.collect(nullptr) : std::vector<QuantileSketch>{};
  tbb::parallel_for(std::size_t{0}, E_ * T_ + E_, [&](std::size_t i) {
    const bool net = i < E_ * T_;
    const std::size_t row = net ? i : i - E_ * T_;
    QuantileEstimates q;
    if (streaming_) {
      q = sketch_estimates(sketches[i], used, levels, net);
    } else {
      const double* x = (net ? net_cash_.data() : cumulative_issued_.data()) + row * P_;
      q = quantiles_with_intervals(std::span<const double>(x, used), levels, net);
    }
    const auto at = static_cast<std::ptrdiff_t>(row * Q);
    if (!net) {
      std::copy(q.value.begin(), q.value.end(), b.cumulative_issued_quantiles.begin() + at);
      return;
    }
    std::copy(q.value.begin(), q.value.end(), b.net_cash_quantiles.begin() + at);
    std::copy(q.lower.begin(), q.lower.end(), b.net_cash_quantiles_lower.begin() + at);
    std::copy(q.upper.begin(), q.upper.end(), b.net_cash_quantiles_upper.begin() + at);
  });
  cumulative_issued_ = {};
  if (r.store != StorePaths::all) return;
  if (used < P_)  // a run stopped on precision: keep the first `used` paths of every row
    for (std::size_t i = 0; i < E_ * T_; ++i)
      std::copy_n(net_cash_.data() + i * P_, used, net_cash_.data() + i * used);
  net_cash_.resize(E_ * T_ * used);
  r.path_net_cash = std::move(net_cash_);
}

}  // namespace capexsim
