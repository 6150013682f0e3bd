#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "analysis/scoring.h"

using namespace capexsim;

namespace {

//! CRPS of N(mu, sigma) at y (Gneiting & Raftery 2007, eq. 5).
double normal_crps(double mu, double sigma, double y) {
  const double z = (y - mu) / sigma;
  const double pi = std::acos(-1.0);
  const double phi = std::exp(-0.5 * z * z) / std::sqrt(2 * pi);
  const double Phi = 0.5 * std::erfc(-z / std::sqrt(2.0));
  return sigma * (z * (2 * Phi - 1) + 2 * phi - 1 / std::sqrt(pi));
}

//! The O(n^2) definition, for small samples.
double brute_crps(const std::vector<double>& x, double y) {
  const double n = static_cast<double>(x.size());
  double a = 0, b = 0;
  for (double xi : x) {
    a += std::abs(xi - y);
    for (double xj : x) b += std::abs(xi - xj);
  }
  return a / n - b / (2 * n * n);
}

}  // namespace

TEST_CASE("PIT: 0 below every path, 1 above, mid-rank for ties", "[scoring]") {
  std::vector<double> x = {1, 2, 2, 3, 4};
  std::sort(x.begin(), x.end());
  CHECK(pit_sorted(x, 0.5) == 0.0);
  CHECK(pit_sorted(x, 1.0) == Approx(0.1));  // one tie: half of 1/5
  CHECK(pit_sorted(x, 2.0) == Approx(0.4));  // one below, two tied
  CHECK(pit_sorted(x, 2.5) == Approx(0.6));
  CHECK(pit_sorted(x, 4.0) == Approx(0.9));
  CHECK(pit_sorted(x, 4.5) == 1.0);
  const SampleScores s = score_sample({5, 5, 5}, 5);  // all tied: the middle
  CHECK(s.pit == Approx(0.5));
  CHECK(s.crps == Approx(0.0).margin(1e-15));
}

TEST_CASE("Coverage flags use the 25/75 and 5/95 sample quantiles", "[scoring]") {
  std::vector<double> x(101);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>(i);  // q_p = 100 p
  CHECK(quantile_sorted(x, 0.25) == Approx(25));
  CHECK(in_central_interval(x, 0.5, 25.0));
  CHECK(in_central_interval(x, 0.5, 75.0));
  CHECK_FALSE(in_central_interval(x, 0.5, 24.9));
  CHECK_FALSE(in_central_interval(x, 0.5, 75.1));
  CHECK(in_central_interval(x, 0.9, 5.0));
  CHECK(in_central_interval(x, 0.9, 95.0));
  CHECK_FALSE(in_central_interval(x, 0.9, 4.9));
  CHECK_FALSE(in_central_interval(x, 0.9, 95.1));
  const SampleScores s = score_sample(x, 80);  // outside 50%, inside 90%
  CHECK_FALSE(s.in50);
  CHECK(s.in90);
  CHECK(s.median == Approx(50));
}

TEST_CASE("CRPS equals the O(n^2) definition on small samples with ties", "[scoring]") {
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<int> d(-5, 5);
  for (std::size_t n : {1u, 2u, 7u, 50u}) {
    std::vector<double> x(n);
    for (double& v : x) v = d(rng);
    for (double y : {-6.0, -0.5, 0.0, 3.0, 9.0}) {
      INFO("n = " << n << ", y = " << y);
      CHECK(score_sample(x, y).crps == Approx(brute_crps(x, y)).epsilon(1e-12));
    }
  }
}

TEST_CASE("CRPS of a large normal sample matches the closed form within 4 standard errors",
          "[scoring]") {
  // R independent samples of n: the spread of the R sample CRPS values gives the standard error
  // of their mean. The sample CRPS is biased up by E|X - X'| / (2n) = sigma / (sqrt(pi) n)
  // (the V-statistic counts the n zero pairs i = j), which is added to the expectation.
  const double mu = 3, sigma = 2, pi = std::acos(-1.0);
  constexpr int kR = 20;
  constexpr std::size_t kN = 50000;
  std::mt19937_64 rng(20070301);
  std::normal_distribution<double> normal(mu, sigma);
  for (double y : {3.0, 4.5, -1.0, 12.0}) {
    double sum = 0, sum2 = 0;
    for (int r = 0; r < kR; ++r) {
      std::vector<double> x(kN);
      for (double& v : x) v = normal(rng);
      const double c = score_sample(std::move(x), y).crps;
      sum += c;
      sum2 += c * c;
    }
    const double mean = sum / kR;
    const double se = std::sqrt((sum2 / kR - mean * mean) / (kR - 1));
    const double expected = normal_crps(mu, sigma, y) + sigma / (std::sqrt(pi) * kN);
    INFO("y = " << y << ": mean " << mean << ", expected " << expected << ", se " << se);
    CHECK(se > 0);
    CHECK(std::abs(mean - expected) < 4 * se);
  }
}

TEST_CASE("Scoring an empty sample throws", "[scoring]") {
  CHECK_THROWS_AS(score_sample({}, 1.0), std::invalid_argument);
}
