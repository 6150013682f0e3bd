#include "sim/replicate_sums.h"

#include <algorithm>

#include "sim/precision.h"

namespace capexsim {

ReplicateSums::ReplicateSums(std::size_t replicates, std::size_t cells, std::size_t fields)
    : R_(replicates),
      cells_(cells),
      fields_(fields),
      n_(R_, 0.0),
      sums_(R_ * cells * fields, 0.0) {}

void ReplicateSums::add_block(std::size_t r, double n) {
  used_ = std::max<std::uint64_t>(used_, r + 1);
  n_[r] += n;
}

double ReplicateSums::stderr_of(std::size_t cell, std::size_t field) const {
  std::vector<double> means, weights;
  for (std::size_t r = 0; r < used_; ++r) {
    if (n_[r] == 0) continue;
    means.push_back(sums_[(r * cells_ + cell) * fields_ + field] / n_[r]);
    weights.push_back(n_[r]);
  }
  return replicate_stderr(means, weights);
}

void ReplicateSums::append(std::vector<double>& reals, std::vector<std::int64_t>& counts) const {
  reals.insert(reals.end(), n_.begin(), n_.end());
  reals.insert(reals.end(), sums_.begin(), sums_.end());
  counts.push_back(static_cast<std::int64_t>(used_));
}

void ReplicateSums::restore(std::vector<double>::const_iterator& reals,
                            std::vector<std::int64_t>::const_iterator& counts) {
  for (std::vector<double>* v : {&n_, &sums_}) {
    std::copy(reals, reals + static_cast<std::ptrdiff_t>(v->size()), v->begin());
    reals += static_cast<std::ptrdiff_t>(v->size());
  }
  used_ = static_cast<std::uint64_t>(*counts++);
}

}  // namespace capexsim
