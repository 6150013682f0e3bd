// Byte layouts are this build's own (the ranks of one job run the same executable): a block is
// its index, path count, cells and never-negative counts copied as they are in memory; a sketch
// is QuantileSketch::to_words. Nothing is rounded or re-added on the way, so rank 0 sees the
// numbers its peers computed, and finishing the run there is the single-process computation.
#include "sim/distributed.h"

#include <array>
#include <bit>
#include <cstring>
#include <stdexcept>
#include <type_traits>

namespace capexsim {
namespace {

static_assert(std::is_trivially_copyable_v<CellStats>);
static_assert(std::is_trivially_copyable_v<BalanceCell>);

template <class T>
void put(std::vector<std::byte>& out, const T* data, std::size_t n) {
  const std::size_t at = out.size();
  out.resize(at + n * sizeof(T));
  if (n > 0) std::memcpy(out.data() + at, data, n * sizeof(T));
}

template <class T>
void get(std::span<const std::byte> in, std::size_t& at, T* data, std::size_t n) {
  if (at + n * sizeof(T) > in.size()) throw std::runtime_error("distributed: truncated message");
  if (n > 0) std::memcpy(data, in.data() + at, n * sizeof(T));
  at += n * sizeof(T);
}

}  // namespace

void gather_block_stats(Cluster& c, std::uint64_t first, std::vector<BlockStats>& stats) {
  if (c.size() == 1) return;
  std::vector<std::byte> mine;
  for (std::uint64_t i = 0; i < stats.size(); ++i) {
    if (!owns_block(c, first + i)) continue;
    const BlockStats& b = stats[i];
    const std::uint64_t header[5] = {first + i, b.cells.size(), b.never_negative.size(),
                                     b.balance.cells.size(), b.balance.never.size()};
    put(mine, header, 5);
    put(mine, &b.n, 1);
    put(mine, b.cells.data(), b.cells.size());
    put(mine, b.never_negative.data(), b.never_negative.size());
    put(mine, b.balance.cells.data(), b.balance.cells.size());
    put(mine, b.balance.never.data(), b.balance.never.size());
  }
  const std::vector<std::vector<std::byte>> all = c.gather_to_root(mine);
  for (std::size_t r = 1; r < all.size(); ++r) {
    const std::span<const std::byte> in(all[r]);
    for (std::size_t at = 0; at < in.size();) {
      std::uint64_t header[5];
      get(in, at, header, 5);
      if (header[0] < first || header[0] - first >= stats.size())
        throw std::runtime_error("distributed: a block outside the batch");
      BlockStats& b = stats[header[0] - first];
      b.cells.resize(header[1]);
      b.never_negative.resize(header[2]);
      b.balance.cells.resize(header[3]);
      b.balance.never.resize(header[4]);
      get(in, at, &b.n, 1);
      get(in, at, b.cells.data(), b.cells.size());
      get(in, at, b.never_negative.data(), b.never_negative.size());
      get(in, at, b.balance.cells.data(), b.balance.cells.size());
      get(in, at, b.balance.never.data(), b.balance.never.size());
    }
  }
}

void gather_disjoint(Cluster& c, std::span<double> data) {
  if (c.size() == 1) return;
  std::vector<std::uint64_t> bits(data.size());
  for (std::size_t i = 0; i < data.size(); ++i) bits[i] = std::bit_cast<std::uint64_t>(data[i]);
  c.sum_to_root(bits);
  if (c.rank() == 0)
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = std::bit_cast<double>(bits[i]);
}

void gather_disjoint(Cluster& c, std::span<std::int32_t> data) {
  if (c.size() == 1) return;
  std::vector<std::int64_t> wide(data.begin(), data.end());
  c.sum_to_root(wide);
  if (c.rank() == 0)
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::int32_t>(wide[i]);
}

void merge_sketches(Cluster& c, std::vector<QuantileSketch>& sketches) {
  if (c.size() == 1) return;
  std::vector<std::byte> mine;
  for (const QuantileSketch& s : sketches) {
    const std::vector<std::uint64_t> words = s.to_words();
    const std::uint64_t n = words.size();
    put(mine, &n, 1);
    put(mine, words.data(), words.size());
  }
  const std::vector<std::vector<std::byte>> all = c.gather_to_root(mine);
  for (std::size_t r = 1; r < all.size(); ++r) {
    const std::span<const std::byte> in(all[r]);
    std::size_t at = 0;
    for (QuantileSketch& s : sketches) {
      std::uint64_t n = 0;
      get(in, at, &n, 1);
      std::vector<std::uint64_t> words(n);
      get(in, at, words.data(), n);
      s.merge(QuantileSketch::from_words(words));
    }
  }
}

bool broadcast_flag(Cluster& c, bool value) {
  std::byte flag{static_cast<unsigned char>(value ? 1 : 0)};
  c.broadcast(std::span<std::byte>(&flag, 1));
  return flag != std::byte{0};
}

}  // namespace capexsim
