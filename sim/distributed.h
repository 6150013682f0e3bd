//! A run spread over the ranks of a Cluster (docs/mpi.md): block b runs on rank b mod K, and
//! rank 0 receives what it needs to finish exactly as a single process would: every block's
//! statistics (merged there in block order), every rank's quantile sketches (integer counts) and
//! the sensitivity sample (each entry written by exactly one rank).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/block_stats.h"
#include "sim/cluster.h"
#include "sim/quantile_sketch.h"

namespace capexsim {

//! True when `block` runs on this rank.
inline bool owns_block(const Cluster& c, std::uint64_t block) {
  return block % static_cast<std::uint64_t>(c.size()) == static_cast<std::uint64_t>(c.rank());
}

//! `stats` holds blocks first, first + 1, ...; each rank filled those it owns. Afterwards rank 0
//! holds every block's statistics, bit for bit as computed by its owner.
void gather_block_stats(Cluster& c, std::uint64_t first, std::vector<BlockStats>& stats);

//! Each entry was written by one rank and left 0 by the others: rank 0 ends with every entry,
//! bit for bit (the sum of the bit patterns, all but one of them zero).
void gather_disjoint(Cluster& c, std::span<double> data);
void gather_disjoint(Cluster& c, std::span<std::int32_t> data);

//! Rank 0 ends with each sketch merged with the same sketch of every other rank.
void merge_sketches(Cluster& c, std::vector<QuantileSketch>& sketches);

//! Rank 0's flag, on every rank.
bool broadcast_flag(Cluster& c, bool value);

}  // namespace capexsim
