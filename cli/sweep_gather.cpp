// Each rank packs the summaries of its points into one byte message (the /summary fields of
// output/summary_fields.h, the /balance fields of output/balance_fields.h with financing, and
// the scalars the sweep file keeps, as length-prefixed vectors);
// rank 0 gathers them and unpacks each into its point's slot.
#include "cli/sweep_gather.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <stdexcept>
#include <string>

#include "output/balance_fields.h"
#include "output/summary_fields.h"

namespace capexsim::cli {
namespace {

//! A point's summary as bytes (the /summary and /balance fields and the scalars the sweep file
//! keeps).
std::vector<std::byte> pack_summary(const RunResults& r) {
  std::vector<std::byte> out;
  const auto put = [&out](const void* data, std::size_t bytes) {
    const std::size_t at = out.size();
    out.resize(at + bytes);
    if (bytes > 0) std::memcpy(out.data() + at, data, bytes);
  };
  const auto put_vector = [&put](const auto& v) {
    const std::uint64_t n = v.size();
    put(&n, sizeof n);
    put(v.data(), n * sizeof(v[0]));
  };
  const std::uint64_t scalars[4] = {r.paths, r.seed, static_cast<std::uint64_t>(r.sampler),
                                    r.replicates};
  put(scalars, sizeof scalars);
  const std::int32_t flags[2] = {r.common_random_numbers ? 1 : 0, r.balance.empty() ? 0 : 1};
  put(flags, sizeof flags);
  put(&r.quantile_relative_accuracy, sizeof(double));
  put_vector(r.quantile_method);
  put_vector(r.years);
  put_vector(r.quantile_levels);
  for (const SummaryField& f : kSummaryFields) put_vector(r.*f.values);
  for (const QuantileField& f : kQuantileFields) put_vector(r.*f.values);
  for (const CountField& f : kCountFields) put_vector(r.*f.values);
  put_vector(r.never_negative_counts);
  if (!r.balance.empty())
    for_each_balance_field([&](const BalanceField&, const auto& v) { put_vector(v); }, r.balance);
  return out;
}

RunResults unpack_summary(std::span<const std::byte> in, const std::vector<std::string>& entities) {
  std::size_t at = 0;
  const auto get = [&](void* data, std::size_t bytes) {
    if (at + bytes > in.size()) throw std::runtime_error("sweep: truncated point summary");
    if (bytes > 0) std::memcpy(data, in.data() + at, bytes);
    at += bytes;
  };
  const auto get_vector = [&get](auto& v) {
    std::uint64_t n = 0;
    get(&n, sizeof n);
    v.resize(n);
    get(v.data(), n * sizeof(v[0]));
  };
  RunResults r;
  std::uint64_t scalars[4];
  get(scalars, sizeof scalars);
  r.paths = scalars[0];
  r.seed = scalars[1];
  r.sampler = static_cast<SamplerKind>(scalars[2]);
  r.replicates = scalars[3];
  std::int32_t flags[2];
  get(flags, sizeof flags);
  r.common_random_numbers = flags[0] != 0;
  get(&r.quantile_relative_accuracy, sizeof(double));
  get_vector(r.quantile_method);
  get_vector(r.years);
  get_vector(r.quantile_levels);
  for (const SummaryField& f : kSummaryFields) get_vector(r.*f.values);
  for (const QuantileField& f : kQuantileFields) get_vector(r.*f.values);
  for (const CountField& f : kCountFields) get_vector(r.*f.values);
  get_vector(r.never_negative_counts);
  if (flags[1] != 0)
    for_each_balance_field([&](const BalanceField&, auto& v) { get_vector(v); }, r.balance);
  r.entities = entities;
  return r;
}

}  // namespace

void gather_points(Cluster& ranks, std::vector<RunResults>& results) {
  if (ranks.size() == 1) return;
  const auto K = static_cast<std::size_t>(ranks.size());
  std::vector<std::byte> mine;
  for (std::size_t i = static_cast<std::size_t>(ranks.rank()); i < results.size(); i += K) {
    const std::vector<std::byte> one = pack_summary(results[i]);
    const std::uint64_t n = one.size();
    const auto* size = reinterpret_cast<const std::byte*>(&n);
    mine.insert(mine.end(), size, size + sizeof n);
    mine.insert(mine.end(), one.begin(), one.end());
  }
  const std::vector<std::vector<std::byte>> all = ranks.gather_to_root(mine);
  const std::vector<std::string> entities = results.front().entities;  // rank 0 ran point 0
  for (std::size_t r = 1; r < all.size(); ++r) {
    std::size_t at = 0;
    for (std::size_t i = r; i < results.size(); i += K) {
      std::uint64_t n = 0;
      if (at + sizeof n > all[r].size()) throw std::runtime_error("sweep: truncated gather");
      std::memcpy(&n, all[r].data() + at, sizeof n);
      at += sizeof n;
      results[i] = unpack_summary(std::span<const std::byte>(all[r]).subspan(at, n), entities);
      at += n;
    }
  }
}

}  // namespace capexsim::cli
