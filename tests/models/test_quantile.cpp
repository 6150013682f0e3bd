//! Quantile functions: Wichura's inverse normal and every kind's quantile and
//! quantile_from_normal against Boost.Math references on dense grids (tails to 1e-12), their
//! agreement, monotonicity, ends, the tables' coverage, and Kolmogorov-Smirnov tests that
//! quantile(U) and quantile_from_normal(Z) have the declared distribution.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <vector>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/special_functions/erf.hpp>

#include "models/distribution.h"
#include "models/inverse_normal.h"
#include "models/quantile_table.h"
#include "models/variates.h"
#include "tests/support/ks.h"

using capexsim::Distribution;
using capexsim::inverse_normal;
using capexsim::QuantileTable;
using capexsim::Rng;

namespace {

namespace bm = boost::math;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kEps = std::numeric_limits<double>::epsilon();
// The documented accuracy of quantile and quantile_from_normal, relative to the scale.
constexpr double kAccuracy = 1e-12;
constexpr double kKsAlpha = 1e-4;  // significance level of the Kolmogorov-Smirnov checks
constexpr std::size_t kKsDraws = 20'000;
constexpr std::uint64_t kSeed = 20250301;

// p in [1e-12, 1 - 1e-12]: 100 points a decade in both tails and a uniform bulk.
std::vector<double> dense_grid() {
  std::vector<double> ps;
  for (int i = 0; i <= 1130; ++i) {
    const double p = std::pow(10.0, -12.0 + i / 100.0);
    ps.push_back(p);
    ps.push_back(1 - p);
  }
  for (int i = 1; i < 2000; ++i) ps.push_back(i / 2000.0);
  std::sort(ps.begin(), ps.end());
  return ps;
}

// Standard normal tails and inverse in long double (64-bit mantissa).
long double lower_tail(long double z) { return 0.5L * bm::erfc(-z / std::sqrt(2.0L)); }
long double upper_tail(long double z) { return 0.5L * bm::erfc(z / std::sqrt(2.0L)); }
long double normal_inverse(long double p) { return -std::sqrt(2.0L) * bm::erfc_inv(2 * p); }

// The exact quantile at p, given also q = 1 - p accurately (the upper tail needs it).
using Reference = std::function<double(double p, double q)>;

struct Case {
  Distribution dist;
  Reference reference;
  // Errors are measured relative to max(scale, |x - centre|): the scale for bounded kinds, the
  // distance from the centre where heavy tails run far beyond it.
  double scale, centre;
};

double relative_error(const Case& c, double x, double ref) {
  return std::abs(x - ref) / std::max(c.scale, std::abs(ref - c.centre));
}

Reference normal_reference(double mean, double sd, double min, double max) {
  return [=](double p, double q) {
    const long double a = (min - mean) / static_cast<long double>(sd);
    const long double b = (max - mean) / static_cast<long double>(sd);
    const long double lo = lower_tail(a), hi = upper_tail(b), mass = 1 - lo - hi;
    const long double below = lo + p * mass;
    const long double z = below <= 0.5L ? normal_inverse(below)
                                        : -normal_inverse(hi + static_cast<long double>(q) * mass);
    return static_cast<double>(std::clamp<long double>(mean + sd * z, min, max));
  };
}

Reference lognormal_reference(double mean, double sd, double shift) {
  return [=](double p, double q) {
    const long double m = mean - static_cast<long double>(shift);
    const long double var_log = std::log1p((sd / m) * (sd / m));
    const long double z = p <= 0.5 ? normal_inverse(p) : -normal_inverse(q);
    return static_cast<double>(shift +
                               std::exp(std::log(m) - var_log / 2 + std::sqrt(var_log) * z));
  };
}

Reference beta_reference(double alpha, double beta, double min, double max) {
  return [=](double p, double q) {
    const bm::beta_distribution<double> d(alpha, beta);
    const double x = p <= 0.5 ? bm::quantile(d, p) : bm::quantile(bm::complement(d, q));
    return min + (max - min) * x;
  };
}

Reference pert_reference(double min, double mode, double max, double lambda) {
  return beta_reference(1 + lambda * (mode - min) / (max - min),
                        1 + lambda * (max - mode) / (max - min), min, max);
}

Reference student_reference(double location, double scale, double df) {
  return [=](double p, double q) {
    const bm::students_t_distribution<double> d(df);
    const double t = p <= 0.5 ? bm::quantile(d, p) : -bm::quantile(d, q);
    return location + scale * t;
  };
}

std::vector<Case> continuous_cases() {
  return {
      {Distribution::normal(0.15, 0.05), normal_reference(0.15, 0.05, -kInf, kInf), 0.05, 0.15},
      {Distribution::normal(0.15, 0.05, 0.0), normal_reference(0.15, 0.05, 0.0, kInf), 0.05, 0.15},
      {Distribution::normal(0, 1, 2, 3), normal_reference(0, 1, 2, 3), 1, 0},
      {Distribution::normal(0, 1, -kInf, -3), normal_reference(0, 1, -kInf, -3), 1, 0},
      {Distribution::normal(0, 1, -0.5, 6), normal_reference(0, 1, -0.5, 6), 1, 0},
      {Distribution::lognormal(0.3, 0.15, -1), lognormal_reference(0.3, 0.15, -1), 0.15, -1},
      {Distribution::lognormal(1, 2), lognormal_reference(1, 2, 0), 2, 0},
      {Distribution::uniform(0.1, 0.4),
       [](double p, double) { return static_cast<double>(0.1L + 0.3L * p); }, 0.3, 0.1},
      {Distribution::triangular(0.1, 0.3, 0.8),
       [](double p, double q) {
         const long double fc = 0.2L / 0.7L;
         return static_cast<double>(p < fc ? 0.1L + std::sqrt(p * 0.7L * 0.2L)
                                           : 0.8L - std::sqrt(q * 0.7L * 0.5L));
       },
       0.7, 0.1},
      {Distribution::pert(0.1, 0.3, 0.8), pert_reference(0.1, 0.3, 0.8, 4), 0.7, 0.1},
      {Distribution::pert(0.1, 0.1, 0.8), pert_reference(0.1, 0.1, 0.8, 4), 0.7, 0.1},
      {Distribution::pert(0.1, 0.8, 0.8), pert_reference(0.1, 0.8, 0.8, 4), 0.7, 0.1},
      {Distribution::pert(-0.2, 0.5, 0.6, 20), pert_reference(-0.2, 0.5, 0.6, 20), 0.8, -0.2},
      {Distribution::beta(2, 5), beta_reference(2, 5, 0, 1), 1, 0},
      {Distribution::beta(0.5, 0.5), beta_reference(0.5, 0.5, 0, 1), 1, 0},
      {Distribution::beta(0.3, 2, -1, 1), beta_reference(0.3, 2, -1, 1), 2, -1},
      {Distribution::beta(3, 0.6), beta_reference(3, 0.6, 0, 1), 1, 0},
      {Distribution::beta(50, 50), beta_reference(50, 50, 0, 1), 1, 0},
      {Distribution::student_t(0.15, 0.04, 1), student_reference(0.15, 0.04, 1), 0.04, 0.15},
      {Distribution::student_t(0.15, 0.04, 2.5), student_reference(0.15, 0.04, 2.5), 0.04, 0.15},
      {Distribution::student_t(0, 1, 4), student_reference(0, 1, 4), 1, 0},
      {Distribution::student_t(0, 1, 30), student_reference(0, 1, 30), 1, 0},
  };
  // A false leak report of clang 14's analyzer on std::function objects copied out of the
  // initializer list (the suite runs clean under ASan and LeakSanitizer).
  // NOLINTNEXTLINE(clang-analyzer-cplusplus.NewDeleteLeaks)
}

// The KS statistic and critical value: tests/support/ks.h.
double ks_critical(std::size_t n) {
  return capexsim::test::ks_critical(static_cast<double>(n), kKsAlpha);
}
using capexsim::test::ks_statistic;

double open_unit(Rng& rng) { return (static_cast<double>(rng() >> 11) + 0.5) * 0x1p-53; }

// Phi(z) as quantile_from_normal forms it for the kinds that need it: the smaller tail directly.
double phi(double z) {
  const double tail = 0.5 * std::erfc(std::abs(z) * 0.70710678118654752440);
  return z < 0 ? tail : 1 - tail;
}

}  // namespace

TEST_CASE("inverse_normal matches Boost.Math's to 2e-15 relative, tails included",
          "[quantile][inverse_normal]") {
  double worst = 0, worst_p = 0;
  const auto check = [&](double p) {
    const double z = inverse_normal(p);
    const double ref = static_cast<double>(normal_inverse(static_cast<long double>(p)));
    const double err = std::abs(z - ref) / std::max(1.0, std::abs(ref));
    if (err > worst) worst = err, worst_p = p;
  };
  for (int i = 0; i <= 3000; ++i) {
    const double p = std::pow(10.0, -300.0 + i * 0.0999);
    check(p);
    if (1 - p < 1) check(1 - p);
  }
  for (int i = 1; i < 10000; ++i) check(i / 10000.0);
  INFO("worst at p = " << worst_p);
  CHECK(worst <= 2e-15);
  CHECK(inverse_normal(0.5) == 0);
  CHECK(inverse_normal(0) == -kInf);
  CHECK(inverse_normal(1) == kInf);
  CHECK(std::isnan(inverse_normal(1.5)));
  CHECK(std::isnan(inverse_normal(-0.1)));
  CHECK(std::isnan(inverse_normal(std::numeric_limits<double>::quiet_NaN())));
}

TEST_CASE("quantile is accurate to 1e-12 of the scale on a dense grid, tails included",
          "[quantile][accuracy]") {
  const auto ps = dense_grid();
  for (const Case& c : continuous_cases()) {
    double worst = 0, worst_p = 0;
    for (double p : ps) {
      const double err = relative_error(c, c.dist.quantile(p), c.reference(p, 1 - p));
      if (err > worst) worst = err, worst_p = p;
    }
    INFO(c.dist.describe() << ": worst relative error " << worst << " at p = " << worst_p);
    CHECK(worst <= kAccuracy);
  }
}

TEST_CASE("quantile_from_normal is accurate to 1e-12 of the scale for |z| <= 7.03",
          "[quantile][accuracy]") {
  for (const Case& c : continuous_cases()) {
    double worst = 0, worst_z = 0;
    for (int i = -7030; i <= 7030; ++i) {
      const double z = i / 1000.0;
      const double p = static_cast<double>(lower_tail(z)), q = static_cast<double>(upper_tail(z));
      const double err = relative_error(c, c.dist.quantile_from_normal(z), c.reference(p, q));
      if (err > worst) worst = err, worst_z = z;
    }
    INFO(c.dist.describe() << ": worst relative error " << worst << " at z = " << worst_z);
    CHECK(worst <= kAccuracy);
  }
}

TEST_CASE("quantile_from_normal(z) is quantile(Phi(z)) to within 1e-12 of the scale",
          "[quantile][from_normal]") {
  auto cases = continuous_cases();
  cases.push_back({Distribution::empirical({0.175, -0.023, 0.32, 0.15, 0.15}), {}, 0.343, 0});
  cases.push_back({Distribution::fixed(0.2), {}, 1, 0});
  for (const Case& c : cases) {
    int failures = 0;
    double first_z = 0;
    for (int i = -7000; i <= 7000; ++i) {
      const double z = i / 1000.0;
      const double x = c.dist.quantile_from_normal(z), p = phi(z);
      const double tol = kAccuracy * std::max(c.scale, std::abs(x - c.centre));
      // Above z = 0 the double Phi(z) is rounded: the exact value lies between its neighbours.
      const double lo = c.dist.quantile(std::nextafter(std::nextafter(p, 0.0), 0.0));
      const double hi = c.dist.quantile(std::nextafter(std::nextafter(p, 1.0), 1.0));
      const bool ok =
          z <= 0 ? std::abs(x - c.dist.quantile(p)) <= tol : x >= lo - tol && x <= hi + tol;
      if (!ok && failures++ == 0) first_z = z;
    }
    INFO(c.dist.describe() << ": " << failures << " mismatches, the first at z = " << first_z);
    CHECK(failures == 0);
  }
}

TEST_CASE("quantile and quantile_from_normal are non-decreasing up to rounding",
          "[quantile][monotone]") {
  auto cases = continuous_cases();
  cases.push_back({Distribution::beta(0.05, 0.05), {}, 1, 0});
  cases.push_back({Distribution::beta(0.01, 3), {}, 1, 0});
  cases.push_back({Distribution::student_t(0, 1, 0.3), {}, 1, 0});
  const auto ps = dense_grid();
  for (const Case& c : cases) {
    // The largest step back between consecutive points, relative to the scale: rounding noise
    // (a few ulps) at most, never an interpolation error (1e-13 and more).
    double worst = 0;
    const auto step = [&](double prev, double x) {
      worst = std::max(worst, (prev - x) / std::max(c.scale, std::abs(x - c.centre)));
    };
    for (std::size_t i = 1; i < ps.size(); ++i)
      step(c.dist.quantile(ps[i - 1]), c.dist.quantile(ps[i]));
    for (int i = -80000; i < 80000; ++i)
      step(c.dist.quantile_from_normal(i / 1e4), c.dist.quantile_from_normal((i + 1) / 1e4));
    // Adjacent doubles across every table node (multiples of 1/128), where cells join.
    for (int k = -960; k <= 960; ++k) {
      double z = k / 128.0;
      for (int i = 0; i < 32; ++i) z = std::nextafter(z, -kInf);
      double prev = c.dist.quantile_from_normal(z);
      for (int i = 0; i < 64; ++i) {
        z = std::nextafter(z, kInf);
        const double x = c.dist.quantile_from_normal(z);
        step(prev, x);
        prev = x;
      }
    }
    INFO(c.dist.describe() << ": largest step back " << worst << " of the scale");
    CHECK(worst <= 4 * kEps);
  }
}

TEST_CASE("quantile's ends are the support bounds, and p outside [0, 1] throws",
          "[quantile][ends]") {
  auto cases = continuous_cases();
  cases.push_back({Distribution::empirical({3, 1, 2}), {}, 1, 0});
  cases.push_back({Distribution::fixed(0.2), {}, 1, 0});
  for (const Case& c : cases) {
    const Distribution& d = c.dist;
    INFO(d.describe());
    CHECK(d.quantile(0) == d.support_min());
    CHECK(d.quantile(1) == d.support_max());
    CHECK(d.quantile_from_normal(-kInf) == d.support_min());
    CHECK(d.quantile_from_normal(kInf) == d.support_max());
    for (double p : {1e-300, 1e-20, 1 - kEps / 2}) {
      const double x = d.quantile(p);
      CHECK(x >= d.support_min());
      CHECK(x <= d.support_max());
    }
    for (double z : {-40.0, -9.0, 9.0, 40.0}) {
      const double x = d.quantile_from_normal(z);
      CHECK(x >= d.support_min());
      CHECK(x <= d.support_max());
    }
    CHECK_THROWS_AS(d.quantile(-1e-300), std::invalid_argument);
    CHECK_THROWS_AS(d.quantile(1 + kEps), std::invalid_argument);
    CHECK_THROWS_AS(d.quantile_from_normal(std::numeric_limits<double>::quiet_NaN()),
                    std::invalid_argument);
  }
}

TEST_CASE("quantile(U) and quantile_from_normal(Z) have the declared distribution (KS)",
          "[quantile][ks]") {
  auto cases = continuous_cases();
  cases.push_back({Distribution::empirical({0.175, -0.023, 0.32, 0.15, 0.15}), {}, 1, 0});
  for (const Case& c : cases) {
    Rng rng(kSeed);
    std::vector<double> from_u(kKsDraws), from_z(kKsDraws);
    for (double& x : from_u) x = c.dist.quantile(open_unit(rng));
    for (double& x : from_z) x = c.dist.quantile_from_normal(capexsim::variates::normal(rng));
    INFO(c.dist.describe() << ": critical " << ks_critical(kKsDraws));
    CHECK(ks_statistic(from_u, c.dist) < ks_critical(kKsDraws));
    CHECK(ks_statistic(from_z, c.dist) < ks_critical(kKsDraws));
  }
}

TEST_CASE("the KS check rejects a slightly wrong distribution", "[quantile][ks][power]") {
  const Distribution drawn = Distribution::pert(0.1, 0.3, 0.8);
  const Distribution claimed = Distribution::pert(0.1, 0.33, 0.8);
  Rng rng(kSeed);
  std::vector<double> xs(kKsDraws);
  for (double& x : xs) x = drawn.quantile_from_normal(capexsim::variates::normal(rng));
  CHECK(ks_statistic(xs, claimed) > ks_critical(kKsDraws));
}

TEST_CASE("the tables cover |z| <= 7.5 with no exact fallback for common shapes",
          "[quantile][table]") {
  const auto pert = [](double mode) {  // pert on [0, 1], lambda = 4
    return QuantileTable::beta(1 + 4 * mode, 1 + 4 * (1 - mode));
  };
  for (const auto& table : {pert(0), pert(2.0 / 7), pert(0.5), pert(1), QuantileTable::beta(2, 5),
                            QuantileTable::beta(0.5, 0.5), QuantileTable::student_t(1),
                            QuantileTable::student_t(2.5), QuantileTable::student_t(30)}) {
    CHECK(table.z_min() == -7.5);
    CHECK(table.z_max() == 7.5);
    CHECK(table.exact_cells() == 0);
    CHECK(table.cells() <= 960);
  }
}

TEST_CASE("copies share the quantile table and outlive the original", "[quantile][copy]") {
  std::vector<Distribution> years;
  std::vector<double> expected;
  {
    const Distribution d = Distribution::pert(0.1, 0.3, 0.8);
    for (int i = -3; i <= 3; ++i) expected.push_back(d.quantile_from_normal(i));
    years.assign(5, d);
  }
  for (const Distribution& copy : years)
    for (int i = -3; i <= 3; ++i)
      CHECK(copy.quantile_from_normal(i) == expected[static_cast<std::size_t>(i + 3)]);
}
