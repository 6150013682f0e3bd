//! The processes a run is spread over, seen by the engine without MPI: rank, size and the few
//! collective operations the engine needs (sum onto rank 0, gather, broadcast, barrier). The
//! default is a single process where every operation is the identity; the MPI build's main
//! installs an MpiCluster (sim/mpi_cluster.h), so that nothing outside it includes mpi.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace capexsim {

//! A group of cooperating processes numbered 0..size()-1; rank 0 is the root, which gathers
//! results and writes files. Every collective must be called by all ranks, in the same order,
//! from the thread that created the cluster (MPI_THREAD_FUNNELED).
class Cluster {
 public:
  virtual ~Cluster() = default;

  //! This process's number, 0..size()-1.
  virtual int rank() const { return 0; }
  //! The number of processes.
  virtual int size() const { return 1; }

  //! Element-wise sum onto rank 0, in place (rank 0 ends with the sum; other ranks' buffers are
  //! left as they were). Integer sums, so exact and independent of the order of arrival. All
  //! ranks pass spans of the same length.
  virtual void sum_to_root(std::span<std::uint64_t> data) { (void)data; }
  virtual void sum_to_root(std::span<std::int64_t> data) { (void)data; }

  //! Every rank's bytes, on rank 0, indexed by rank (rank 0's own included); other ranks get {}.
  //! Sizes may differ between ranks, and may be zero.
  virtual std::vector<std::vector<std::byte>> gather_to_root(std::span<const std::byte> mine);

  //! Rank 0's bytes to every rank (all ranks pass buffers of the same size).
  virtual void broadcast(std::span<std::byte> data) { (void)data; }
  //! Rank 0's variable-size bytes to every rank (others' input ignored, resized on receipt).
  virtual void broadcast(std::vector<std::byte>& data) { (void)data; }

  //! Returns once every rank has called it.
  virtual void barrier() {}
};

//! The process-wide cluster: a single process unless main installed another (MPI build).
Cluster& cluster();
//! Installs c as the process-wide cluster (not owned; it must outlive its use);
//! nullptr: back to the single process. Call from main before any thread starts.
void set_cluster(Cluster* c);

//! True on the process that writes files and prints the summary (rank 0).
inline bool is_root() { return cluster().rank() == 0; }

}  // namespace capexsim
