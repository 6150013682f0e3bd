#include "sim/cli/run_support.h"

#include <unistd.h>

#include <cstdint>
#include <ctime>

#include "scenarios/input_error.h"

namespace capexsim::cli {

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void check_memory(const Scenario& scenario, const RunOptions& o) {
  const std::uint64_t need = estimate_memory_bytes(scenario, o);
  const auto pages = static_cast<std::uint64_t>(::sysconf(_SC_PHYS_PAGES));
  const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGE_SIZE));
  const std::uint64_t have = pages * page;
  const std::uint64_t budget = have / 10 * 9;  // 90% of the memory, in whole bytes
  if (need <= budget) return;
  const auto fit = static_cast<std::uint64_t>(
      static_cast<double>(o.paths) * static_cast<double>(budget) / static_cast<double>(need));
  std::string message = "this run needs about " + std::to_string(need >> 20) +
                        " MiB of memory but the machine has " + std::to_string(have >> 20) +
                        " MiB; lower --paths (about " + std::to_string(fit) + " would fit)";
  if (o.store == StorePaths::all) message += " or store less with --store-paths total";
  throw InputError(message);
}

}  // namespace capexsim::cli
