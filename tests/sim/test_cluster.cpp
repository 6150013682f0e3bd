//! The default Cluster behaves as one process (rank 0 of 1, every collective the identity), and
//! set_cluster installs and removes another.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "sim/cluster.h"

using namespace capexsim;

namespace {

std::vector<std::byte> bytes(std::initializer_list<int> values) {
  std::vector<std::byte> out;
  for (int v : values) out.push_back(static_cast<std::byte>(v));
  return out;
}

//! A stand-in for a rank of a larger job, to see that cluster() and is_root() follow set_cluster.
class FakeRank final : public Cluster {
 public:
  int rank() const override { return 2; }
  int size() const override { return 3; }
};

}  // namespace

TEST_CASE("the default cluster is a single process", "[cluster]") {
  Cluster& c = cluster();
  CHECK(c.rank() == 0);
  CHECK(c.size() == 1);
  CHECK(is_root());

  std::vector<std::uint64_t> u = {1, 2, std::uint64_t{1} << 63};
  c.sum_to_root(u);
  CHECK(u == std::vector<std::uint64_t>{1, 2, std::uint64_t{1} << 63});
  std::vector<std::int64_t> s = {-5, 0, 7};
  c.sum_to_root(s);
  CHECK(s == std::vector<std::int64_t>{-5, 0, 7});

  const std::vector<std::byte> mine = bytes({1, 2, 3});
  const auto all = c.gather_to_root(mine);
  REQUIRE(all.size() == 1);
  CHECK(all[0] == mine);
  const auto none = c.gather_to_root({});
  REQUIRE(none.size() == 1);
  CHECK(none[0].empty());

  std::vector<std::byte> fixed = bytes({9, 8});
  c.broadcast(std::span<std::byte>(fixed));
  CHECK(fixed == bytes({9, 8}));
  std::vector<std::byte> variable = bytes({4, 5, 6, 7});
  c.broadcast(variable);
  CHECK(variable == bytes({4, 5, 6, 7}));
  c.barrier();
}

TEST_CASE("set_cluster installs a cluster and nullptr restores the single process", "[cluster]") {
  FakeRank fake;
  set_cluster(&fake);
  CHECK(&cluster() == &fake);
  CHECK(cluster().size() == 3);
  CHECK_FALSE(is_root());
  set_cluster(nullptr);
  CHECK(&cluster() != &fake);
  CHECK(cluster().rank() == 0);
  CHECK(cluster().size() == 1);
  CHECK(is_root());
}
