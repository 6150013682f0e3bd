//! Variance-based sensitivity of any model of d independent uniform inputs: first-order and
//! total Sobol' indices from a Saltelli design with the Jansen estimators, with bootstrap
//! intervals. Knows nothing about the cash-flow model (sim/sensitivity.h connects the two).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace capexsim {

//! Evaluates the model on a batch of rows (row-major, d uniforms in (0, 1) per row), one output
//! per row into `out`. Called concurrently on different batches: no shared mutable state.
using BatchModel = std::function<void(std::span<const double> rows, std::span<double> out)>;

struct SobolOptions {
  std::uint64_t n = 10000;        //!< base rows N (>= 2): the cost is N (groups + 2) evaluations
  std::uint64_t bootstrap = 200;  //!< bootstrap resamples of the N rows (0: no intervals)
  std::uint64_t seed = 1;
  int threads = 0;  //!< 0: all hardware threads; never changes a number
};

//! Indices per group, in the order the groups were given.
struct SobolIndices {
  std::vector<double> first, total;  //!< S_i and S_Ti (NaN when the output does not vary)
  //! Bootstrap 2.5% and 97.5% percentiles and standard deviation of each estimate (NaN
  //! without bootstrap).
  std::vector<double> first_lower, first_upper, first_stderr;
  std::vector<double> total_lower, total_upper, total_stderr;
  //! Sum of the first-order indices (1 minus it: the interactions' share) and its bootstrap
  //! 2.5% and 97.5% percentiles; the estimates' errors are correlated, so the sum's interval is
  //! not the sum of theirs.
  double first_sum = 0, first_sum_lower = 0, first_sum_upper = 0;
  double variance = 0;  //!< V, the output's variance over the 2N rows of A and B
  double mean = 0;      //!< the output's mean over the same rows
  std::uint64_t n = 0, bootstrap = 0, seed = 0;
  std::uint64_t evaluations = 0;  //!< N (groups + 2)
};

//! Rows in blocks of this size draw from streams keyed by (seed, block): part of the
//! reproducibility contract, as kBlockSize is for runs.
inline constexpr std::uint64_t kSobolRowBlock = 256;

//! Indices of `model` over d inputs. `groups[i]` lists the input columns that group i swaps
//! together; groups must be non-empty, disjoint and within [0, d) (InputError).
//! Bitwise identical for any options.threads.
SobolIndices sobol_indices(std::size_t d, const std::vector<std::vector<std::size_t>>& groups,
                           const BatchModel& model, const SobolOptions& options);

//! One group per input: {{0}, {1}, ..., {d-1}}.
std::vector<std::vector<std::size_t>> singleton_groups(std::size_t d);

}  // namespace capexsim
