#include "sim/interrupt.h"

#include <atomic>
#include <csignal>

namespace capexsim {
namespace {
std::atomic<int> g_stop{0};
std::atomic<int> g_scopes{0};
std::atomic<bool> g_finishing{false};
static_assert(std::atomic<int>::is_always_lock_free, "a signal handler stores into it");
}  // namespace

void request_stop(int signal) noexcept { g_stop.store(signal); }
int stop_requested() noexcept { return g_stop.load(std::memory_order_relaxed); }
void clear_stop() noexcept { g_stop.store(0); }
bool stop_is_honoured() noexcept { return g_scopes.load() > 0; }

void mark_finishing() noexcept { g_finishing.store(true); }
bool finishing() noexcept { return g_finishing.load(); }

StopScope::StopScope() noexcept { g_scopes.fetch_add(1); }
StopScope::~StopScope() { g_scopes.fetch_sub(1); }

Interrupted::Interrupted(int signal, bool checkpointed, std::uint64_t paths_done)
    : std::runtime_error("interrupted by " + signal_name(signal)),
      signal_(signal),
      checkpointed_(checkpointed),
      paths_done_(paths_done) {}

std::string signal_name(int signal) {
  switch (signal) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
    case SIGUSR1:
      return "SIGUSR1";
    default:
      return "signal " + std::to_string(signal);
  }
}

}  // namespace capexsim
