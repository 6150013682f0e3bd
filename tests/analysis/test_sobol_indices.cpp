// The Sobol' index estimator (analysis/sobol_indices.h) on models whose indices are known in closed
// form: a linear model of independent inputs and the Ishigami function. Tolerances are k
// standard errors, from the bootstrap and, for the linear model, derived from the sample size.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <stdexcept>
#include <utility>
#include <vector>

#include "analysis/sobol_indices.h"
#include "models/errors.h"

using namespace capexsim;

namespace {

constexpr double kSigmas = 4.0;  // per check; a failure by chance has probability < 1e-4

//! y = sum b_i u_i with u_i independent uniforms on (0, 1).
BatchModel linear(std::vector<double> b) {
  return [b = std::move(b)](std::span<const double> rows, std::span<double> out) {
    for (std::size_t r = 0; r < out.size(); ++r) {
      double y = 0;
      for (std::size_t i = 0; i < b.size(); ++i) y += b[i] * rows[r * b.size() + i];
      out[r] = y;
    }
  };
}

//! Ishigami & Homma (1990): sin x1 + a sin^2 x2 + b x3^4 sin x1, x uniform on [-pi, pi]^3.
void ishigami(std::span<const double> rows, std::span<double> out) {
  const double a = 7, b = 0.1, pi = std::numbers::pi;
  for (std::size_t r = 0; r < out.size(); ++r) {
    const double x1 = -pi + 2 * pi * rows[3 * r], x2 = -pi + 2 * pi * rows[3 * r + 1],
                 x3 = -pi + 2 * pi * rows[3 * r + 2];
    out[r] = std::sin(x1) + a * std::sin(x2) * std::sin(x2) + b * std::pow(x3, 4) * std::sin(x1);
  }
}

double sum(const std::vector<double>& v, double (*f)(double)) {
  double s = 0;
  for (double x : v) s += f(x);
  return s;
}
double sq(double x) { return x * x; }
double quartic(double x) { return x * x * x * x; }

//! Standard deviations, to first order in 1/sqrt(N), of the estimators of S_i and S_Ti for the
//! linear model y = sum b_j u_j, from the moments of uniforms: with d = u - u' (u, u' iid
//! uniform) E d^2 = 1/6 and E d^4 = 1/15; a centred uniform has variance 1/12 and fourth moment
//! 1/80. S_i = 1 - m_S / V and S_Ti = m_T / V, with m_S the mean of N halves of
//! (sum_{j != i} b_j d_j)^2, m_T that of (b_i d_i)^2 and V the variance of 2N outputs; the bound
//! adds the parts from m and from V (triangle inequality, so at least the delta-method sd).
struct LinearBounds {
  double first, total;
};
LinearBounds linear_bounds(const std::vector<double>& b, std::size_t i, double N) {
  const double s2 = sum(b, sq), s4 = sum(b, quartic);
  const double V = s2 / 12;
  const double mu4 = s4 / 80 + (s2 * s2 - s4) / 48;  // E (y - E y)^4
  const double sd_V = std::sqrt((mu4 - V * V) / (2 * N));
  // The rest: sum over j != i.
  const double r2 = s2 - b[i] * b[i], r4 = s4 - quartic(b[i]);
  const double ed2 = r2 / 6, ed4 = r4 / 15 + (r2 * r2 - r4) / 12;
  const double m_S = ed2 / 2, sd_mS = std::sqrt((ed4 - ed2 * ed2) / 4 / N);
  const double m_T = b[i] * b[i] / 12;
  const double sd_mT = std::sqrt(quartic(b[i]) * (1.0 / 15 - 1.0 / 36) / 4 / N);
  return {sd_mS / V + m_S / V * sd_V / V, sd_mT / V + m_T / V * sd_V / V};
}

}  // namespace

TEST_CASE("linear model: indices match a_i^2 var(x_i) / sum a_j^2 var(x_j)", "[sobol]") {
  // y = 1 x1 - 2 x2 + 0.5 x3 + 0 x4 with x uniform on [0, 1], [0, 1], [0, 4], [0, 1]:
  // b = a w = (1, -2, 2, 0), closed form 1/9, 4/9, 4/9, 0 for both S and S_T (no interactions).
  const std::vector<double> b = {1, -2, 2, 0};
  const std::vector<double> exact = {1.0 / 9, 4.0 / 9, 4.0 / 9, 0};
  SobolOptions o;
  o.n = 20000;
  o.bootstrap = 200;
  o.seed = 11;
  const SobolIndices s = sobol_indices(4, singleton_groups(4), linear(b), o);
  REQUIRE(s.first.size() == 4);
  CHECK(s.evaluations == std::uint64_t{20000} * 6);
  CHECK(s.variance == Approx(sum(b, sq) / 12).epsilon(0.05));
  for (std::size_t i = 0; i < 4; ++i) {
    INFO("factor " << i << ": S " << s.first[i] << " +- " << s.first_stderr[i] << ", S_T "
                   << s.total[i] << " +- " << s.total_stderr[i]);
    const LinearBounds sd = linear_bounds(b, i, static_cast<double>(o.n));
    CHECK(std::abs(s.first[i] - exact[i]) <= kSigmas * s.first_stderr[i]);
    CHECK(std::abs(s.total[i] - exact[i]) <= kSigmas * s.total_stderr[i]);
    CHECK(std::abs(s.first[i] - exact[i]) <= kSigmas * sd.first);
    CHECK(std::abs(s.total[i] - exact[i]) <= kSigmas * sd.total);
    // The bootstrap's standard error estimates the true one (relative error about
    // 1/sqrt(2 B)), which the derived bound exceeds: it must not be inflated beyond it.
    const double slack = 1 + kSigmas / std::sqrt(2.0 * static_cast<double>(o.bootstrap));
    CHECK(s.first_stderr[i] <= slack * sd.first);
    CHECK(s.total_stderr[i] <= slack * sd.total);
    CHECK(s.first_lower[i] <= s.first_upper[i]);
    CHECK(s.total_lower[i] <= s.total_upper[i]);
  }
  // An input with no effect: f(A) and f(A_B) are equal row by row, so S_T is exactly 0.
  CHECK(s.total[3] == 0.0);
  CHECK(s.total_stderr[3] == 0.0);
}

TEST_CASE("Ishigami function: the closed-form indices", "[sobol]") {
  // Ishigami & Homma (1990), a = 7, b = 0.1: V1 = (1 + b pi^4 / 5)^2 / 2, V2 = a^2 / 8,
  // V13 = 8 b^2 pi^8 / 225, V = V1 + V2 + V13.
  const double pi = std::numbers::pi, a = 7, b = 0.1;
  const double V1 = 0.5 * sq(1 + b * quartic(pi) / 5), V2 = a * a / 8,
               V13 = 8 * b * b * std::pow(pi, 8) / 225, V = V1 + V2 + V13;
  const std::vector<double> first = {V1 / V, V2 / V, 0}, total = {(V1 + V13) / V, V2 / V, V13 / V};
  CHECK(first[0] == Approx(0.3139).margin(1e-4));
  CHECK(first[1] == Approx(0.4424).margin(1e-4));
  CHECK(total[0] == Approx(0.5576).margin(1e-4));
  CHECK(total[2] == Approx(0.2437).margin(1e-4));
  SobolOptions o;
  o.n = 50000;
  o.bootstrap = 200;
  o.seed = 5;
  const SobolIndices s = sobol_indices(3, singleton_groups(3), ishigami, o);
  CHECK(s.evaluations == std::uint64_t{50000} * 5);
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("x" << i + 1 << ": S " << s.first[i] << " +- " << s.first_stderr[i] << ", S_T "
             << s.total[i] << " +- " << s.total_stderr[i]);
    CHECK(std::abs(s.first[i] - first[i]) <= kSigmas * s.first_stderr[i]);
    CHECK(std::abs(s.total[i] - total[i]) <= kSigmas * s.total_stderr[i]);
  }
}

TEST_CASE("sobol indices are bitwise the same for 1 and 2 threads", "[sobol]") {
  SobolOptions o;
  o.n = 3000;  // 12 row blocks, the last one partial
  o.bootstrap = 50;
  o.seed = 9;
  o.threads = 1;
  const SobolIndices one = sobol_indices(3, singleton_groups(3), ishigami, o);
  o.threads = 2;
  const SobolIndices two = sobol_indices(3, singleton_groups(3), ishigami, o);
  CHECK(one.first == two.first);
  CHECK(one.total == two.total);
  CHECK(one.first_lower == two.first_lower);
  CHECK(one.total_upper == two.total_upper);
  CHECK(one.first_stderr == two.first_stderr);
  CHECK(one.variance == two.variance);
  CHECK(one.mean == two.mean);
}

TEST_CASE("groups: all inputs together give S = S_T = 1, a pair adds its first orders", "[sobol]") {
  const std::vector<double> b = {1, -2, 2, 0};
  SobolOptions o;
  o.n = 20000;
  o.seed = 3;
  const SobolIndices all = sobol_indices(4, {{0, 1, 2, 3}}, linear(b), o);
  REQUIRE(all.first.size() == 1);
  CHECK(all.first[0] == 1.0);  // A_B is B itself
  CHECK(std::abs(all.total[0] - 1.0) <= kSigmas * all.total_stderr[0]);
  CHECK(all.evaluations == std::uint64_t{20000} * 3);
  // Additive model: the group {x1, x2} explains 1/9 + 4/9 alone and in total; {x3, x4} 4/9.
  const SobolIndices pairs = sobol_indices(4, {{0, 1}, {2, 3}}, linear(b), o);
  const std::vector<double> exact = {5.0 / 9, 4.0 / 9};
  for (std::size_t g = 0; g < 2; ++g) {
    CHECK(std::abs(pairs.first[g] - exact[g]) <= kSigmas * pairs.first_stderr[g]);
    CHECK(std::abs(pairs.total[g] - exact[g]) <= kSigmas * pairs.total_stderr[g]);
  }
}

TEST_CASE("a constant output has undefined indices, not a crash", "[sobol]") {
  SobolOptions o;
  o.n = 100;
  o.bootstrap = 10;
  const SobolIndices s = sobol_indices(2, singleton_groups(2), linear({0, 0}), o);
  CHECK(s.variance == 0.0);
  CHECK(std::isnan(s.first[0]));
  CHECK(std::isnan(s.total[1]));
}

TEST_CASE("sobol indices refuse bad designs", "[sobol]") {
  SobolOptions o;
  o.n = 1;
  CHECK_THROWS_AS(sobol_indices(2, singleton_groups(2), linear({1, 1}), o), InputError);
  o.n = 10;
  CHECK_THROWS_AS(sobol_indices(2, {{0, 1}, {1}}, linear({1, 1}), o), InputError);
  CHECK_THROWS_AS(sobol_indices(2, {{0, 2}}, linear({1, 1}), o), InputError);
  CHECK_THROWS_AS(sobol_indices(2, {{}}, linear({1, 1}), o), InputError);
  CHECK_THROWS_AS(sobol_indices(0, {}, linear({}), o), InputError);
}
