//! The Cluster of an MPI job (MPI_COMM_WORLD), for the CAPEXSIM_MPI build only: the one place
//! that talks to MPI. Constructing it joins the job (MPI_Init_thread), destroying it leaves
//! (MPI_Finalize); every MPI error becomes a std::runtime_error naming the call.
#pragma once

#include <cstddef>

#include "sim/cluster.h"

namespace capexsim {

class MpiCluster final : public Cluster {
 public:
  //! Initializes MPI with MPI_THREAD_FUNNELED (MPI is called only from this thread; oneTBB's
  //! workers never call it) and makes MPI_COMM_WORLD return errors instead of aborting.
  //! Throws if MPI was already initialized or cannot provide that thread level.
  MpiCluster(int& argc, char**& argv);
  //! MPI_Finalize. Every rank must get here (or call abort), or the others wait for it.
  ~MpiCluster() override;
  MpiCluster(const MpiCluster&) = delete;
  MpiCluster& operator=(const MpiCluster&) = delete;

  int rank() const override { return rank_; }
  int size() const override { return size_; }

  void sum_to_root(std::span<std::uint64_t> data) override;
  void sum_to_root(std::span<std::int64_t> data) override;
  std::vector<std::vector<std::byte>> gather_to_root(std::span<const std::byte> mine) override;
  void broadcast(std::span<std::byte> data) override;
  void broadcast(std::vector<std::byte>& data) override;
  void barrier() override;

  //! The most bytes one MPI call moves (MPI counts are int; default INT_MAX): larger buffers go
  //! in several calls. Tests set a few bytes to exercise that path. Clamped to [1, INT_MAX];
  //! every rank must set the same value.
  void set_chunk_bytes(std::size_t bytes);
  std::size_t chunk_bytes() const { return chunk_bytes_; }

  //! Ends every rank of the job with this exit code (MPI_Abort): for a failure that the other
  //! ranks, possibly waiting in a collective call, cannot see.
  [[noreturn]] void abort(int code);

 private:
  int rank_ = 0;
  int size_ = 1;
  std::size_t chunk_bytes_;
};

}  // namespace capexsim
