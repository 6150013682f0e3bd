//! Cooperative interruption (docs/checkpoint.md): a SIGINT/SIGTERM handler asks the running engine
//! to stop; the engine checks between blocks, saves a checkpoint if it has one, and throws
//! Interrupted, so that the command unwinds, removes its temporary files and exits with a code
//! that says what happened.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace capexsim {

//! Asks the engine to stop (async-signal-safe: one lock-free atomic store). `signal` is the
//! signal number that asked (kept for the exit code and the message).
void request_stop(int signal) noexcept;
//! 0, or the number of the signal that asked the engine to stop.
int stop_requested() noexcept;
//! Forgets a request (tests; a command that handled one).
void clear_stop() noexcept;
//! True while an engine run is in progress and will honour a request within one block of paths;
//! a signal handler that sees false must clean up and die itself.
bool stop_is_honoured() noexcept;

//! From now on a signal is too late to stop the command: its results are being moved into place
//! (output/atomic_file.h), so it finishes and exits 0 rather than die with the new file in place.
void mark_finishing() noexcept;
bool finishing() noexcept;

//! Marks an engine run in progress for stop_is_honoured() for its lifetime.
class StopScope {
 public:
  StopScope() noexcept;
  ~StopScope();
  StopScope(const StopScope&) = delete;
  StopScope& operator=(const StopScope&) = delete;
};

//! The run stopped at a request; `checkpointed`: its work so far is saved in the checkpoint.
class Interrupted : public std::runtime_error {
 public:
  Interrupted(int signal, bool checkpointed, std::uint64_t paths_done);
  int signal() const { return signal_; }
  bool checkpointed() const { return checkpointed_; }
  std::uint64_t paths_done() const { return paths_done_; }

 private:
  int signal_;
  bool checkpointed_;
  std::uint64_t paths_done_;
};

//! "SIGINT", "SIGTERM", ... or "signal N".
std::string signal_name(int signal);

}  // namespace capexsim
