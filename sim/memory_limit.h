//! How much memory this process may use: the least of physical memory, the cgroup's limit and
//! the address-space and data-segment rlimits (a container, a Slurm job or `ulimit -v` lowers
//! them), with the name of the limit that binds, so a refusal can say where it comes from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace capexsim {

//! The limits as read from the system; nullopt: no such limit (unlimited or unreadable).
struct MemorySources {
  std::uint64_t physical = 0;
  std::optional<std::uint64_t> cgroup;         //!< memory.max (v2) or memory.limit_in_bytes (v1)
  std::string cgroup_file;                     //!< where `cgroup` was read
  std::optional<std::uint64_t> address_space;  //!< RLIMIT_AS (ulimit -v)
  std::optional<std::uint64_t> data;           //!< RLIMIT_DATA (ulimit -d)
};

//! The binding limit and where it comes from.
struct MemoryLimit {
  std::uint64_t bytes = 0;
  std::string source;  //!< e.g. "physical memory", "the cgroup limit (/sys/fs/cgroup/memory.max)"
};

//! The least of the sources; ties go to the first in the order physical, cgroup, address
//! space, data.
MemoryLimit least_memory(const MemorySources& sources);

//! A cgroup limit file's text: "max" (v2) or a byte count; a v1 "unlimited" is a huge number
//! (at least 2^60), also read as no limit. Nullopt for no limit or unreadable text.
std::optional<std::uint64_t> parse_cgroup_limit(std::string_view text);

//! The cgroup limit files that bind a process whose /proc/self/cgroup reads `proc_cgroup`: for
//! its v2 group ("0::PATH") ROOT/PATH/memory.max and the same in every ancestor up to
//! ROOT/memory.max, and for its v1 memory group ("N:memory:PATH") ROOT/memory/PATH/
//! memory.limit_in_bytes likewise (a Slurm job's limit sits on an ancestor of the step's group).
std::vector<std::string> cgroup_limit_files(std::string_view proc_cgroup, const std::string& root);

//! Reads the sources: sysconf for physical memory, the least limit in the cgroup_limit_files
//! that exist (of /proc/self/cgroup under `cgroup_root`), getrlimit.
MemorySources read_memory_sources(const std::string& cgroup_root = "/sys/fs/cgroup");

//! least_memory(read_memory_sources()).
MemoryLimit available_memory();

}  // namespace capexsim
