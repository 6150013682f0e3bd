//! Break-even search: the value v in [lo, hi] at which a Monte Carlo statistic S(v) reaches a
//! target, by a bracketed root search (Brent-Dekker with bisection safeguard), with the root's
//! standard error by the delta method and, optionally, the spread of the root over independent
//! seeds (docs/solve.md). Works on any callable v -> (estimate, stderr): `capexsim solve` passes a
//! full run with common random numbers, tests pass toy functions.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/result_statistic.h"

namespace capexsim {

//! S(v) with its standard error, for one seed.
using SeededObjective = std::function<Estimate(double v, std::uint64_t seed)>;

struct RootSearchOptions {
  double lo = 0, hi = 1;    //!< the bracket, lo < hi
  double target = 0;        //!< find v with S(v) = target
  double xtol = 1e-4;       //!< stop once the bracket around the sign change is this narrow
  int max_iterations = 60;  //!< evaluations after the two at the bracket's ends
};

//! One evaluation of the objective, and why it was made.
struct Evaluation {
  enum class Role { bracket, search, slope };
  double v = 0;
  Estimate at;
  Role role = Role::search;
};
const char* role_name(Evaluation::Role role);

//! S(lo) - target and S(hi) - target have the same sign (or one is NaN): no root is bracketed.
class BracketError : public std::runtime_error {
 public:
  BracketError(const Evaluation& lo, const Evaluation& hi, double target, std::uint64_t seed);
  Evaluation lo, hi;
  double target;
  std::uint64_t seed;
};

struct RootSearch {
  double root = 0;  //!< the evaluated v of the final bracket with the smaller |S(v) - target|
  Estimate at_root;
  double bracket_lo = 0, bracket_hi = 0;  //!< the final bracket around the sign change
  int iterations = 0;                     //!< evaluations after the bracket's two
  bool converged = false;  //!< bracket narrower than xtol, or S(root) == target exactly
  std::vector<Evaluation> trace;
};

//! Brent-Dekker on f(v) = S(v) - target with `seed`; throws BracketError when [lo, hi] does not
//! bracket a sign change and InputError on bad options or a NaN estimate inside.
RootSearch find_root(const SeededObjective& s, const RootSearchOptions& options,
                     std::uint64_t seed);

//! The step of the slope's finite difference: max(20 xtol, 1% of hi - lo).
double slope_step(const RootSearchOptions& options);

//! The seed of independent replicate r (0-based) of a search with `seed`.
std::uint64_t replicate_seed(std::uint64_t seed, int r);

struct BreakEven {
  RootSearch search;
  //! S'(root) by the difference over [left, right] = [root - h, root + h] clipped to [lo, hi],
  //! h = slope_step; with the same seed (common random numbers) the difference is not noise.
  double slope_step = 0, slope_left = 0, slope_right = 0, slope = 0;
  //! Delta method: SE(root) = SE(S at root) / |slope| (infinite for a zero slope), and the 95%
  //! interval root -+ 1.96 SE.
  double root_stderr = 0, ci_lower = 0, ci_upper = 0;
  //! The trace of the search followed by the two slope evaluations.
  std::vector<Evaluation> trace;
  //! Independent replicates (none unless asked): their seeds, roots, evaluations, and the mean
  //! and sample standard deviation of the roots.
  std::vector<std::uint64_t> replicate_seeds;
  std::vector<double> replicate_roots;
  std::vector<int> replicate_evaluations;
  int replicates_unconverged = 0;  //!< replicates that hit max_iterations (their best v is kept)
  double replicate_mean = 0, replicate_sd = 0;
};

//! The search with `seed`, the delta-method standard error, then `replicates` searches with
//! replicate_seed(seed, r) (a replicate whose bracket fails throws BracketError naming its seed).
BreakEven solve_break_even(const SeededObjective& s, const RootSearchOptions& options,
                           std::uint64_t seed, int replicates = 0);

}  // namespace capexsim
