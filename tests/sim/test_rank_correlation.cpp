//! Midranks and Spearman's rho: hand values with ties, the bivariate-normal closed form within
//! k standard errors, and the matrix form against pairwise values for 1 and 2 threads.
#include <catch2/catch.hpp>

#include <oneapi/tbb/task_arena.h>

#include <boost/math/constants/constants.hpp>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <cstring>
#include <span>
#include <stdexcept>
#include <vector>

#include "../support/same_bits.h"
#include "models/rng.h"
#include "sim/rank_correlation.h"

using namespace capexsim;
using capexsim::test::same_bits;

namespace {

using Columns = std::vector<std::span<const double>>;

//! n draws of (X, Y) standard bivariate normal with correlation rho.
void bivariate_normal(double rho, std::size_t n, std::uint64_t seed, std::vector<double>& x,
                      std::vector<double>& y) {
  Rng rng(seed);
  boost::random::normal_distribution<double> z;
  x.resize(n);
  y.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = z(rng);
    y[i] = rho * x[i] + std::sqrt(1.0 - rho * rho) * z(rng);
  }
}

}  // namespace

TEST_CASE("midranks average the ranks of tied values", "[rank]") {
  // Sorted: 1 1 2 3 3 4 5 5 5 6 9 -> ranks 1.5 1.5 3 4.5 4.5 6 8 8 8 10 11.
  const std::vector<double> x = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5};
  CHECK(midranks(x) == std::vector<double>{4.5, 1.5, 6, 1.5, 8, 11, 3, 10, 8, 4.5, 8});
  CHECK(midranks(std::vector<double>{7, 7, 7, 7}) == std::vector<double>{2.5, 2.5, 2.5, 2.5});
  CHECK(midranks(std::vector<double>{-0.5, 2.0, -3.0}) == std::vector<double>{2, 3, 1});
  CHECK(midranks(std::vector<double>{}).empty());
  // +infinity ranks last, tied with itself ("never" in a first negative year).
  const double inf = HUGE_VAL;
  CHECK(midranks(std::vector<double>{inf, 2025, inf, 2024}) == std::vector<double>{3.5, 2, 3.5, 1});
  CHECK_THROWS_AS(midranks(std::vector<double>{1.0, std::nan("")}), std::invalid_argument);
}

TEST_CASE("midranks follow their definition on awkward values", "[rank]") {
  // rank(x_i) = 1 + #{j: x_j < x_i} + (#{j: x_j == x_i} - 1) / 2, counted directly, on signed
  // values, zeros of both signs (equal), infinities, subnormals and many exact ties.
  std::vector<double> x = {0.0, -0.0, HUGE_VAL, -HUGE_VAL, 4.9e-324, -4.9e-324, 1e300, -1e300};
  Rng rng(7);
  boost::random::normal_distribution<double> z;
  for (int i = 0; i < 1500; ++i) {
    const double v = z(rng);
    x.push_back(i % 3 == 0 ? std::round(v * 2) / 2 : v * std::pow(10.0, i % 7 - 3));
  }
  const std::vector<double> r = midranks(x);
  for (std::size_t i = 0; i < x.size(); ++i) {
    double below = 0, equal = 0;
    for (double v : x) {
      below += v < x[i] ? 1.0 : 0.0;
      equal += v == x[i] ? 1.0 : 0.0;
    }
    INFO("value " << x[i]);
    REQUIRE(r[i] == 1 + below + (equal - 1) / 2);
  }
  CHECK(r[0] == r[1]);  // +0.0 and -0.0 tie
}

TEST_CASE("Spearman's rho on hand-computed samples, with ties", "[rank]") {
  const std::vector<double> a = {1, 2, 3, 4};
  // Centred ranks (-1.5, -0.5, 0.5, 1.5) and (-1, -1, 1, 1): 4 / sqrt(5 * 4) = 2 / sqrt(5).
  CHECK(spearman(a, std::vector<double>{10, 10, 20, 20}) == Approx(2.0 / std::sqrt(5.0)));
  // Monotone transforms do not change it; reversing flips the sign.
  CHECK(spearman(a, std::vector<double>{1, 8, 27, 64}) == 1.0);
  CHECK(spearman(a, std::vector<double>{0.4, 0.3, 0.2, 0.1}) == -1.0);
  // (1, 3, 2, 4): sum of products of centred ranks 4 out of 5 -> 0.8.
  CHECK(spearman(a, std::vector<double>{1, 3, 2, 4}) == Approx(0.8));
  // Undefined: a constant sample, fewer than two values, a NaN.
  CHECK(std::isnan(spearman(a, std::vector<double>{5, 5, 5, 5})));
  CHECK(std::isnan(spearman(std::vector<double>{1}, std::vector<double>{2})));
  CHECK(std::isnan(spearman(a, std::vector<double>{1, std::nan(""), 2, 3})));
  CHECK_THROWS_AS(spearman(a, std::vector<double>{1, 2}), std::invalid_argument);
}

TEST_CASE("Spearman's rho of a bivariate normal sample is (6/pi) asin(rho/2)", "[rank][stats]") {
  // Sampling error of Spearman's rho for a bivariate normal: its Fisher z = atanh(rho_s) has
  // variance about (1 + rho_s^2 / 2) / (n - 3) (Bonett & Wright 2000, Psychometrika 65), so
  // se(rho_s) ~ (1 - rho_s^2) sqrt((1 + rho_s^2 / 2) / (n - 3)); at rho_s = 0 it is the
  // 1 / sqrt(n - 1) of independent samples.
  const std::size_t n = 20000;
  const double k = 5.0, pi = boost::math::constants::pi<double>();
  std::uint64_t seed = 20240818;
  for (double rho : {-0.9, -0.3, 0.0, 0.5, 0.95}) {
    std::vector<double> x, y;
    bivariate_normal(rho, n, ++seed, x, y);
    // A monotone transform of one side changes Pearson's r but not the ranks.
    for (double& v : y) v = std::exp(v);
    const double expected = 6.0 / pi * std::asin(rho / 2.0);
    const double se = (1.0 - expected * expected) *
                      std::sqrt((1.0 + expected * expected / 2.0) / static_cast<double>(n - 3));
    INFO("rho " << rho << " expected " << expected << " se " << se);
    CHECK(std::abs(spearman(x, y) - expected) <= k * se);
  }
}

TEST_CASE("spearman_matrix equals pairwise Spearman and is bitwise the same for 1 and 2 threads",
          "[rank][reproducible]") {
  const std::size_t n = 3001;
  std::vector<std::vector<double>> a(3), b(4);
  bivariate_normal(0.7, n, 1, a[0], b[0]);
  bivariate_normal(-0.4, n, 2, a[1], b[1]);
  bivariate_normal(0.2, n, 3, a[2], b[2]);
  // A column with heavy ties, and a constant one (NaN).
  for (std::size_t i = 0; i < n; ++i) b[2][i] = std::floor(4 * b[2][i]);
  b[3].assign(n, 1.0);
  Columns x(a.begin(), a.end()), y(b.begin(), b.end());
  std::vector<double> one, two;
  tbb::task_arena(1).execute([&] { one = spearman_matrix(x, y); });
  tbb::task_arena(2).execute([&] { two = spearman_matrix(x, y); });
  CHECK(same_bits(one, two));
  REQUIRE(one.size() == 12);
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 4; ++j) {
      INFO("cell " << i << ", " << j);
      const double pair = spearman(x[i], y[j]);
      if (j == 3)
        CHECK((std::isnan(pair) && std::isnan(one[i * 4 + j])));
      else
        CHECK(one[i * 4 + j] == pair);
    }
  CHECK(spearman_matrix(x, Columns{}).empty());
  const std::vector<double> short_column = {1.0, 2.0};
  CHECK_THROWS_AS(spearman_matrix(x, Columns{short_column}), std::invalid_argument);
}
