#include "sim/balance_run.h"

#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <span>

#include "models/errors.h"
#include "sim/quantiles.h"

namespace capexsim {

void check_balance_financing(const Scenario& sc) {
  if (!sc.has_financing()) return;
  for (const Company& c : sc.companies)
    if (!c.financing)
      throw InputError("", 0, 0,
                       "company \"" + c.name + "\" has no financing while \"" +
                           sc.companies.front().name + "\" has: give it to every company or none",
                       "financing");
}

BalanceRun::BalanceRun(const Scenario& sc, std::size_t paths, bool streaming, bool quantities)
    : enabled_(sc.has_financing()),
      streaming_(streaming),
      quantities_(enabled_ && quantities),
      E_(sc.companies.size() + 1),
      T_(sc.years.size()),
      P_(paths),
      sketches_(enabled_ && streaming ? row_count() : 0) {}

std::size_t BalanceRun::row_count() const {
  return E_ * T_ + E_ + (quantities_ ? kQuantileVars.size() * E_ * T_ : 0);
}

void BalanceRun::allocate() {
  if (!enabled_ || streaming_) return;
  net_cash_.resize(E_ * T_ * P_);
  cumulative_issued_.resize(E_ * P_);
  if (quantities_) quantity_rows_.resize(kQuantileVars.size() * E_ * T_ * P_);
}

BalanceRows BalanceRun::rows(std::size_t begin, std::size_t end) {
  if (!streaming_)
    return {net_cash_.data(),
            cumulative_issued_.data(),
            quantities_ ? quantity_rows_.data() : nullptr,
            T_,
            P_,
            0};
  // One block's rows, contiguous in row_count()'s order.
  const std::size_t n = end - begin;
  std::vector<double>& scratch = scratch_.local();
  scratch.resize(row_count() * n);
  return {scratch.data(),
          scratch.data() + E_ * T_ * n,
          quantities_ ? scratch.data() + (E_ * T_ + E_) * n : nullptr,
          T_,
          n,
          begin};
}

void BalanceRun::end_block(const BalanceRows& rows, SensitivityCapture& sample) {
  if (!enabled_ || !streaming_) return;
  // Every row of the block (contiguous from rows.net_cash) into its sketch.
  std::vector<QuantileSketch>& sketches = sketches_.this_thread();
  for (std::size_t i = 0; i < row_count(); ++i)
    sketches[i].add(std::span<const double>(rows.net_cash + i * rows.paths, rows.paths));
  for (std::size_t i = 0; i < E_ * T_; ++i)
    sample.capture_net_cash(i, rows.net_cash + i * rows.paths, rows.offset,
                            rows.offset + rows.paths);
}

void BalanceRun::add_to_snapshot(EngineSnapshot& s, std::size_t done) {
  if (!enabled_ || streaming_) return;
  s.reals.push_back({"net_cash", net_cash_.data(), E_ * T_, P_, done});
  s.reals.push_back({"cumulative_issued", cumulative_issued_.data(), E_, P_, done});
  if (quantities_)
    s.reals.push_back(
        {"balance_quantities", quantity_rows_.data(), kQuantileVars.size() * E_ * T_, P_, done});
}

void BalanceRun::collect(Cluster* cluster) {
  if (enabled_ && streaming_) merged_ = sketches_.collect(cluster);
}

void BalanceRun::finish(RunResults& r, std::size_t used) {
  if (!enabled_) return;
  BalanceResults& b = r.balance;
  const std::vector<double>& levels = r.quantile_levels;
  const std::size_t Q = levels.size();
  for (auto* v : {&b.net_cash_quantiles, &b.net_cash_quantiles_lower, &b.net_cash_quantiles_upper})
    v->assign(E_ * T_ * Q, 0.0);
  b.cumulative_issued_quantiles.assign(E_ * Q, 0.0);
  if (quantities_)
    for (BalanceVar v : kQuantileVars)
      b.quantiles[static_cast<std::size_t>(v)].assign(E_ * T_ * Q, 0.0);
  // Rows E x T of net cash (with their 95% intervals, like the surplus'), E of debt issued over
  // the horizon, then E x T of each of kQuantileVars: exact order statistics of the kept rows
  // (each row independent, in parallel), or streaming from their sketches.
  const std::vector<QuantileSketch>& sketches = merged_;
  const std::size_t cells = E_ * T_;
  tbb::parallel_for(std::size_t{0}, row_count(), [&](std::size_t i) {
    const bool net = i < cells;
    const bool quantity = i >= cells + E_;
    const std::size_t row = net ? i : quantity ? i - cells - E_ : i - cells;
    QuantileEstimates q;
    if (streaming_) {
      q = sketch_estimates(sketches[i], used, levels, net);
    } else {
      const double* x = net        ? net_cash_.data()
                        : quantity ? quantity_rows_.data()
                                   : cumulative_issued_.data();
      q = quantiles_with_intervals(std::span<const double>(x + row * P_, used), levels, net);
    }
    if (quantity) {  // row: variable j's cell
      std::vector<double>& out = b.quantiles[static_cast<std::size_t>(kQuantileVars[row / cells])];
      std::copy(q.value.begin(), q.value.end(),
                out.begin() + static_cast<std::ptrdiff_t>(row % cells * Q));
      return;
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
  quantity_rows_ = {};
  merged_ = {};
  if (r.store != StorePaths::all) return;
  if (used < P_)  // a run stopped on precision: keep the first `used` paths of every row
    for (std::size_t i = 0; i < E_ * T_; ++i)
      std::copy_n(net_cash_.data() + i * P_, used, net_cash_.data() + i * used);
  net_cash_.resize(E_ * T_ * used);
  r.path_net_cash = std::move(net_cash_);
}

}  // namespace capexsim
