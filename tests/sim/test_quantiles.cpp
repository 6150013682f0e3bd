#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "sim/quantiles.h"

using capexsim::quantiles;

namespace {
// Reference: full sort, then type 7 (numpy's default) written out directly.
double reference_quantile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const double h = static_cast<double>(v.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(h);
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  if (h == static_cast<double>(lo)) return v[lo];
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}
}  // namespace

TEST_CASE("quantiles match a full sort (type 7) including ties and the ends", "[quantiles]") {
  const std::vector<double> levels = {0.0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.5, 0.75, 0.9, 0.99, 1.0};
  std::mt19937_64 rng(7);
  for (std::size_t n : {1u, 2u, 3u, 10u, 101u, 1000u, 4097u}) {
    std::vector<double> v(n);
    std::uniform_int_distribution<int> d(0, 50);  // many ties
    for (double& x : v) x = d(rng) * 0.5;
    std::vector<double> work = v;
    const std::vector<double> q = quantiles(work, levels);
    for (std::size_t i = 0; i < levels.size(); ++i) {
      INFO("n=" << n << " p=" << levels[i]);
      CHECK(q[i] == Approx(reference_quantile(v, levels[i])).margin(1e-12));
    }
  }
}

TEST_CASE("large samples (bucket selection) match a full sort, whatever their shape",
          "[quantiles]") {
  const std::vector<double> levels = {0.0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0};
  std::mt19937_64 rng(11);
  std::normal_distribution<double> normal;
  std::uniform_int_distribution<int> small(0, 20);
  std::uniform_real_distribution<double> unit;
  std::vector<std::vector<double>> samples(7, std::vector<double>(100003));
  for (double& x : samples[0]) x = normal(rng);
  for (double& x : samples[1]) x = small(rng);                 // heavy ties
  for (double& x : samples[2]) x = std::exp(4 * normal(rng));  // most values in one bin
  for (double& x : samples[3]) x = normal(rng);
  samples[3][17] = std::numeric_limits<double>::infinity();  // non-finite: fallback path
  // Heavy atoms in a large bin (selected, not sorted): at the least value (debt issued: mostly
  // none), in the middle, and +0 with -0 (sorted).
  for (double& x : samples[4]) x = unit(rng) < 0.8 ? 0.0 : std::exp(normal(rng));
  for (double& x : samples[5]) x = unit(rng) < 0.7 ? 0.25 : normal(rng);
  for (double& x : samples[6]) x = unit(rng) < 0.6 ? (unit(rng) < 0.5 ? -0.0 : 0.0) : normal(rng);
  for (std::size_t s = 0; s < samples.size(); ++s) {
    std::vector<double> work = samples[s];
    const std::vector<double> q = quantiles(work, levels);
    for (std::size_t i = 0; i < levels.size(); ++i) {
      INFO("sample " << s << " p=" << levels[i]);
      CHECK(q[i] == reference_quantile(samples[s], levels[i]));
    }
  }
  std::vector<double> constant(50000, 3.25);
  CHECK(quantiles(constant, levels) == std::vector<double>(levels.size(), 3.25));
}

TEST_CASE("quantiles of known values", "[quantiles]") {
  std::vector<double> v = {4, 1, 3, 2};  // sorted 1 2 3 4
  const auto q = quantiles(v, {
                                  0.0,
                                  0.5,
                                  1.0,
                              });
  CHECK(q[0] == 1.0);
  CHECK(q[1] == 2.5);
  CHECK(q[2] == 4.0);
}

TEST_CASE("quantile levels must be ascending in [0,1]", "[quantiles]") {
  std::vector<double> v = {1, 2, 3};
  CHECK_THROWS(quantiles(v, {0.5, 0.1}));
  CHECK_THROWS(quantiles(v, {1.5}));
}
