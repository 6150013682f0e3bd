//! Tabulated inverse CDFs in the normal score. The quantile function Q solves the ODE
//! Q'' = -(f'/f)(Q) Q'^2 (Steinbrecher & Shaw 2008, "Quantile mechanics", Eur. J. Appl. Math.
//! 19(2)); in z = Phi^-1(p) it becomes x' = phi(z) / f(x), x'' = x' (-z - (f'/f)(x) x'), so each
//! grid node needs one exact inverse (Boost.Math) and has its first two derivatives in closed
//! form. Each cell between two nodes holds the quintic Hermite interpolant of those data (error
//! O(h^6)) in monomial form, either of x itself or, where x(z) bends too fast (the tails, whose
//! decay or growth is like exp(-+z^2 / 2 shape)), of y = log|x - anchor| with the anchor at a
//! support bound (beta: 0 or 1) or at -+1 (Student's t), which is near-quadratic in z out there.
//! Every cell is checked for monotonicity (the Bernstein coefficients of the derivative) and at
//! its midpoint, where the Hermite error term (s (1 - s))^3 h^6 peaks, through the forward CDF,
//! |F(x) - Phi(z)| / f(x); the first form that passes is kept, and the step is halved (at most
//! three times) while a cell fails; a cell that still fails is left to the exact inverse. This is
//! the error control of Derflinger, Hoermann & Leydold 2010, "Random variate generation by
//! numerical inversion when only the density is known", ACM TOMACS 20(4), with an x-error bound in
//! place of their u-error one.
#include "models/quantile_table.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

#include <boost/math/constants/constants.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/policies/policy.hpp>
#include <boost/math/special_functions/beta.hpp>

namespace capexsim {
namespace {

namespace bm = boost::math;

// Double precision throughout: Boost's default promotion to long double makes its inverses
// 5-10x slower, and the tests show the results meet the accuracy bound with margin. A t quantile
// beyond the largest double is infinite, and an iteration that stalls in a far tail (p = 1e-300)
// returns its best estimate, rather than throwing.
using FastPolicy = bm::policies::policy<bm::policies::promote_double<false>,
                                        bm::policies::overflow_error<bm::policies::ignore_error>,
                                        bm::policies::evaluation_error<bm::policies::ignore_error>>;
// The rare calls off the table keep the promotion: in double, Boost's t quantile overflows
// internally for df below about 0.1 long before the result does.
using ExactPolicy =
    bm::policies::policy<bm::policies::overflow_error<bm::policies::ignore_error>,
                         bm::policies::evaluation_error<bm::policies::ignore_error>>;
using StudentT = bm::students_t_distribution<double, FastPolicy>;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInvSqrt2 = bm::constants::one_div_root_two<double>();
constexpr double kLogSqrt2Pi = bm::constants::log_root_two_pi<double>();

// The grid z = -kEdge + i h covers p down to 3e-14 (the accuracy goal is 1e-12). The step
// starts at 1/16 and halves at most three times; powers of two keep every node exact.
constexpr double kEdge = 7.5;
constexpr std::size_t kCoarseCells = 120;  // per side of z = 0: h = 1/16
constexpr int kMaxRefinements = 3;
// Error allowed at a cell's midpoint, relative to max(1, |x|): within the 1e-12 that
// quantile_from_normal promises, with room for the error away from the midpoint.
constexpr double kTolerance = 4e-13;
// Student's t beyond |t| = 1e150 (whose square is still finite) is left to the exact inverse.
constexpr double kMaxT = 1e150;

double lower_tail(double z) { return 0.5 * std::erfc(-z * kInvSqrt2); }
double upper_tail(double z) { return 0.5 * std::erfc(z * kInvSqrt2); }
double log_phi(double z) { return -0.5 * z * z - kLogSqrt2Pi; }
// c * log_v with 0 * -inf = 0 (a factor x^0 at x = 0).
double times_log(double c, double log_v) { return c == 0 ? 0.0 : c * log_v; }

// x = offset + scale e^y; scale == 0 stands for x itself.
struct Form {
  double offset, scale;
};

// x and its first two derivatives in z at one node, and gap[k] = (x - offset) / scale for the
// two exponential forms, accurate where x is near the anchor.
struct NodeData {
  double x, dx, d2x;
  std::array<double, 2> gap;
};

// The data of form k (-1: x itself) at a node: (y, y', y'') with y = log gap.
std::optional<std::array<double, 3>> form_data(const NodeData& n, int k, const Form& form) {
  if (k < 0) return std::array<double, 3>{n.x, n.dx, n.d2x};
  const double g = n.gap[static_cast<std::size_t>(k)];
  if (!(g > 0)) return std::nullopt;
  const double dy = n.dx / (form.scale * g);
  const std::array<double, 3> d{std::log(g), dy, n.d2x / (form.scale * g) - dy * dy};
  if (!std::isfinite(d[0]) || !std::isfinite(d[1]) || !std::isfinite(d[2])) return std::nullopt;
  return d;
}

// Beta(alpha, beta); forms x = e^y (anchor 0) and x = 1 - e^y (anchor 1). f is scaled by its
// value at the median, so that large shapes (where B(alpha, beta) underflows) keep full precision.
class BetaModel {
 public:
  static constexpr std::array<Form, 2> kForms{{{0, 1}, {1, -1}}};
  static constexpr bool kOdd = false;

  BetaModel(double alpha, double beta) : a_(alpha), b_(beta) {
    double x1 = 0.5;
    const double x = bm::ibeta_inv(a_, b_, 0.5, &x1, FastPolicy());
    log_x_m_ = std::log(x);
    log_x1_m_ = std::log(x1);
    log_f_m_ = std::log(bm::ibeta_derivative(a_, b_, x, FastPolicy()));
  }

  std::optional<NodeData> node(double z) const {
    double x1 = 0;  // 1 - x, computed by Boost without cancellation
    const double x = z <= 0 ? bm::ibeta_inv(a_, b_, lower_tail(z), &x1, FastPolicy())
                            : bm::ibetac_inv(a_, b_, upper_tail(z), &x1, FastPolicy());
    if (x == 0 || x1 == 0) return NodeData{x, 0, 0, {x, x1}};  // flat at an underflowed end
    const double log_x = std::log(x), log_x1 = std::log(x1);
    const double log_dx = log_phi(z) - log_density(log_x, log_x1);
    const double dx = std::exp(log_dx);
    const double h_dx = (a_ - 1) * std::exp(log_dx - log_x) - (b_ - 1) * std::exp(log_dx - log_x1);
    const NodeData n{x, dx, dx * (-z - h_dx), {x, x1}};
    if (!std::isfinite(n.dx) || !std::isfinite(n.d2x)) return std::nullopt;
    return n;
  }

  double error(double z, int k, double y) const {
    double x = y, x1 = 1 - y;
    if (k == 0) x = std::exp(y), x1 = 1 - x;
    if (k == 1) x1 = std::exp(y), x = 1 - x1;
    x = std::clamp(x, 0.0, 1.0), x1 = std::clamp(x1, 0.0, 1.0);
    const double residual = z <= 0 ? bm::ibeta(a_, b_, x, FastPolicy()) - lower_tail(z)
                                   : upper_tail(z) - bm::ibeta(b_, a_, x1, FastPolicy());
    return std::abs(residual) / std::exp(log_density(std::log(x), std::log(x1)));
  }

 private:
  double log_density(double log_x, double log_x1) const {
    return log_f_m_ + times_log(a_ - 1, log_x) - (a_ - 1) * log_x_m_ + times_log(b_ - 1, log_x1) -
           (b_ - 1) * log_x1_m_;
  }

  double a_, b_;
  double log_x_m_ = 0, log_x1_m_ = 0, log_f_m_ = 0;
};

// Student's t; forms t = 1 - e^y (anchor 1, for t < 1) and t = e^y - 1 (anchor -1, for t > -1).
// f'/f = -(df + 1) t / (df + t^2).
class StudentModel {
 public:
  static constexpr std::array<Form, 2> kForms{{{1, -1}, {-1, 1}}};
  // t(-z) = -t(z): the upper half mirrors the lower one, nodes and cells.
  static constexpr bool kOdd = true;

  explicit StudentModel(double df) : df_(df), dist_(df), log_f0_(std::log(bm::pdf(dist_, 0.0))) {}

  std::optional<NodeData> node(double z) const {  // z <= 0; z > 0 by mirror()
    const double t = z == 0 ? 0.0 : bm::quantile(dist_, lower_tail(z));
    if (!(std::abs(t) <= kMaxT)) return std::nullopt;
    const double log_f = log_f0_ - 0.5 * (df_ + 1) * std::log1p(t * t / df_);
    const double dt = std::exp(log_phi(z) - log_f);
    const double h_dt = -(df_ + 1) * t / (df_ + t * t) * dt;
    const NodeData n{t, dt, dt * (-z - h_dt), {1 - t, 1 + t}};
    if (!std::isfinite(n.dx) || !std::isfinite(n.d2x)) return std::nullopt;
    return n;
  }

  double error(double z, int k, double y) const {
    const double t = k < 0 ? y
                           : kForms[static_cast<std::size_t>(k)].offset +
                                 kForms[static_cast<std::size_t>(k)].scale * std::exp(y);
    const double residual = z <= 0 ? bm::cdf(dist_, t) - lower_tail(z)
                                   : upper_tail(z) - bm::cdf(bm::complement(dist_, t));
    return std::abs(residual) / bm::pdf(dist_, t) / std::max(1.0, std::abs(t));
  }

 private:
  double df_;
  StudentT dist_;
  double log_f0_;
};

// The node at -z of a distribution odd in z: x(-z) = -x(z), the forms' anchors swapped.
std::optional<NodeData> mirror(const std::optional<NodeData>& n) {
  if (!n) return std::nullopt;
  return NodeData{-n->x, n->dx, -n->d2x, {n->gap[1], n->gap[0]}};
}

// Monomial coefficients of the quintic Hermite interpolant on s in [0, 1] of (y, y', y'') at
// both ends, derivatives taken in z and scaled by the step h.
std::array<double, 6> hermite(const std::array<double, 3>& d0, const std::array<double, 3>& d1,
                              double h) {
  const double c0 = d0[0], c1 = h * d0[1], c2 = 0.5 * h * h * d0[2];
  const double a = d1[0] - c0 - c1 - c2, b = h * d1[1] - c1 - 2 * c2, c = h * h * d1[2] - 2 * c2;
  return {c0, c1, c2, 10 * a - 4 * b + 0.5 * c, -15 * a + 7 * b - c, 6 * a - 3 * b + 0.5 * c};
}

// Whether offset + scale e^p(s) (p(s) itself when scale == 0) is non-decreasing on [0, 1]: the
// Bernstein coefficients of p' (degree 4) all have the sign of the scale, sufficient by the
// convex-hull property (Farouki 2012, "The Bernstein polynomial basis: a centennial
// retrospective", CAGD 29).
bool monotone(const std::array<double, 6>& c, double scale) {
  constexpr double kBinomial[5][5] = {
      {1, 0, 0, 0, 0}, {1, 1, 0, 0, 0}, {1, 2, 1, 0, 0}, {1, 3, 3, 1, 0}, {1, 4, 6, 4, 1}};
  const double sign = scale < 0 ? -1.0 : 1.0;
  for (int j = 0; j <= 4; ++j) {
    double b = 0;
    for (int k = 0; k <= j; ++k) b += kBinomial[j][k] / kBinomial[4][k] * (k + 1) * c[k + 1];
    if (!(sign * b >= 0)) return false;
  }
  return true;
}

}  // namespace

template <class Model>
void QuantileTable::tabulate(const Model& model) {
  constexpr int kDirect = -1, kNone = 2;  // forms: x itself, Model::kForms[0 or 1], none passed
  std::size_t half = kCoarseCells;
  std::vector<std::optional<NodeData>> grid;
  for (int refinement = 0;; ++refinement) {
    const double h = kEdge / static_cast<double>(half);
    const auto z_at = [h](std::size_t i) { return -kEdge + static_cast<double>(i) * h; };
    std::vector<std::optional<NodeData>> finer(2 * half + 1);
    for (std::size_t i = 0; i < finer.size(); ++i) {
      if (refinement > 0 && i % 2 == 0)
        finer[i] = grid[i / 2];
      else if (Model::kOdd && i > half)
        finer[i] = mirror(finer[2 * half - i]);
      else
        finer[i] = model.node(z_at(i));
    }
    grid = std::move(finer);
    if (!grid[half]) return;  // empty: everything goes to the exact inverse

    std::size_t first = half, last = half;
    while (first > 0 && grid[first - 1]) --first;
    while (last + 1 < grid.size() && grid[last + 1]) ++last;
    const auto candidate = [&](std::size_t i, int k) -> std::optional<Cell> {
      const Form form = k == kDirect ? Form{0, 0} : Model::kForms[static_cast<std::size_t>(k)];
      const auto d0 = form_data(*grid[i], k, form), d1 = form_data(*grid[i + 1], k, form);
      if (!d0 || !d1) return std::nullopt;
      const Cell cell{hermite(*d0, *d1, h), form.offset, form.scale};
      if (!monotone(cell.c, form.scale)) return std::nullopt;
      return cell;
    };
    cells_.clear();
    std::vector<int> kept;  // per cell
    for (std::size_t i = first; i < last; ++i) {
      Cell cell{{}, 0, kNaN};
      int form = kNone;
      if (Model::kOdd && i >= half) {
        // The mirror image of cell 2 half - 1 - i, which passed or failed the same check.
        const int m = kept[2 * half - 1 - i - first];
        form = m == kDirect || m == kNone ? m : 1 - m;
        const auto c = form == kNone ? std::nullopt : candidate(i, form);
        if (c)
          cell = *c;
        else
          form = kNone;
      } else {
        for (int k = kDirect; k < kNone && form == kNone; ++k) {
          const auto c = candidate(i, k);
          if (c && model.error(z_at(i) + 0.5 * h, k, polynomial(*c, 0.5)) <= kTolerance)
            cell = *c, form = k;
        }
      }
      kept.push_back(form);
      cells_.push_back(cell);
    }
    const bool all_pass = std::find(kept.begin(), kept.end(), kNone) == kept.end();
    if (all_pass || refinement == kMaxRefinements) {
      if (first == last) return;
      node_x_.clear();
      for (std::size_t i = first; i <= last; ++i) node_x_.push_back(grid[i]->x);
      z_min_ = z_at(first);
      z_max_ = z_at(last);
      inv_step_ = 1 / h;
      return;
    }
    half *= 2;
  }
}

QuantileTable QuantileTable::beta(double alpha, double beta) {
  QuantileTable table(Kind::beta, alpha, beta);
  table.tabulate(BetaModel(alpha, beta));
  return table;
}

QuantileTable QuantileTable::student_t(double df) {
  QuantileTable table(Kind::student_t, df, 0.0);
  table.tabulate(StudentModel(df));
  return table;
}

std::size_t QuantileTable::direct_cells() const {
  return static_cast<std::size_t>(
      std::count_if(cells_.begin(), cells_.end(), [](const Cell& c) { return c.scale == 0; }));
}

std::size_t QuantileTable::exact_cells() const {
  return static_cast<std::size_t>(std::count_if(cells_.begin(), cells_.end(),
                                                [](const Cell& c) { return std::isnan(c.scale); }));
}

double QuantileTable::exact(double z) const {
  if (kind_ == Kind::beta)
    return z <= 0 ? bm::ibeta_inv(a_, b_, lower_tail(z), FastPolicy())
                  : bm::ibetac_inv(a_, b_, upper_tail(z), FastPolicy());
  const bm::students_t_distribution<double, ExactPolicy> dist(a_);
  const double p = lower_tail(-std::abs(z));
  const double t = p == 0 ? -kInf : bm::quantile(dist, p);
  return z <= 0 ? t : -t;
}

// The exact inverse, clamped to the table's values at the end of the range or of the failed
// cell, so that every piece joins its neighbours monotonically.
double QuantileTable::off_table(double z) const {
  if (std::isnan(z)) return z;
  const double x = exact(z);
  if (node_x_.empty()) return x;
  if (z < z_min_) return std::min(x, node_x_.front());
  if (z >= z_max_) return std::max(x, node_x_.back());
  const std::size_t i =
      std::min(static_cast<std::size_t>((z - z_min_) * inv_step_), cells_.size() - 1);
  return std::max(node_x_[i], std::min(x, node_x_[i + 1]));
}

}  // namespace capexsim
