#include "sim/memory_limit.h"

#include <sys/resource.h>
#include <unistd.h>

#include <charconv>
#include <fstream>
#include <sstream>

namespace capexsim {
namespace {

//! A v1 cgroup without a limit reports about 2^63 rounded down to a page.
constexpr std::uint64_t kNoLimitAbove = std::uint64_t{1} << 60;

std::optional<std::uint64_t> read_rlimit(int resource) {
  rlimit limit{};
  if (::getrlimit(resource, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return std::nullopt;
  return static_cast<std::uint64_t>(limit.rlim_cur);
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

MemoryLimit least_memory(const MemorySources& s) {
  MemoryLimit least{s.physical, "physical memory"};
  const auto lower = [&least](const std::optional<std::uint64_t>& bytes, std::string source) {
    if (bytes && *bytes < least.bytes) least = {*bytes, std::move(source)};
  };
  lower(s.cgroup, "the cgroup limit (" + s.cgroup_file + ")");
  lower(s.address_space, "the address-space limit (RLIMIT_AS: ulimit -v, a batch job's limit)");
  lower(s.data, "the data-segment limit (RLIMIT_DATA: ulimit -d)");
  return least;
}

std::optional<std::uint64_t> parse_cgroup_limit(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  if (text.empty() || text == "max") return std::nullopt;
  std::uint64_t bytes = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), bytes);
  if (error != std::errc() || end != text.data() + text.size() || bytes >= kNoLimitAbove)
    return std::nullopt;
  return bytes;
}

std::vector<std::string> cgroup_limit_files(std::string_view proc_cgroup, const std::string& root) {
  std::vector<std::string> files;
  std::istringstream lines{std::string(proc_cgroup)};
  for (std::string line; std::getline(lines, line);) {
    const auto first = line.find(':'), second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    const std::string controllers = line.substr(first + 1, second - first - 1);
    std::string path = line.substr(second + 1);
    const bool v2 = line.substr(0, first) == "0" && controllers.empty();
    if (!v2 && controllers != "memory" && !controllers.starts_with("memory,") &&
        controllers.find(",memory") == std::string::npos)
      continue;
    const std::string base = v2 ? root : root + "/memory";
    const std::string name = v2 ? "/memory.max" : "/memory.limit_in_bytes";
    while (!path.empty() && path.back() == '/') path.pop_back();
    for (;;) {  // the group itself, then each ancestor up to the mount's root
      files.push_back(base + path + name);
      if (path.empty()) break;
      path.erase(path.rfind('/'));
    }
  }
  return files;
}

MemorySources read_memory_sources(const std::string& cgroup_root) {
  MemorySources s;
  s.physical = static_cast<std::uint64_t>(::sysconf(_SC_PHYS_PAGES)) *
               static_cast<std::uint64_t>(::sysconf(_SC_PAGE_SIZE));
  const std::string proc = read_file("/proc/self/cgroup").value_or("0::/\n");
  for (const std::string& file : cgroup_limit_files(proc, cgroup_root)) {
    const std::optional<std::string> text = read_file(file);
    if (!text) continue;
    const std::optional<std::uint64_t> bytes = parse_cgroup_limit(*text);
    if (bytes && (!s.cgroup || *bytes < *s.cgroup)) {
      s.cgroup = bytes;
      s.cgroup_file = file;
    }
  }
  s.address_space = read_rlimit(RLIMIT_AS);
  s.data = read_rlimit(RLIMIT_DATA);
  return s;
}

MemoryLimit available_memory() { return least_memory(read_memory_sources()); }

}  // namespace capexsim
