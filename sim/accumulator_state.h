//! The sums of an Accumulator (sim/accumulator.h) as plain arrays, for checkpoints.
#pragma once

#include <cstdint>
#include <vector>

namespace capexsim {

//! Everything an Accumulator holds, flattened for a checkpoint (docs/checkpoint.md): restoring it
//! continues the sums bit for bit.
struct AccumulatorState {
  std::vector<double> reals;         //!< n, every MeanVar (n, mean, m2), replicate paths and sums
  std::vector<std::int64_t> counts;  //!< the counts, then the replicates used
};

}  // namespace capexsim
