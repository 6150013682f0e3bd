//! What one block of paths contributes to the summary; blocks are merged in block order.
#pragma once

#include <cstdint>
#include <vector>

namespace capexsim {

//! Count, mean and sum of squared deviations; merged with Chan et al.'s pairwise update
//! (Chan, Golub & LeVeque 1979), which is exact in real arithmetic and stable in floating point.
struct MeanVar {
  double n = 0, mean = 0, m2 = 0;

  void merge(const MeanVar& o) {
    if (o.n == 0) return;
    const double total = n + o.n;
    const double delta = o.mean - mean;
    mean += delta * (o.n / total);
    m2 += o.m2 + delta * delta * (n * o.n / total);
    n = total;
  }
  double variance() const { return n > 1 ? m2 / (n - 1) : 0.0; }
};

//! Per-block sums and counts; (entity, year) arrays are row-major like RunResults.
struct BlockStats {
  std::vector<double> sum_ocf, sum_buybacks, sum_dividends, sum_capex;
  std::vector<MeanVar> surplus;
  std::vector<std::int64_t> negative, first_negative, ocf_floored, capex_floored;
  std::vector<std::int64_t> never_negative;  // (entity)

  void resize(std::size_t entity_years, std::size_t entities) {
    for (auto* v : {&sum_ocf, &sum_buybacks, &sum_dividends, &sum_capex})
      v->assign(entity_years, 0.0);
    surplus.assign(entity_years, MeanVar{});
    for (auto* v : {&negative, &first_negative, &ocf_floored, &capex_floored})
      v->assign(entity_years, 0);
    never_negative.assign(entities, 0);
  }
};

}  // namespace capexsim
