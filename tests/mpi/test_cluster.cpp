//! MpiCluster under `mpirun -np K` (a plain main, not Catch: every rank runs the same checks and
//! the same collective calls, whatever fails). Usage: test_mpi_cluster K. Checks rank/size, exact
//! integer sums onto rank 0 (other ranks' buffers untouched), gathers of rank-dependent sizes
//! (empty ones included), fixed and variable broadcasts, each with the default chunk size and
//! with a few bytes per MPI call (the path that buffers over INT_MAX take), and the misuse errors.
//! Exit 0 when every check on this rank passed; mpirun fails when any rank does.
#include <mpi.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "sim/cluster.h"
#include "sim/mpi_cluster.h"

using capexsim::MpiCluster;

namespace {

int g_rank = 0;
int g_checks = 0;
int g_failures = 0;

void expect(bool ok, const std::string& what) {
  ++g_checks;
  if (ok) return;
  ++g_failures;
  std::cerr << "rank " << g_rank << ": FAILED: " << what << '\n';
}

std::byte pattern(std::size_t rank, std::size_t i) {
  return static_cast<std::byte>((rank * 31 + i * 7 + 1) & 0xff);
}

std::vector<std::byte> rank_bytes(std::size_t rank, std::size_t n) {
  std::vector<std::byte> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = pattern(rank, i);
  return v;
}

void check_sums(MpiCluster& c, const std::string& tag) {
  const auto r = static_cast<std::uint64_t>(c.rank());
  const auto k = static_cast<std::uint64_t>(c.size());
  // Unsigned: large values (the sum of all ranks still fits in 64 bits) and small ones.
  std::vector<std::uint64_t> u(37);
  for (std::size_t i = 0; i < u.size(); ++i)
    u[i] = (r + 1) * (std::uint64_t{1} << 58) / 8 + r * 1000 + i;
  const std::vector<std::uint64_t> u_before = u;
  c.sum_to_root(u);
  std::vector<std::uint64_t> u_sum(u.size(), 0);
  for (std::uint64_t q = 0; q < k; ++q)
    for (std::size_t i = 0; i < u.size(); ++i)
      u_sum[i] += (q + 1) * (std::uint64_t{1} << 58) / 8 + q * 1000 + i;
  expect(c.rank() == 0 ? u == u_sum : u == u_before, tag + ": sum_to_root(uint64)");

  // Signed, with negative values and a sum that cancels to zero in some elements.
  std::vector<std::int64_t> s(11);
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto sign = (i + r) % 2 == 0 ? std::int64_t{1} : std::int64_t{-1};
    s[i] = sign * static_cast<std::int64_t>((r + 1) * (i + 1)) * (std::int64_t{1} << 33);
  }
  const std::vector<std::int64_t> s_before = s;
  c.sum_to_root(s);
  std::vector<std::int64_t> s_sum(s.size(), 0);
  for (std::uint64_t q = 0; q < k; ++q)
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto sign = (i + q) % 2 == 0 ? std::int64_t{1} : std::int64_t{-1};
      s_sum[i] += sign * static_cast<std::int64_t>((q + 1) * (i + 1)) * (std::int64_t{1} << 33);
    }
  expect(c.rank() == 0 ? s == s_sum : s == s_before, tag + ": sum_to_root(int64)");

  std::vector<std::uint64_t> empty;
  c.sum_to_root(empty);
  expect(empty.empty(), tag + ": sum_to_root of an empty span");
}

//! Rank q sends size_of(q) bytes; rank 0 must get them all, in rank order; others get nothing.
template <typename SizeOf>
void check_gather(MpiCluster& c, const std::string& tag, SizeOf size_of) {
  const auto r = static_cast<std::size_t>(c.rank());
  const auto all = c.gather_to_root(rank_bytes(r, size_of(r)));
  if (c.rank() != 0) {
    expect(all.empty(), tag + ": gather_to_root gives other ranks nothing");
    return;
  }
  bool ok = all.size() == static_cast<std::size_t>(c.size());
  for (std::size_t q = 0; ok && q < all.size(); ++q) ok = all[q] == rank_bytes(q, size_of(q));
  expect(ok, tag + ": gather_to_root contents");
}

void check_gathers(MpiCluster& c, const std::string& tag) {
  check_gather(c, tag + " (sizes 0,3,6..)", [](std::size_t q) { return 3 * q; });
  check_gather(c, tag + " (sizes 50,49,..)", [](std::size_t q) { return 50 - q; });
  check_gather(c, tag + " (all empty)", [](std::size_t) { return std::size_t{0}; });
  check_gather(c, tag + " (only rank 0)",
               [](std::size_t q) { return q == 0 ? std::size_t{1000} : 0; });
  const auto last = static_cast<std::size_t>(c.size() - 1);
  check_gather(c, tag + " (only the last rank)",
               [last](std::size_t q) { return q == last ? std::size_t{17} : 0; });
}

void check_broadcasts(MpiCluster& c, const std::string& tag) {
  const auto r = static_cast<std::size_t>(c.rank());
  std::vector<std::byte> fixed =
      c.rank() == 0 ? rank_bytes(99, 1001) : std::vector<std::byte>(1001);
  c.broadcast(std::span<std::byte>(fixed));
  expect(fixed == rank_bytes(99, 1001), tag + ": broadcast(span)");

  std::vector<std::byte> none;
  c.broadcast(std::span<std::byte>(none));
  expect(none.empty(), tag + ": broadcast of an empty span");

  // Other ranks start with buffers of their own (different) sizes and contents.
  std::vector<std::byte> variable = c.rank() == 0 ? rank_bytes(5, 777) : rank_bytes(r, 5 * r);
  c.broadcast(variable);
  expect(variable == rank_bytes(5, 777), tag + ": broadcast(vector) resizes and copies");

  std::vector<std::byte> to_empty = c.rank() == 0 ? std::vector<std::byte>{} : rank_bytes(r, 12);
  c.broadcast(to_empty);
  expect(to_empty.empty(), tag + ": broadcast(vector) of an empty root buffer empties the others");
}

void check_misuse(MpiCluster& c) {
  bool threw = false;
  std::thread other([&] {
    try {
      c.barrier();
    } catch (const std::logic_error&) {
      threw = true;
    }
  });
  other.join();
  expect(threw, "a collective from another thread throws std::logic_error");

  threw = false;
  try {
    int argc = 0;
    char** argv = nullptr;
    MpiCluster second(argc, argv);
  } catch (const std::logic_error&) {
    threw = true;
  }
  expect(threw, "a second MpiCluster throws std::logic_error");
}

int run(int argc, char** argv) {
  MpiCluster c(argc, argv);
  g_rank = c.rank();
  const int expected_size = argc > 1 ? std::atoi(argv[1]) : -1;
  expect(c.size() == expected_size,
         "size() == " + std::to_string(expected_size) + " (got " + std::to_string(c.size()) + ")");
  int mpi_rank = -1;
  MPI_Comm_rank(MPI_COMM_WORLD, &mpi_rank);
  expect(c.rank() == mpi_rank, "rank() is MPI_COMM_WORLD's rank");

  capexsim::set_cluster(&c);
  expect(&capexsim::cluster() == &c && capexsim::is_root() == (c.rank() == 0),
         "set_cluster and is_root");
  capexsim::set_cluster(nullptr);

  for (std::size_t chunk :
       {std::size_t{0}, std::size_t{1}, std::size_t{3}, std::size_t{7}, std::size_t{64}}) {
    if (chunk != 0) c.set_chunk_bytes(chunk);
    const std::string tag = chunk == 0 ? "default chunk" : std::to_string(chunk) + "-byte chunks";
    check_sums(c, tag);
    check_gathers(c, tag);
    check_broadcasts(c, tag);
    c.barrier();
  }
  c.set_chunk_bytes(0);
  expect(c.chunk_bytes() == 1, "set_chunk_bytes(0) clamps to 1");
  check_misuse(c);

  int failures = g_failures;
  int total = 0;
  MPI_Reduce(&failures, &total, 1, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
  if (c.rank() == 0)
    std::cout << "test_mpi_cluster: " << c.size() << " ranks, " << g_checks << " checks per rank, "
              << total << " failed in all\n";
  return g_failures == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "rank " << g_rank << ": exception: " << e.what() << '\n';
    return 1;
  }
}
