// Aggregation of the scored cells (analysis/evaluation.h): every cell counts towards its own
// (lead, flow, entity) and towards each pooled entry ("all") of the axes, so that one cube holds
// the per-lead-and-flow table, the per-flow and per-lead margins and the overall figures.
#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>
#include <tuple>

#include "analysis/evaluation.h"
#include "sim/precision.h"

namespace capexsim {
namespace {

//! Running sums of one cube entry.
struct Sums {
  std::int64_t n = 0;
  double in50 = 0, in90 = 0, crps = 0, crps_seed = 0, crps_naive = 0;
  std::array<std::int64_t, kPitBins> bins{};
  void add(const EvaluationCell& c) {
    ++n;
    in50 += c.in50;
    in90 += c.in90;
    crps += c.crps;
    crps_seed += c.crps_seed;
    crps_naive += c.crps_naive;
    ++bins[static_cast<std::size_t>(pit_bin(c.pit))];
  }
};

void resize(EvaluationSummary& s, std::size_t cells) {
  for (auto* v : {&s.in50, &s.in50_lower, &s.in50_upper, &s.in90, &s.in90_lower, &s.in90_upper,
                  &s.pit_chi2, &s.pit_p, &s.crps, &s.crps_seed, &s.crps_naive})
    v->assign(cells, kEvalNaN);
  s.n.assign(cells, 0);
  s.pit_counts.assign(cells * kPitBins, 0);
}

//! Writes the entry's statistics at index i.
void finish(EvaluationSummary& s, std::size_t i, const Sums& a) {
  s.n[i] = a.n;
  std::copy(a.bins.begin(), a.bins.end(), s.pit_counts.begin() + static_cast<long>(i * kPitBins));
  if (a.n == 0) return;
  const auto n = static_cast<double>(a.n);
  s.in50[i] = a.in50 / n;
  s.in90[i] = a.in90 / n;
  std::tie(s.in50_lower[i], s.in50_upper[i]) = wilson_interval(s.in50[i], n);
  std::tie(s.in90_lower[i], s.in90_upper[i]) = wilson_interval(s.in90[i], n);
  const ChiSquareTest t = uniformity_test(a.bins);
  s.pit_chi2[i] = t.statistic;
  s.pit_p[i] = t.p_value;
  s.crps[i] = a.crps / n;
  s.crps_seed[i] = a.crps_seed / n;
  s.crps_naive[i] = a.crps_naive / n;
}

}  // namespace

int pit_bin(double pit) {
  return std::clamp(static_cast<int>(std::floor(pit * kPitBins)), 0, kPitBins - 1);
}

ChiSquareTest uniformity_test(std::span<const std::int64_t> counts) {
  ChiSquareTest t;
  t.df = static_cast<int>(counts.size()) - 1;
  std::int64_t n = 0;
  for (std::int64_t c : counts) n += c;
  if (n == 0 || t.df < 1) return t;
  const double expected = static_cast<double>(n) / static_cast<double>(counts.size());
  t.statistic = 0;
  for (std::int64_t c : counts) {
    const double d = static_cast<double>(c) - expected;
    t.statistic += d * d / expected;
  }
  t.p_value =
      boost::math::cdf(boost::math::complement(boost::math::chi_squared(t.df), t.statistic));
  return t;
}

EvaluationSummary summarize(std::span<const EvaluationCell> cells, int horizon,
                            const std::vector<std::string>& entities) {
  EvaluationSummary s;
  for (int l = 1; l <= horizon; ++l) s.leads.push_back(l);
  s.leads.push_back(0);
  s.flows.assign(kEvalFlowNames.begin(), kEvalFlowNames.end());
  s.flows.emplace_back("all");
  s.entities = entities;
  s.entities.emplace_back("all");
  const std::size_t nl = s.leads.size(), nf = s.flows.size(), ne = s.entities.size();
  std::vector<Sums> sums(nl * nf * ne);
  for (const EvaluationCell& c : cells) {
    const auto l = static_cast<std::size_t>(c.lead() - 1);
    const auto f = static_cast<std::size_t>(c.flow), e = static_cast<std::size_t>(c.entity);
    for (std::size_t li : {l, nl - 1})
      for (std::size_t fi : {f, nf - 1})
        for (std::size_t ei : {e, ne - 1}) sums[s.index(li, fi, ei)].add(c);
  }
  resize(s, sums.size());
  for (std::size_t i = 0; i < sums.size(); ++i) finish(s, i, sums[i]);
  return s;
}

}  // namespace capexsim
