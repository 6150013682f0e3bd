//! Distribution: each sampler against its closed form (mean, variance, Kolmogorov-Smirnov),
//! exact truncation, quantile/CDF round trips, degenerate and invalid parameters.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <iomanip>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/distribution.h"
#include "tests/support/ks.h"

using capexsim::DistKind;
using capexsim::Distribution;
using capexsim::Rng;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kSigmas = 5.0;    // k standard errors for the moment checks
constexpr double kKsAlpha = 1e-4;  // significance level of the Kolmogorov-Smirnov checks
constexpr std::size_t kDraws = 400'000;
constexpr std::uint64_t kSeed = 20240818;

std::vector<double> draw(const Distribution& d, std::size_t n, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<double> xs(n);
  for (double& x : xs) x = d.sample(rng);
  return xs;
}

struct Moments {
  double mean = 0, var = 0, m4 = 0;
};

Moments central_moments(const std::vector<double>& xs) {
  const double n = static_cast<double>(xs.size());
  Moments m;
  for (double x : xs) m.mean += x;
  m.mean /= n;
  for (double x : xs) {
    const double d2 = (x - m.mean) * (x - m.mean);
    m.var += d2;
    m.m4 += d2 * d2;
  }
  m.var /= n;
  m.m4 /= n;
  return m;
}

// The KS statistic and critical value: tests/support/ks.h.
double ks_critical(std::size_t n) {
  return capexsim::test::ks_critical(static_cast<double>(n), kKsAlpha);
}
using capexsim::test::ks_statistic;

void check_ks(const std::vector<double>& xs, const Distribution& d) {
  const double stat = ks_statistic(xs, d);
  INFO(d.describe() << ": KS D = " << stat << ", critical " << ks_critical(xs.size()));
  CHECK(stat <= ks_critical(xs.size()));
}

void check_moments(const std::vector<double>& xs, const Distribution& d) {
  const Moments m = central_moments(xs);
  const double n = static_cast<double>(xs.size());
  const double se_mean = std::sqrt(d.variance() / n);
  const double se_var = std::sqrt((m.m4 - m.var * m.var) / n);
  INFO(d.describe() << ": sample mean " << m.mean << " vs " << d.mean() << " (SE " << se_mean
                    << "); sample variance " << m.var << " vs " << d.variance() << " (SE " << se_var
                    << ")");
  CHECK(std::abs(m.mean - d.mean()) <= kSigmas * se_mean);
  CHECK(std::abs(m.var - d.variance()) <= kSigmas * se_var);
}

void check_inside_support(const std::vector<double>& xs, const Distribution& d) {
  const auto [lo, hi] = std::minmax_element(xs.begin(), xs.end());
  INFO(std::setprecision(17) << d.describe() << ": draws in [" << *lo << ", " << *hi << "]");
  CHECK(*lo >= d.support_min());
  CHECK(*hi <= d.support_max());
}

//! Draws, support, mean and variance (when they exist) and KS for one distribution.
void check_sampler(const Distribution& d, std::size_t n = kDraws, bool moments = true) {
  const auto xs = draw(d, n, kSeed);
  check_inside_support(xs, d);
  if (moments) check_moments(xs, d);
  check_ks(xs, d);
}

// The CDF's change across +-8 ulps of x: how closely any double can place a quantile.
double cdf_resolution(const Distribution& d, double x) {
  double lo = x, hi = x;
  for (int i = 0; i < 8; ++i) lo = std::nextafter(lo, -kInf), hi = std::nextafter(hi, kInf);
  return d.cdf(hi) - d.cdf(lo);
}

// The CDFs are accurate to a few ulps of 1; with tail_relative, to a few ulps of p itself.
void check_cdf_inverts_quantile(const Distribution& d, double p, bool tail_relative = false) {
  const double x = d.quantile(p);
  const double tolerance =
      cdf_resolution(d, x) + 8 * std::numeric_limits<double>::epsilon() * (tail_relative ? p : 1);
  INFO(d.describe() << ": p = " << p << ", x = " << x << ", tolerance " << tolerance);
  CHECK(std::abs(d.cdf(x) - p) <= tolerance);
}

// cdf(quantile(p)) = p up to the resolution of doubles near the quantile, and
// quantile(cdf(x)) = x to a relative 1e-9 (rounding magnified where the density is small).
void check_round_trips(const Distribution& d, double scale) {
  for (double p : {1e-6, 1e-3, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1 - 1e-6}) {
    check_cdf_inverts_quantile(d, p);
    const double x = d.quantile(p);
    INFO(d.describe() << ": p = " << p << ", x = " << x);
    CHECK(d.quantile(d.cdf(x)) == Approx(x).epsilon(1e-9).margin(1e-9 * scale));
  }
  CHECK(d.quantile(0) == d.support_min());
  CHECK(d.quantile(1) == d.support_max());
}

}  // namespace

TEST_CASE("the sampler checks reject a wrong distribution", "[distribution][power]") {
  const auto xs = draw(Distribution::normal(0, 1), kDraws, kSeed);
  CHECK(ks_statistic(xs, Distribution::normal(0.03, 1)) > ks_critical(xs.size()));
  CHECK(ks_statistic(xs, Distribution::student_t(0, 1, 30)) > ks_critical(xs.size()));
}

TEST_CASE("fixed returns its value and consumes no random numbers", "[distribution]") {
  const auto d = Distribution::fixed(0.15);
  Rng rng(kSeed);
  const Rng before = rng;
  CHECK(d.sample(rng) == 0.15);
  CHECK(rng == before);
  CHECK(d.is_fixed());
  CHECK(d.mean() == 0.15);
  CHECK(d.variance() == 0);
  CHECK(d.cdf(0.1499) == 0);
  CHECK(d.cdf(0.15) == 1);
  CHECK(d.quantile(0.3) == 0.15);
  CHECK(d.support_min() == 0.15);
  CHECK(d.support_max() == 0.15);
  check_ks(draw(d, 1000, kSeed), d);
}

TEST_CASE("normal matches its closed form", "[distribution][normal]") {
  const auto d = Distribution::normal(0.15, 0.05);
  CHECK(d.mean() == 0.15);
  CHECK(d.variance() == Approx(0.0025).epsilon(1e-14));
  check_sampler(d);
  check_round_trips(d, 0.05);
}

TEST_CASE("truncated normal is exact and stays inside [min, max]", "[distribution][normal]") {
  const double mu = 0.15, sd = 0.05;
  auto at = [&](double z) { return z == kInf || z == -kInf ? z : mu + z * sd; };
  // Bounds in standard deviations from the mean: mild, one-sided (both rejection and
  // inversion), narrow central, deep and far tails on both sides, a one-sided far tail.
  const std::vector<std::pair<double, double>> cases = {
      {-2, 3}, {-1, kInf}, {0, kInf}, {-kInf, -1}, {-0.01, 0.01}, {-0.3, 0.2},
      {3, 4},  {6, 7},     {-7, -6},  {5, kInf},   {-kInf, -9},   {20, 20.5}};
  for (const auto& [za, zb] : cases) {
    const auto d = Distribution::normal(mu, sd, at(za), at(zb));
    SECTION(d.describe()) {
      CHECK(d.support_min() == at(za));
      CHECK(d.support_max() == at(zb));
      check_sampler(d);
      check_round_trips(d, std::sqrt(d.variance()));
    }
  }
}

TEST_CASE("truncated normal draws stay inside a hairline [min, max]", "[distribution][normal]") {
  // A few ulps wide: any rounding in mean + sd * z would land outside.
  for (double min : {0.3, -0.1, 0.16, 0.6}) {
    double max = min;
    for (int i = 0; i < 3; ++i) max = std::nextafter(max, kInf);
    const auto d = Distribution::normal(0.15, 0.05, min, max);
    check_inside_support(draw(d, 20'000, kSeed), d);
  }
}

TEST_CASE("truncated normal moments agree with known values", "[distribution][normal]") {
  // Half-normal: mean sqrt(2/pi), variance 1 - 2/pi.
  const auto half = Distribution::normal(0, 1, 0);
  CHECK(half.mean() == Approx(std::sqrt(2 / M_PI)).epsilon(1e-14));
  CHECK(half.variance() == Approx(1 - 2 / M_PI).epsilon(1e-14));
  // Symmetric truncation keeps the mean.
  CHECK(Distribution::normal(0.15, 0.05, 0.05, 0.25).mean() == Approx(0.15).epsilon(1e-14));
  // Far tails, reference values from mpmath at 30 digits: [6, inf) has the inverse Mills ratio
  // phi(6)/Q(6) as its mean; [6, 7] loses a few digits to cancellation in the variance formula.
  CHECK(Distribution::normal(0, 1, 6).mean() == Approx(6.158482604544599).epsilon(1e-13));
  const auto far = Distribution::normal(0, 1, 6, 7);
  CHECK(far.mean() == Approx(6.157210903378280).epsilon(1e-13));
  CHECK(far.variance() == Approx(0.02274838111751173).epsilon(1e-11));
}

TEST_CASE("truncated normal CDF keeps precision in the far upper tail", "[distribution][normal]") {
  // With a plain Phi, values around 1 - 1e-9 carry only 7 significant digits.
  const auto d = Distribution::normal(0, 1, 6, 7);
  for (double p : {1e-12, 1e-6, 0.3, 0.7, 1 - 1e-6}) check_cdf_inverts_quantile(d, p, true);
  CHECK(d.quantile(0.5) > 6);
  CHECK(d.quantile(0.5) < 7);
}

TEST_CASE("uniform matches its closed form", "[distribution][uniform]") {
  const auto d = Distribution::uniform(0.15, 0.45);
  CHECK(d.mean() == Approx(0.30).epsilon(1e-14));
  CHECK(d.variance() == Approx(0.09 / 12).epsilon(1e-12));
  check_sampler(d);
  check_round_trips(d, 0.3);
}

TEST_CASE("triangular matches its closed form", "[distribution][triangular]") {
  for (const auto& d : {Distribution::triangular(-0.1, 0.3, 0.6), Distribution::triangular(0, 0, 1),
                        Distribution::triangular(0, 1, 1)}) {
    SECTION(d.describe()) {
      const double a = d.support_min(), c = d.support_max();
      const double b = 3 * d.mean() - a - c;
      CHECK(d.variance() ==
            Approx((a * a + b * b + c * c - a * b - a * c - b * c) / 18).epsilon(1e-12));
      check_sampler(d);
      check_round_trips(d, c - a);
    }
  }
}

TEST_CASE("lognormal matches its mean, sd and shift", "[distribution][lognormal]") {
  const auto growth = Distribution::lognormal(0.10, 0.20, -1.0);
  CHECK(growth.mean() == 0.10);
  CHECK(growth.variance() == Approx(0.04));
  CHECK(growth.support_min() == -1.0);
  check_sampler(growth);
  check_round_trips(growth, 0.2);
  // Heavier right tail: KS only, the sample variance converges too slowly for a 5-SE bound.
  check_sampler(Distribution::lognormal(2, 3), kDraws, false);
}

TEST_CASE("pert matches its closed form", "[distribution][pert]") {
  // Classic PERT mean (min + lambda mode + max) / (lambda + 2).
  const auto classic = Distribution::pert(0.1, 0.3, 0.8);
  CHECK(classic.mean() == Approx((0.1 + 4 * 0.3 + 0.8) / 6).epsilon(1e-14));
  const auto flat = Distribution::pert(-0.2, 0.5, 0.6, 1.5);
  CHECK(flat.mean() == Approx((-0.2 + 1.5 * 0.5 + 0.6) / 3.5).epsilon(1e-14));
  // Mode at the midpoint with lambda = 4 is Beta(3, 3): variance 9 / (36 * 7).
  CHECK(Distribution::pert(0, 0.5, 1).variance() == Approx(1.0 / 28).epsilon(1e-14));
  for (const auto& d : {classic, flat}) {
    SECTION(d.describe()) {
      check_sampler(d, kDraws / 2);
      check_round_trips(d, d.support_max() - d.support_min());
    }
  }
}

TEST_CASE("beta matches its closed form", "[distribution][beta]") {
  const auto unit = Distribution::beta(2, 5);
  CHECK(unit.mean() == Approx(2.0 / 7).epsilon(1e-14));
  CHECK(unit.variance() == Approx(10.0 / (49 * 8)).epsilon(1e-14));
  const auto scaled = Distribution::beta(0.5, 0.5, -1, 3);
  CHECK(scaled.mean() == Approx(1).epsilon(1e-14));
  CHECK(scaled.variance() == Approx(16 * 0.125).epsilon(1e-14));
  for (const auto& d : {unit, scaled}) {
    SECTION(d.describe()) {
      check_sampler(d, kDraws / 2);
      check_round_trips(d, d.support_max() - d.support_min());
    }
  }
}

TEST_CASE("beta with tiny shape parameters never returns NaN", "[distribution][beta]") {
  // Both of Boost's gamma draws underflow to 0 now and then at alpha = beta = 0.005.
  const auto d = Distribution::beta(0.005, 0.005, 1, 2);
  const auto xs = draw(d, kDraws / 4, kSeed);
  CHECK(std::none_of(xs.begin(), xs.end(), [](double x) { return std::isnan(x); }));
  check_inside_support(xs, d);
}

TEST_CASE("student_t matches its closed form", "[distribution][student_t]") {
  const auto moderate = Distribution::student_t(0.15, 0.05, 10);
  CHECK(moderate.mean() == 0.15);
  CHECK(moderate.variance() == Approx(0.0025 * 10 / 8).epsilon(1e-14));
  SECTION(moderate.describe()) {
    check_sampler(moderate, kDraws / 2);
    check_round_trips(moderate, 0.05);
  }
  // Fat tails: moments undefined or too heavy-tailed for a variance check; KS only.
  for (double df : {1.0, 1.5, 3.0}) {
    const auto d = Distribution::student_t(0.15, 0.05, df);
    SECTION(d.describe()) {
      check_sampler(d, kDraws / 2, false);
      check_round_trips(d, 0.05);
    }
  }
  CHECK(std::isnan(Distribution::student_t(0, 1, 1).mean()));
  CHECK(Distribution::student_t(0, 1, 1.5).mean() == 0);
  CHECK(Distribution::student_t(0, 1, 2).variance() == kInf);
  CHECK(Distribution::student_t(0, 2, 3).variance() == Approx(12).epsilon(1e-14));
}

TEST_CASE("empirical is a step CDF with a left-continuous inverse", "[distribution][empirical]") {
  const auto d = Distribution::empirical({3, 1, 2, 2});
  CHECK(d.mean() == 2);
  CHECK(d.variance() == 0.5);
  CHECK(d.support_min() == 1);
  CHECK(d.support_max() == 3);
  CHECK(d.cdf(0.5) == 0);
  CHECK(d.cdf(1) == 0.25);
  CHECK(d.cdf(1.5) == 0.25);
  CHECK(d.cdf(2) == 0.75);
  CHECK(d.cdf(3) == 1);
  CHECK(d.quantile(0) == 1);
  CHECK(d.quantile(0.25) == 1);
  CHECK(d.quantile(0.2500001) == 2);
  CHECK(d.quantile(0.75) == 2);
  CHECK(d.quantile(0.76) == 3);
  CHECK(d.quantile(1) == 3);
  // For n values the round trip quantile(cdf(x)) = x holds at every value, for awkward n too.
  const std::vector<double> many = {0.1, 0.7, 0.3, 0.9, 0.5, 0.2, 0.8, 0.4, 0.6, 1.0, 0.05};
  const auto e = Distribution::empirical(many);
  for (double v : many) CHECK(e.quantile(e.cdf(v)) == v);
}

TEST_CASE("empirical draws each value with equal weight", "[distribution][empirical]") {
  const auto d = Distribution::empirical({0.35, 0.1, 0.2, 0.2, 0.5});
  const auto xs = draw(d, kDraws, kSeed);
  std::map<double, double> counts;
  for (double x : xs) counts[x] += 1;
  REQUIRE(counts.size() == 4);
  const double n = static_cast<double>(xs.size());
  for (const auto& [value, count] : counts) {
    const double p = value == 0.2 ? 0.4 : 0.2;
    INFO("value " << value << " drawn " << count << " times");
    CHECK(std::abs(count / n - p) <= kSigmas * std::sqrt(p * (1 - p) / n));
  }
  check_moments(xs, d);
  check_ks(xs, d);
}

TEST_CASE("degenerate parameters give a point mass", "[distribution]") {
  const std::vector<std::pair<Distribution, double>> cases = {
      {Distribution::normal(0.5, 0), 0.5},
      {Distribution::normal(0.5, 0, 0, 0.3), 0.3},
      {Distribution::normal(-0.5, 0, 0, 0.3), 0},
      {Distribution::normal(0.5, 0.1, 0.2, 0.2), 0.2},
      {Distribution::uniform(0.2, 0.2), 0.2},
      {Distribution::triangular(0.2, 0.2, 0.2), 0.2},
      {Distribution::pert(0.2, 0.2, 0.2), 0.2},
      {Distribution::beta(2, 3, 0.2, 0.2), 0.2},
      {Distribution::lognormal(0.1, 0, -1), 0.1},
      {Distribution::student_t(0.15, 0, 3), 0.15},
      {Distribution::student_t(0.15, 0, 0.5), 0.15},
  };
  for (const auto& [d, value] : cases) {
    INFO(d.describe());
    Rng rng(kSeed);
    const Rng before = rng;
    CHECK(d.sample(rng) == value);
    CHECK(rng == before);
    CHECK(d.mean() == value);
    CHECK(d.variance() == 0);
    CHECK(d.quantile(0.5) == value);
    CHECK(d.cdf(value) == 1);
    CHECK(d.cdf(std::nextafter(value, -kInf)) == 0);
    CHECK(d.support_min() == value);
    CHECK(d.support_max() == value);
  }
}

TEST_CASE("invalid parameters throw std::invalid_argument", "[distribution]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<std::function<Distribution()>> bad = {
      [&] { return Distribution::fixed(nan); },
      [&] { return Distribution::fixed(kInf); },
      [&] { return Distribution::normal(nan, 1); },
      [&] { return Distribution::normal(0, -0.1); },
      [&] { return Distribution::normal(0, kInf); },
      [&] { return Distribution::normal(0, 1, 1, 0); },
      [&] { return Distribution::normal(0, 1, nan, 1); },
      [&] { return Distribution::normal(0, 1, kInf, kInf); },
      [&] { return Distribution::normal(0, 1, -kInf, -kInf); },
      [&] { return Distribution::normal(0, 1, 40, 41); },
      [&] { return Distribution::uniform(1, 0); },
      [&] { return Distribution::uniform(0, kInf); },
      [&] { return Distribution::triangular(0, 2, 1); },
      [&] { return Distribution::triangular(0, -1, 1); },
      [&] { return Distribution::triangular(1, 1, 0); },
      [&] { return Distribution::lognormal(0.1, 0.2, 0.1); },
      [&] { return Distribution::lognormal(0.1, -0.2); },
      [&] { return Distribution::lognormal(0.1, 0.2, nan); },
      [&] { return Distribution::pert(0, 0.5, 1, 0); },
      [&] { return Distribution::pert(0, 0.5, 1, -1); },
      [&] { return Distribution::pert(0, 1.5, 1); },
      [&] { return Distribution::beta(0, 1); },
      [&] { return Distribution::beta(1, -1); },
      [&] { return Distribution::beta(1, 1, 1, 0); },
      [&] { return Distribution::beta(1, 1, 0, kInf); },
      [&] { return Distribution::student_t(0, -1, 3); },
      [&] { return Distribution::student_t(0, 1, 0); },
      [&] { return Distribution::student_t(0, 1, kInf); },
      [&] { return Distribution::empirical({}); },
      [&] {
        return Distribution::empirical({1, nan});
      },
  };
  for (std::size_t i = 0; i < bad.size(); ++i) {
    INFO("case " << i);
    CHECK_THROWS_AS(bad[i](), std::invalid_argument);
  }
  CHECK_THROWS_WITH(Distribution::normal(0, -0.1), "normal: sd must be >= 0 (got -0.1)");
  CHECK_THROWS_WITH(Distribution::triangular(0, 2, 1),
                    "triangular: mode must be in [min, max] (got mode=2, min=0, max=1)");
  CHECK_THROWS_WITH(Distribution::uniform(1, 0), "uniform: min must be <= max (got min=1, max=0)");
  CHECK_THROWS_AS(Distribution::normal(0, 1).quantile(1.5), std::invalid_argument);
}

TEST_CASE("describe names the kind and its parameters", "[distribution]") {
  CHECK(Distribution::normal(0.15, 0.05, 0, 1).describe() ==
        "normal(mean=0.15, sd=0.05, min=0, max=1)");
  CHECK(Distribution::normal(0.15, 0.05).describe() == "normal(mean=0.15, sd=0.05)");
  CHECK(Distribution::fixed(0.3).describe() == "fixed(value=0.3)");
  CHECK(Distribution::pert(0, 0.2, 1).describe() == "pert(min=0, mode=0.2, max=1, lambda=4)");
  CHECK(Distribution::lognormal(0.1, 0.2, -1).describe() ==
        "lognormal(mean=0.1, sd=0.2, shift=-1)");
  CHECK(Distribution::student_t(0, 1, 3).describe() == "student_t(location=0, scale=1, df=3)");
  CHECK(Distribution::empirical({2, 1}).describe() == "empirical(n=2, values=[1, 2])");
  CHECK(std::string(capexsim::dist_kind_name(DistKind::student_t)) == "student_t");
  CHECK(Distribution::beta(2, 3).kind() == DistKind::beta);
}
