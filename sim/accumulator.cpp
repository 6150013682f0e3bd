// Block statistics are merged strictly in block order, so every sum has one fixed order of
// floating-point operations whatever the scheduling (docs/engine.md). Standard errors: for mc
// the sample variance over paths (sd / sqrt(n), and sqrt(p (1-p) / n) for probabilities); for
// lhs and sobol, whose paths are not independent, the spread of independent replicate means
// (Owen 2013, Monte Carlo theory, methods and examples, 10.4 and 17.2).
#include "sim/accumulator.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "models/errors.h"
#include "sim/life_table.h"
#include "sim/precision.h"

namespace capexsim {

Accumulator::Accumulator(std::size_t entities, std::size_t years, SamplerKind sampler,
                         std::uint64_t replicates, bool balance)
    : E_(entities),
      T_(years),
      sampler_(sampler),
      R_(sampler == SamplerKind::mc ? 0 : replicates),
      reps_(R_, entities * years, kRepFields) {
  if (balance) balance_.emplace(E_, T_, R_);
  const std::size_t ET = E_ * T_;
  for (auto& f : flows_) f.assign(ET, MeanVar{});
  surplus_.assign(ET, MeanVar{});
  for (auto* v : {&negative_, &first_negative_, &ocf_growth_floored_, &capex_growth_floored_})
    v->assign(ET, 0);
  never_.assign(E_, 0);
}

std::size_t Accumulator::replicate_of(std::uint64_t block) const {
  return static_cast<std::size_t>(block % R_);
}

void Accumulator::add(std::uint64_t b, const BlockStats& block) {
  const std::size_t ET = E_ * T_;
  n_ += block.n;
  for (std::size_t i = 0; i < ET; ++i) {
    const CellStats& cell = block.cells[i];
    for (int f = 0; f < kFlowCount; ++f) flows_[f][i].merge(cell.flows[f].mean_var(block.n));
    surplus_[i].merge(cell.surplus);
    negative_[i] += cell.negative;
    first_negative_[i] += cell.first_negative;
    ocf_growth_floored_[i] += cell.ocf_growth_floored;
    capex_growth_floored_[i] += cell.capex_growth_floored;
  }
  for (std::size_t e = 0; e < E_; ++e) never_[e] += block.never_negative[e];
  const std::size_t r = R_ == 0 ? 0 : replicate_of(b);
  if (balance_) balance_->add(r, block.n, block.balance);
  if (R_ == 0) return;
  reps_.add_block(r, block.n);
  for (std::size_t i = 0; i < ET; ++i) {
    for (int f = 0; f < kFlowCount; ++f)
      reps_.add(r, i, f, block.cells[i].flows[f].mean_var(block.n).mean * block.n);
    reps_.add(r, i, kFlowCount, block.cells[i].surplus.mean * block.n);
    reps_.add(r, i, kFlowCount + 1, static_cast<double>(block.cells[i].negative));
  }
}

AccumulatorState Accumulator::state() const {
  AccumulatorState s;
  s.reals.push_back(n_);
  auto put = [&](const std::vector<MeanVar>& v) {
    for (const MeanVar& m : v) s.reals.insert(s.reals.end(), {m.n, m.mean, m.m2});
  };
  for (const auto& f : flows_) put(f);
  put(surplus_);
  for (const auto* v :
       {&negative_, &first_negative_, &ocf_growth_floored_, &capex_growth_floored_, &never_})
    s.counts.insert(s.counts.end(), v->begin(), v->end());
  reps_.append(s.reals, s.counts);  // replicate sums after the reals, replicates used last
  if (balance_) balance_->append(s);
  return s;
}

void Accumulator::restore(const AccumulatorState& saved) {
  const AccumulatorState shape = state();
  if (saved.reals.size() != shape.reals.size() || saved.counts.size() != shape.counts.size())
    throw InputError("the saved accumulator has " + std::to_string(saved.reals.size()) +
                     " sums and " + std::to_string(saved.counts.size()) +
                     " counts; this run needs " + std::to_string(shape.reals.size()) + " and " +
                     std::to_string(shape.counts.size()));
  auto real = saved.reals.begin();
  n_ = *real++;
  auto get = [&](std::vector<MeanVar>& v) {
    for (MeanVar& m : v) {
      m.n = *real++;
      m.mean = *real++;
      m.m2 = *real++;
    }
  };
  for (auto& f : flows_) get(f);
  get(surplus_);
  auto count = saved.counts.begin();
  for (auto* v :
       {&negative_, &first_negative_, &ocf_growth_floored_, &capex_growth_floored_, &never_}) {
    std::copy(count, count + static_cast<std::ptrdiff_t>(v->size()), v->begin());
    count += static_cast<std::ptrdiff_t>(v->size());
  }
  reps_.restore(real, count);
  if (balance_) balance_->restore(real, count);
}

double Accumulator::mean_stderr(std::size_t idx, int field) const {
  if (R_ > 0) return reps_.stderr_of(idx, static_cast<std::size_t>(field));
  const MeanVar& mv = field < kFlowCount ? flows_[field][idx] : surplus_[idx];
  return mv.n > 0 ? std::sqrt(mv.variance() / mv.n) : std::numeric_limits<double>::quiet_NaN();
}

std::pair<double, double> Accumulator::prob_negative(std::size_t i) const {
  const double p = static_cast<double>(negative_[i]) / n_;
  return {p, R_ > 0 ? reps_.stderr_of(i, kFlowCount + 1) : std::sqrt(p * (1 - p) / n_)};
}

std::pair<double, double> Accumulator::estimate(const TargetStatistic& target) const {
  const std::size_t e = target.entity < 0 ? E_ - 1 : static_cast<std::size_t>(target.entity);
  const std::size_t t = target.year < 0 ? T_ - 1 : static_cast<std::size_t>(target.year);
  const std::size_t i = index(e, t);
  switch (target.kind) {
    case TargetStatistic::Kind::prob_negative:
      return prob_negative(i);
    case TargetStatistic::Kind::surplus_mean:
      return {surplus_[i].mean, mean_stderr(i, kFlowCount)};
    case TargetStatistic::Kind::ocf_mean:
      return {flows_[0][i].mean, mean_stderr(i, 0)};
    case TargetStatistic::Kind::capex_mean:
      return {flows_[3][i].mean, mean_stderr(i, 3)};
    case TargetStatistic::Kind::surplus_quantile:  // need the whole run
                                                   // (analysis/result_statistic.h)
    case TargetStatistic::Kind::survival:
    case TargetStatistic::Kind::net_cash_quantile:
    case TargetStatistic::Kind::balance_survival:
      break;
    case TargetStatistic::Kind::balance_mean:  // NaN without a balance sheet
      if (balance_) return balance_->mean(target.var, i);
      break;
    case TargetStatistic::Kind::balance_prob:
      if (balance_) return balance_->prob(target.event, i);
      break;
  }
  return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
}

void Accumulator::finish(RunResults& r) const {
  const std::size_t ET = E_ * T_;
  std::vector<double>* means[kFlowCount] = {&r.ocf_mean, &r.buybacks_mean, &r.dividends_mean,
                                            &r.capex_mean};
  std::vector<double>* errors[kFlowCount] = {&r.ocf_mean_stderr, &r.buybacks_mean_stderr,
                                             &r.dividends_mean_stderr, &r.capex_mean_stderr};
  for (int f = 0; f < kFlowCount; ++f) {
    means[f]->assign(ET, 0.0);
    errors[f]->assign(ET, 0.0);
  }
  for (auto* v :
       {&r.surplus_mean, &r.surplus_std, &r.surplus_mean_stderr, &r.prob_negative,
        &r.prob_negative_stderr, &r.prob_negative_lower, &r.prob_negative_upper, &r.usage_ratio})
    v->assign(ET, 0.0);
  for (std::size_t i = 0; i < ET; ++i) {
    for (int f = 0; f < kFlowCount; ++f) {
      (*means[f])[i] = flows_[f][i].mean;
      (*errors[f])[i] = mean_stderr(i, f);
    }
    r.surplus_mean[i] = surplus_[i].mean;
    r.surplus_std[i] = std::sqrt(surplus_[i].variance());
    r.surplus_mean_stderr[i] = mean_stderr(i, kFlowCount);
    const auto [p, se] = prob_negative(i);
    r.prob_negative[i] = p;
    r.prob_negative_stderr[i] = se;
    const auto [lo, hi] = wilson_interval_se(p, se, n_);
    r.prob_negative_lower[i] = lo;
    r.prob_negative_upper[i] = hi;
    r.usage_ratio[i] = (r.buybacks_mean[i] + r.dividends_mean[i] + r.capex_mean[i]) / r.ocf_mean[i];
  }
  // Survival and hazard from the first-negative-year counts (life-table form).
  LifeTable life = life_table(first_negative_, n_, E_, T_);
  r.survival = std::move(life.survival);
  r.survival_lower = std::move(life.survival_lower);
  r.survival_upper = std::move(life.survival_upper);
  r.hazard = std::move(life.hazard);
  r.hazard_lower = std::move(life.hazard_lower);
  r.hazard_upper = std::move(life.hazard_upper);
  r.first_negative_counts = first_negative_;
  r.never_negative_counts = never_;
  r.ocf_growth_floored = ocf_growth_floored_;
  r.capex_growth_floored = capex_growth_floored_;
  r.replicates = R_ == 0 ? 0 : reps_.used();
  if (balance_) balance_->finish(r.balance);
}

}  // namespace capexsim
