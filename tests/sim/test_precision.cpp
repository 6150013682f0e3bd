#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "sim/precision.h"

using namespace capexsim;

TEST_CASE("Wilson interval: known values and edge cases", "[precision]") {
  // p = 0.5, n = 100: centre 0.5, half width z sqrt(0.25/100 + z^2/40000) / (1 + z^2/100).
  const auto [lo, hi] = wilson_interval(0.5, 100);
  const double z = kZ95, half = z * std::sqrt(0.0025 + z * z / 40000) / (1 + z * z / 100);
  CHECK(lo == Approx(0.5 - half).epsilon(1e-12));
  CHECK(hi == Approx(0.5 + half).epsilon(1e-12));
  const auto [lo0, hi0] = wilson_interval(0.0, 1000);  // never negative: a non-zero upper bound
  CHECK(lo0 == 0.0);
  CHECK(hi0 == Approx(z * z / 1000 / (1 + z * z / 1000)).epsilon(1e-9));
  const auto [lo1, hi1] = wilson_interval(1.0, 1000);
  CHECK(hi1 == 1.0);
  CHECK(lo1 < 1.0);
}

TEST_CASE("order-statistic interval ranks", "[precision]") {
  // n = 10000, p = 0.5: n p = 5000, z sqrt(n p q) = 98.0 -> ranks 4902 and 5098 (1-based).
  const auto [lo, hi] = quantile_interval_ranks(10000, 0.5);
  CHECK(lo == 4901);
  CHECK(hi == 5097);
  const auto [a, b] = quantile_interval_ranks(10, 0.01);  // clamped to the sample
  CHECK(a == 0);
  CHECK(b <= 9);
  const auto [c, d] = quantile_interval_ranks(1, 0.5);
  CHECK(c == 0);
  CHECK(d == 0);
}

TEST_CASE("replicate standard error", "[precision]") {
  const std::vector<double> m = {1, 2, 3, 4}, w = {1, 1, 1, 1};
  // sd of {1,2,3,4} = sqrt(5/3); / sqrt(4).
  CHECK(replicate_stderr(m, w) == Approx(std::sqrt(5.0 / 3.0) / 2).epsilon(1e-12));
  CHECK(std::isnan(replicate_stderr(std::vector<double>{1}, std::vector<double>{1})));
}
