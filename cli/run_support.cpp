#include "cli/run_support.h"

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <thread>

#include "models/errors.h"
#include "output/results_writer.h"
#include "sim/interrupt.h"
#include "sim/memory_estimate.h"
#include "sim/memory_limit.h"

namespace capexsim::cli {
namespace {

//! Address space a worker thread reserves without touching it: glibc's malloc arena (64 MiB on
//! 64-bit) and its stack (8 MiB); counts against RLIMIT_AS only.
constexpr std::uint64_t kThreadAddressSpace = std::uint64_t{72} << 20;

std::string mib(std::uint64_t bytes) { return std::to_string((bytes + (1 << 20) - 1) >> 20); }

std::uint64_t thread_count(int threads) {
  if (threads > 0) return static_cast<std::uint64_t>(threads);
  return std::max<std::uint64_t>(std::thread::hardware_concurrency(), 1);
}

}  // namespace

std::uint64_t memory_budget(const MemoryLimit& limit) { return limit.bytes / 10 * 9; }

namespace {

[[noreturn]] void refuse(std::uint64_t need, const MemoryLimit& limit, const std::string& what,
                         const std::string& lower) {
  throw InputError(what + " needs about " + mib(need) + " MiB of memory but " +
                   mib(memory_budget(limit)) + " MiB are available (90% of " + mib(limit.bytes) +
                   " MiB: " + limit.source + "); " + lower + " (docs/resource-limits.md)");
}

}  // namespace

void commit_results(AtomicOutput& file) {
  mark_finishing();
  file.commit();
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

MemoryLimit process_memory_limit(int threads) {
  MemorySources sources = read_memory_sources();
  std::uint64_t reserved = 0;
  if (sources.address_space) {
    reserved = std::min(*sources.address_space, thread_count(threads) * kThreadAddressSpace);
    *sources.address_space -= reserved;
  }
  MemoryLimit limit = least_memory(sources);
  if (limit.source.find("RLIMIT_AS") != std::string::npos)
    limit.source += " less " + mib(reserved) + " MiB that " +
                    std::to_string(thread_count(threads)) + " threads reserve";
  return limit;
}

void check_memory(std::uint64_t need, const std::string& what, const std::string& lower,
                  int threads) {
  const MemoryLimit limit = process_memory_limit(threads);
  if (need <= memory_budget(limit)) return;
  refuse(need, limit, what, lower);
}

std::uint64_t run_memory_bytes(const Scenario& scenario, const RunOptions& o, int compress) {
  return kBaseProcessBytes + estimate_memory_bytes(scenario, o) +
         dependence_memory_bytes(scenario, o) +
         write_results_memory_bytes(o.paths, scenario.years.size(), o.store, compress);
}

void check_memory(const Scenario& scenario, const RunOptions& o, int compress,
                  const std::string& what) {
  const std::uint64_t need = run_memory_bytes(scenario, o, compress);
  const MemoryLimit limit = process_memory_limit(o.threads);
  if (need <= memory_budget(limit)) return;
  RunOptions one = o;
  one.paths = 1;
  const std::uint64_t minimum = run_memory_bytes(scenario, one, compress);
  std::string lower;
  if (minimum < memory_budget(limit) && o.paths > 1) {
    // The need grows linearly with the paths: the most paths that fit.
    const double per_path = static_cast<double>(need - minimum) / static_cast<double>(o.paths - 1);
    const auto fit = static_cast<std::uint64_t>(
        static_cast<double>(memory_budget(limit) - minimum) / per_path + 1);
    lower = "lower --paths (about " + std::to_string(fit) + " would fit)";
    if (o.store == StorePaths::all) lower += ", store less with --store-paths total or none";
    if (o.store == StorePaths::total) lower += ", store no paths with --store-paths none";
    if (o.sensitivity_paths > 0) lower += ", lower --sensitivity-paths";
    lower += " or simulate fewer years or companies";
  } else {
    lower = "even one path needs about " + mib(minimum) + " MiB: use fewer --threads" +
            (o.store == StorePaths::none ? "" : ", store no paths with --store-paths none") +
            ", or simulate fewer years or companies";
  }
  refuse(need, limit, what, lower);
}

}  // namespace capexsim::cli
