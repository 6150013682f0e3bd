//! Per-replicate sums of a run's estimates, for the standard errors of samplers whose paths are
//! not independent (lhs: each block a replicate; sobol: each randomization): for each replicate its
//! path count and, per (cell, field), the sum over its paths (Owen 2013, 10.4 and 17.2).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace capexsim {

class ReplicateSums {
 public:
  //! `replicates` 0: none kept (mc, whose standard errors come from the paths).
  ReplicateSums(std::size_t replicates, std::size_t cells, std::size_t fields);

  std::size_t replicates() const { return R_; }
  //! Replicates that have had a block so far.
  std::uint64_t used() const { return used_; }

  //! A block of n paths of replicate r (< replicates()); its sums follow through add.
  void add_block(std::size_t r, double n);
  void add(std::size_t r, std::size_t cell, std::size_t field, double sum) {
    sums_[(r * cells_ + cell) * fields_ + field] += sum;
  }

  //! Standard error of the mean of (cell, field) from the replicate means (replicate_stderr).
  double stderr_of(std::size_t cell, std::size_t field) const;

  //! The sums as a checkpoint's reals (path counts, then sums) and counts (replicates used), and
  //! back, advancing the iterators.
  void append(std::vector<double>& reals, std::vector<std::int64_t>& counts) const;
  void restore(std::vector<double>::const_iterator& reals,
               std::vector<std::int64_t>::const_iterator& counts);

 private:
  std::size_t R_, cells_, fields_;
  std::vector<double> n_;     // [replicate]
  std::vector<double> sums_;  // [replicate][cell][field]
  std::uint64_t used_ = 0;
};

}  // namespace capexsim
