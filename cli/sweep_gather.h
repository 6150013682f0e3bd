//! A sweep over MPI ranks (docs/mpi.md): point i runs on rank i mod K, and rank 0 gathers every
//! point's summary to write the sweep file.
#pragma once

#include <vector>

#include "sim/cluster.h"
#include "sim/results.h"

namespace capexsim::cli {

//! Rank 0 ends with every point's results (each ran on one rank); a no-op in one process.
//! Throws std::runtime_error on a truncated message.
void gather_points(Cluster& ranks, std::vector<RunResults>& results);

}  // namespace capexsim::cli
