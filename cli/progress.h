//! A progress bar with paths/s and ETA on stderr, drawn by its own thread while a run goes on.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace capexsim::cli {

class ProgressBar {
 public:
  //! Draws only if `enabled` (stderr is a terminal and not --quiet).
  ProgressBar(std::uint64_t total, bool enabled);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  //! Thread-safe; called by the engine with the number of paths done.
  void update(std::uint64_t done) { done_.store(done, std::memory_order_relaxed); }
  //! Stops drawing and clears the line.
  void finish();

 private:
  void draw() const;
  std::uint64_t total_;
  bool enabled_;
  std::atomic<std::uint64_t> done_{0};
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace capexsim::cli
