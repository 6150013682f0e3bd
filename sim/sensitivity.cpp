// Rank-correlation sensitivity analysis (Saltelli et al., "Global Sensitivity Analysis: The
// Primer", 2008, sec. 1.2.5; Iman & Conover 1979 for rank transforms of Monte Carlo samples):
// Spearman's rho between each sampled input and each outcome over the same paths. The first
// negative year is ranked with "never within the horizon" above every calendar year, so that a
// later deficit, like a larger surplus, ranks higher.
#include "sim/sensitivity.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include "sim/rank_correlation.h"

namespace capexsim {

std::vector<SensitivityInput> sensitivity_inputs(const Scenario& scenario) {
  std::vector<SensitivityInput> out;
  for (std::size_t c = 0; c < scenario.companies.size(); ++c)
    for (int p = 0; p < kParamCount; ++p) {
      const std::vector<Distribution>& by_year = scenario.companies[c].params[p].by_year;
      for (std::size_t t = 0; t < by_year.size() && t < scenario.years.size(); ++t)
        if (!by_year[t].is_fixed()) out.push_back({c, p, t});
    }
  return out;
}

RankSensitivity rank_sensitivity(const Scenario& scenario,
                                 const std::vector<SensitivityInput>& inputs,
                                 const SensitivitySample& sample) {
  const std::size_t K = inputs.size(), E = scenario.companies.size() + 1, T = scenario.years.size();
  if (sample.draws.size() != K || sample.surplus.size() != E * T ||
      sample.first_negative_year.size() != E ||
      (!sample.net_cash.empty() && sample.net_cash.size() != E * T))
    throw std::invalid_argument("rank_sensitivity: the sample does not match the scenario");
  RankSensitivity s;
  // A rank correlation needs two paths: a run of one path has no sensitivity (as none drawn).
  if (K == 0 || sample.draws[0].size() < 2) return s;
  const std::size_t n = sample.draws[0].size();
  s.paths = n;
  for (const SensitivityInput& in : inputs) {
    const Company& company = scenario.companies[in.company];
    const int year = scenario.years[in.year];
    s.inputs.push_back(company.name + "." + kParamNames[static_cast<std::size_t>(in.param)] + "." +
                       std::to_string(year));
    s.input_company.push_back(company.name);
    s.input_parameter.push_back(kParamNames[static_cast<std::size_t>(in.param)]);
    s.input_year.push_back(year);
  }
  // One matrix against every outcome, so that each input is ranked once: the surpluses, then
  // the first negative years with "never" (0) ranked after every calendar year (+infinity).
  std::vector<std::span<const double>> outcomes(sample.surplus.begin(), sample.surplus.end());
  std::vector<std::vector<double>> first(E, std::vector<double>(n));
  for (std::size_t e = 0; e < E; ++e) {
    const std::span<const std::int32_t> years = sample.first_negative_year[e];
    if (years.size() != n)
      throw std::invalid_argument("rank_sensitivity: first negative years of another length");
    for (std::size_t i = 0; i < n; ++i)
      first[e][i] =
          years[i] == 0 ? std::numeric_limits<double>::infinity() : static_cast<double>(years[i]);
    outcomes.emplace_back(first[e]);
  }
  // With financing, the net cash of every (entity, year) after them.
  outcomes.insert(outcomes.end(), sample.net_cash.begin(), sample.net_cash.end());
  const std::size_t net = sample.net_cash.size();
  const std::vector<double> rho = spearman_matrix(sample.draws, outcomes);
  const std::size_t cols = outcomes.size();
  for (std::size_t i = 0; i < K; ++i) {
    const auto row = rho.begin() + static_cast<std::ptrdiff_t>(i * cols);
    s.spearman_surplus.insert(s.spearman_surplus.end(), row,
                              row + static_cast<std::ptrdiff_t>(E * T));
    s.spearman_first_negative.insert(s.spearman_first_negative.end(),
                                     row + static_cast<std::ptrdiff_t>(E * T),
                                     row + static_cast<std::ptrdiff_t>(E * T + E));
    s.spearman_net_cash.insert(s.spearman_net_cash.end(),
                               row + static_cast<std::ptrdiff_t>(E * T + E),
                               row + static_cast<std::ptrdiff_t>(E * T + E + net));
  }
  return s;
}

std::uint64_t sensitivity_memory_bytes(std::uint64_t inputs, std::uint64_t entities,
                                       std::uint64_t years, std::uint64_t n, std::uint64_t threads,
                                       bool balance) {
  if (inputs == 0 || n == 0) return 0;
  // Captured: the draws, the first negative years and, with financing, the net cash.
  const std::uint64_t capture = inputs * n * sizeof(double) + entities * n * sizeof(std::int32_t) +
                                (balance ? entities * years * n * sizeof(double) : 0);
  // The first negative years as doubles and the ranks of every outcome, kept; each worker ranks
  // one input at a time: its ranks and two sort buffers of (key, position), 40 bytes a value.
  const std::uint64_t outcomes = entities * years * (balance ? 2 : 1) + entities;
  const std::uint64_t ranking = entities * n * sizeof(double) + outcomes * n * sizeof(double) +
                                std::max<std::uint64_t>(threads, 1) * n * 40;
  return capture + ranking;
}

std::vector<std::size_t> strongest(std::span<const double> rho, std::size_t top) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < rho.size(); ++i)
    if (!std::isnan(rho[i])) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::abs(rho[a]) > std::abs(rho[b]);
  });
  if (order.size() > top) order.resize(top);
  return order;
}

}  // namespace capexsim
