// How much memory the process may use: the least of physical memory, the cgroup limit and the
// rlimits, the cgroup files read up the hierarchy, and the limit setrlimit lowers.
#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <filesystem>
#include <fstream>

#include "sim/memory_limit.h"

using namespace capexsim;

namespace {

constexpr std::uint64_t GiB = std::uint64_t{1} << 30;

}  // namespace

TEST_CASE("the least of the sources binds, and names where it comes from", "[memory]") {
  MemorySources s;
  s.physical = 64 * GiB;
  CHECK(least_memory(s).bytes == 64 * GiB);
  CHECK(least_memory(s).source == "physical memory");
  s.cgroup = 8 * GiB;
  s.cgroup_file = "/sys/fs/cgroup/memory.max";
  CHECK(least_memory(s).bytes == 8 * GiB);
  CHECK(least_memory(s).source.find("cgroup") != std::string::npos);
  CHECK(least_memory(s).source.find("/sys/fs/cgroup/memory.max") != std::string::npos);
  s.address_space = 4 * GiB;
  CHECK(least_memory(s).bytes == 4 * GiB);
  CHECK(least_memory(s).source.find("RLIMIT_AS") != std::string::npos);
  s.data = 2 * GiB;
  CHECK(least_memory(s).bytes == 2 * GiB);
  CHECK(least_memory(s).source.find("RLIMIT_DATA") != std::string::npos);
  s.cgroup = 1 * GiB;
  CHECK(least_memory(s).source.find("cgroup") != std::string::npos);
}

TEST_CASE("cgroup limit files: max and v1's huge number are no limit", "[memory]") {
  CHECK_FALSE(parse_cgroup_limit("max\n"));
  CHECK_FALSE(parse_cgroup_limit("9223372036854771712\n"));
  CHECK_FALSE(parse_cgroup_limit(""));
  CHECK_FALSE(parse_cgroup_limit("12x\n"));
  CHECK(parse_cgroup_limit("1073741824\n") == 1073741824u);
  CHECK(parse_cgroup_limit("4096") == 4096u);
}

TEST_CASE("the cgroup files are the process's group and every ancestor", "[memory]") {
  const auto v2 = cgroup_limit_files("0::/job_7/step_0\n", "/cg");
  REQUIRE(v2.size() == 3);
  CHECK(v2[0] == "/cg/job_7/step_0/memory.max");
  CHECK(v2[1] == "/cg/job_7/memory.max");
  CHECK(v2[2] == "/cg/memory.max");
  CHECK(cgroup_limit_files("0::/\n", "/cg") == std::vector<std::string>{"/cg/memory.max"});
  const auto v1 = cgroup_limit_files("5:cpu:/x\n4:memory:/slurm/job_3\n", "/cg");
  REQUIRE(v1.size() == 3);
  CHECK(v1[0] == "/cg/memory/slurm/job_3/memory.limit_in_bytes");
  CHECK(v1[2] == "/cg/memory/memory.limit_in_bytes");
  CHECK(cgroup_limit_files("3:cpuacct,memory:/a\n", "/cg").size() == 2);
}

TEST_CASE("read_memory_sources reads a cgroup tree and the rlimits", "[memory]") {
  const auto root = std::filesystem::temp_directory_path() / "capexsim-memory-limit";
  std::filesystem::remove_all(root);
  std::filesystem::create_directories(root / "memory");
  std::ofstream(root / "memory.max") << "3221225472\n";                        // v2 at the root
  std::ofstream(root / "memory" / "memory.limit_in_bytes") << "2147483648\n";  // v1 at the root
  const MemorySources s = read_memory_sources(root.string());
  CHECK(s.physical > 0);
  // The process's own group under this fake root is whatever /proc/self/cgroup says; the root's
  // files are always among the candidates, so the least of them is found.
  REQUIRE(s.cgroup);
  CHECK(*s.cgroup <= 3221225472u);
  std::filesystem::remove_all(root);
}

TEST_CASE("a lowered RLIMIT_AS is the limit", "[memory]") {
#ifdef CAPEXSIM_SANITIZED
  // ASan reserves terabytes of address space for its shadow memory: under a 48 GiB RLIMIT_AS its
  // allocator can no longer map memory at all.
  WARN("sanitizer build: the lowered RLIMIT_AS case is not run");
  return;
#endif
  rlimit saved{};
  REQUIRE(::getrlimit(RLIMIT_AS, &saved) == 0);
  const rlim_t lowered = 48 * GiB;
  if (saved.rlim_max != RLIM_INFINITY && saved.rlim_max < lowered) return;  // cannot raise it
  rlimit low = saved;
  low.rlim_cur = lowered;
  REQUIRE(::setrlimit(RLIMIT_AS, &low) == 0);
  const MemorySources s = read_memory_sources();
  REQUIRE(::setrlimit(RLIMIT_AS, &saved) == 0);
  REQUIRE(s.address_space);
  CHECK(*s.address_space == lowered);
}
