//! MpiCluster over MPI's C API (MPI 3.1 standard: MPI_Init_thread §12.4.3, MPI_Reduce with
//! MPI_IN_PLACE §5.9, MPI_Allgather/MPI_Gatherv §5.5-5.7, MPI_Bcast §5.4). MPI counts are int,
//! so buffers beyond INT_MAX elements are moved in several calls of at most chunk_bytes() bytes
//! each (MPI 4's large-count "_c" calls are not in OpenMPI 4.1, Debian 12's). Sums are of
//! integers, so they are exact whatever order MPI adds them in.
#include "sim/mpi_cluster.h"

#include <mpi.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace capexsim {

namespace {

constexpr std::size_t kMaxCount = static_cast<std::size_t>(INT_MAX);

//! Throws std::runtime_error("MPI: <call> failed: <MPI's message>") unless rc is MPI_SUCCESS.
void check(int rc, const char* call) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING] = {};
  int length = 0;
  if (MPI_Error_string(rc, text, &length) != MPI_SUCCESS) length = 0;
  throw std::runtime_error(std::string("MPI: ") + call + " failed: " +
                           (length > 0 ? std::string(text, static_cast<std::size_t>(length))
                                       : "error code " + std::to_string(rc)));
}

//! Collectives are called from the thread that initialized MPI only (MPI_THREAD_FUNNELED).
void check_main_thread(const char* call) {
  int flag = 0;
  check(MPI_Is_thread_main(&flag), "MPI_Is_thread_main");
  if (flag == 0)
    throw std::logic_error(std::string("MPI: ") + call +
                           " called from a thread other than the one that initialized MPI");
}

int as_count(std::size_t n) { return static_cast<int>(std::min(n, kMaxCount)); }

template <typename T>
void sum_to_root_in_chunks(std::span<T> data, MPI_Datatype type, int rank,
                           std::size_t chunk_bytes) {
  check_main_thread("MPI_Reduce");
  const std::size_t step = std::max<std::size_t>(1, chunk_bytes / sizeof(T));
  for (std::size_t offset = 0; offset < data.size(); offset += step) {
    const int count = as_count(std::min(step, data.size() - offset));
    T* part = data.data() + offset;
    if (rank == 0)
      check(MPI_Reduce(MPI_IN_PLACE, part, count, type, MPI_SUM, 0, MPI_COMM_WORLD), "MPI_Reduce");
    else
      check(MPI_Reduce(part, nullptr, count, type, MPI_SUM, 0, MPI_COMM_WORLD), "MPI_Reduce");
  }
}

}  // namespace

MpiCluster::MpiCluster(int& argc, char**& argv) : chunk_bytes_(kMaxCount) {
  int initialized = 0;
  check(MPI_Initialized(&initialized), "MPI_Initialized");
  if (initialized != 0)
    throw std::logic_error("MPI: already initialized (one MpiCluster per process)");
  int provided = 0;
  check(MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  try {
    if (provided < MPI_THREAD_FUNNELED)
      throw std::runtime_error("MPI: the library does not provide MPI_THREAD_FUNNELED");
    check(MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN), "MPI_Comm_set_errhandler");
    check(MPI_Comm_rank(MPI_COMM_WORLD, &rank_), "MPI_Comm_rank");
    check(MPI_Comm_size(MPI_COMM_WORLD, &size_), "MPI_Comm_size");
  } catch (...) {
    MPI_Finalize();
    throw;
  }
}

MpiCluster::~MpiCluster() {
  int finalized = 0;
  if (MPI_Finalized(&finalized) == MPI_SUCCESS && finalized == 0) MPI_Finalize();
}

void MpiCluster::set_chunk_bytes(std::size_t bytes) {
  chunk_bytes_ = std::clamp<std::size_t>(bytes, 1, kMaxCount);
}

void MpiCluster::sum_to_root(std::span<std::uint64_t> data) {
  sum_to_root_in_chunks(data, MPI_UINT64_T, rank_, chunk_bytes_);
}

void MpiCluster::sum_to_root(std::span<std::int64_t> data) {
  sum_to_root_in_chunks(data, MPI_INT64_T, rank_, chunk_bytes_);
}

// Every rank learns every size (MPI_Allgather), so all agree on the number of rounds; in round r
// each rank sends bytes [r·c, (r+1)·c) of its buffer (possibly none), c = chunk_bytes / size, so
// one MPI_Gatherv never moves more than chunk_bytes in all and its int displacements cannot
// overflow. Rank 0 copies each round's pieces to their place in the per-rank vectors.
std::vector<std::vector<std::byte>> MpiCluster::gather_to_root(std::span<const std::byte> mine) {
  check_main_thread("MPI_Gatherv");
  const std::uint64_t my_size = mine.size();
  std::vector<std::uint64_t> sizes(static_cast<std::size_t>(size_));
  check(MPI_Allgather(&my_size, 1, MPI_UINT64_T, sizes.data(), 1, MPI_UINT64_T, MPI_COMM_WORLD),
        "MPI_Allgather");
  const std::size_t per_rank =
      std::max<std::size_t>(1, chunk_bytes_ / static_cast<std::size_t>(size_));
  const std::uint64_t largest = *std::max_element(sizes.begin(), sizes.end());
  const std::uint64_t rounds = (largest + per_rank - 1) / per_rank;

  std::vector<std::vector<std::byte>> all;
  std::vector<int> counts, displacements;
  std::vector<std::byte> round;
  if (rank_ == 0) {
    all.resize(sizes.size());
    for (std::size_t i = 0; i < sizes.size(); ++i) all[i].resize(sizes[i]);
    counts.resize(sizes.size());
    displacements.resize(sizes.size());
  }
  auto piece = [per_rank](std::uint64_t size, std::size_t offset) {
    return size > offset ? std::min<std::size_t>(per_rank, size - offset) : std::size_t{0};
  };
  for (std::uint64_t r = 0; r < rounds; ++r) {
    const std::size_t offset = r * per_rank;
    const std::size_t send = piece(my_size, offset);
    const std::byte* from = send > 0 ? mine.data() + offset : mine.data();
    if (rank_ == 0) {
      std::size_t total = 0;
      for (std::size_t i = 0; i < sizes.size(); ++i) {
        counts[i] = as_count(piece(sizes[i], offset));
        displacements[i] = as_count(total);
        total += static_cast<std::size_t>(counts[i]);
      }
      round.resize(total);
    }
    check(MPI_Gatherv(from, as_count(send), MPI_BYTE, round.data(), counts.data(),
                      displacements.data(), MPI_BYTE, 0, MPI_COMM_WORLD),
          "MPI_Gatherv");
    if (rank_ == 0)
      for (std::size_t i = 0; i < sizes.size(); ++i)
        std::copy_n(round.begin() + displacements[i], counts[i],
                    all[i].begin() + static_cast<std::ptrdiff_t>(offset));
  }
  return all;
}

void MpiCluster::broadcast(std::span<std::byte> data) {
  check_main_thread("MPI_Bcast");
  for (std::size_t offset = 0; offset < data.size(); offset += chunk_bytes_)
    check(MPI_Bcast(data.data() + offset, as_count(std::min(chunk_bytes_, data.size() - offset)),
                    MPI_BYTE, 0, MPI_COMM_WORLD),
          "MPI_Bcast");
}

void MpiCluster::broadcast(std::vector<std::byte>& data) {
  check_main_thread("MPI_Bcast");
  std::uint64_t size = data.size();
  check(MPI_Bcast(&size, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD), "MPI_Bcast");
  if (rank_ != 0) data.resize(size);
  broadcast(std::span<std::byte>(data));
}

void MpiCluster::barrier() {
  check_main_thread("MPI_Barrier");
  check(MPI_Barrier(MPI_COMM_WORLD), "MPI_Barrier");
}

// A member, not static, though it uses no member: only a rank that holds the cluster (MPI is
// initialised) may abort the job. NOLINTNEXTLINE(readability-convert-member-functions-to-static)
void MpiCluster::abort(int code) {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::abort();  // MPI_Abort does not return; this keeps [[noreturn]] true if it ever did
}

}  // namespace capexsim
