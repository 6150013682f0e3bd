// Brent-Dekker root finding: R. P. Brent, Algorithms for Minimization without Derivatives
// (1973), ch. 4 (the `zeroin` procedure): inverse quadratic interpolation or the secant step
// when they stay well inside the bracket and shrink it fast enough, bisection otherwise, so the
// bracket around the sign change shrinks to xtol even when S(v) is a step function (a
// probability estimated on a fixed set of paths with common random numbers). The standard error
// of the root is the delta method: v* solves S(v) = target, so an error e in S moves v* by
// -e / S'(v*).
#include "analysis/solve.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "models/errors.h"
#include "sim/precision.h"
#include "sim/streams.h"

namespace capexsim {
namespace {

std::string format_evaluation(const Evaluation& e, double target) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "S(%.6g) = %.6g (SE %.2g, S - target = %+.6g)", e.v, e.at.value,
                e.at.stderr_, e.at.value - target);
  return buf;
}

std::string bracket_message(const Evaluation& lo, const Evaluation& hi, double target,
                            std::uint64_t seed) {
  char head[96];
  std::snprintf(head, sizeof head,
                "no sign change of S - target on the bracket (target %.6g, seed ", target);
  return head + std::to_string(seed) + "): " + format_evaluation(lo, target) + ", " +
         format_evaluation(hi, target);
}

void check_options(const RootSearchOptions& o) {
  if (!(std::isfinite(o.lo) && std::isfinite(o.hi) && o.lo < o.hi))
    throw InputError("find_root: the bracket needs finite lo < hi");
  if (!(o.xtol > 0)) throw InputError("find_root: xtol must be positive");
  if (o.max_iterations < 1) throw InputError("find_root: max_iterations must be >= 1");
  if (!std::isfinite(o.target)) throw InputError("find_root: the target must be finite");
}

class Search {
 public:
  Search(const SeededObjective& s, const RootSearchOptions& o, std::uint64_t seed)
      : s_(s), o_(o), seed_(seed) {}

  //! f(v) = S(v) - target, recorded in the trace.
  double f(double v, Evaluation::Role role) {
    const Estimate e = s_(v, seed_);
    result_.trace.push_back({v, e, role});
    return e.value - o_.target;
  }

  RootSearch run();

 private:
  const SeededObjective& s_;
  const RootSearchOptions& o_;
  std::uint64_t seed_;
  RootSearch result_;
};

RootSearch Search::run() {
  using Role = Evaluation::Role;
  double a = o_.lo, b = o_.hi;
  double fa = f(a, Role::bracket), fb = f(b, Role::bracket);
  if (std::isnan(fa) || std::isnan(fb) || (fa > 0 && fb > 0) || (fa < 0 && fb < 0))
    throw BracketError(result_.trace[0], result_.trace[1], o_.target, seed_);
  const auto estimate_at = [this](double v) {
    // The latest evaluation at v (clang 14 cannot parse libstdc++ 12's views::reverse).
    for (std::size_t i = result_.trace.size(); i-- > 0;)
      if (result_.trace[i].v == v) return result_.trace[i].at;
    return Estimate{};
  };
  double c = a, fc = fa, d = b - a, e = d;
  constexpr double eps = std::numeric_limits<double>::epsilon();
  for (;;) {
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;  // keep the sign change between b and c
      fc = fa;
      d = e = b - a;
    }
    if (std::abs(fc) < std::abs(fb)) {  // b is the best estimate so far
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const double tol = 2 * eps * std::abs(b) + 0.5 * o_.xtol;
    const double m = 0.5 * (c - b);
    if (std::abs(m) <= tol || fb == 0) {
      result_.converged = true;
      break;
    }
    if (result_.iterations >= o_.max_iterations) break;
    if (std::abs(e) >= tol && std::abs(fa) > std::abs(fb)) {
      const double s = fb / fa;
      double p, q;
      if (a == c) {  // secant
        p = 2 * m * s;
        q = 1 - s;
      } else {  // inverse quadratic interpolation
        const double qa = fa / fc, r = fb / fc;
        p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0)
        q = -q;
      else
        p = -p;
      if (2 * p < std::min(3 * m * q - std::abs(tol * q), std::abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;  // bisection
        e = d;
      }
    } else {
      d = m;
      e = d;
    }
    a = b;
    fa = fb;
    b += std::abs(d) > tol ? d : std::copysign(tol, m);
    ++result_.iterations;
    fb = f(b, Role::search);
    if (std::isnan(fb))
      throw InputError("find_root: the statistic is NaN at v = " + std::to_string(b));
  }
  result_.root = b;
  result_.at_root = estimate_at(b);
  result_.bracket_lo = std::min(b, c);
  result_.bracket_hi = std::max(b, c);
  return std::move(result_);
}

}  // namespace

const char* role_name(Evaluation::Role role) {
  switch (role) {
    case Evaluation::Role::bracket:
      return "bracket";
    case Evaluation::Role::search:
      return "search";
    case Evaluation::Role::slope:
      return "slope";
  }
  return "";
}

BracketError::BracketError(const Evaluation& lo_, const Evaluation& hi_, double target_,
                           std::uint64_t seed_)
    : std::runtime_error(bracket_message(lo_, hi_, target_, seed_)),
      lo(lo_),
      hi(hi_),
      target(target_),
      seed(seed_) {}

RootSearch find_root(const SeededObjective& s, const RootSearchOptions& options,
                     std::uint64_t seed) {
  check_options(options);
  return Search(s, options, seed).run();
}

double slope_step(const RootSearchOptions& o) {
  return std::max(20 * o.xtol, 0.01 * (o.hi - o.lo));
}

std::uint64_t replicate_seed(std::uint64_t seed, int r) {
  return splitmix64(splitmix64(seed) ^ splitmix64(0x5eed0000ULL + static_cast<std::uint64_t>(r)));
}

BreakEven solve_break_even(const SeededObjective& s, const RootSearchOptions& options,
                           std::uint64_t seed, int replicates) {
  BreakEven be;
  be.search = find_root(s, options, seed);
  be.trace = be.search.trace;

  const double v = be.search.root;
  be.slope_step = slope_step(options);
  be.slope_left = std::max(options.lo, v - be.slope_step);
  be.slope_right = std::min(options.hi, v + be.slope_step);
  const Estimate left = s(be.slope_left, seed), right = s(be.slope_right, seed);
  be.trace.push_back({be.slope_left, left, Evaluation::Role::slope});
  be.trace.push_back({be.slope_right, right, Evaluation::Role::slope});
  be.slope = (right.value - left.value) / (be.slope_right - be.slope_left);
  be.root_stderr = be.slope == 0 ? std::numeric_limits<double>::infinity()
                                 : be.search.at_root.stderr_ / std::abs(be.slope);
  be.ci_lower = v - kZ95 * be.root_stderr;
  be.ci_upper = v + kZ95 * be.root_stderr;

  double sum = 0;
  for (int r = 0; r < replicates; ++r) {
    const std::uint64_t rs = replicate_seed(seed, r);
    const RootSearch rep = find_root(s, options, rs);
    be.replicate_seeds.push_back(rs);
    be.replicate_roots.push_back(rep.root);
    be.replicate_evaluations.push_back(static_cast<int>(rep.trace.size()));
    be.replicates_unconverged += rep.converged ? 0 : 1;
    sum += rep.root;
  }
  if (replicates > 0) {
    be.replicate_mean = sum / replicates;
    double ss = 0;
    for (double x : be.replicate_roots) ss += (x - be.replicate_mean) * (x - be.replicate_mean);
    be.replicate_sd = replicates > 1 ? std::sqrt(ss / (replicates - 1))
                                     : std::numeric_limits<double>::quiet_NaN();
  }
  return be;
}

}  // namespace capexsim
