#include "output/atomic_file.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace capexsim {
namespace fs = std::filesystem;

namespace {
std::atomic<unsigned> g_counter{0};

//! Temporary files of live AtomicOutputs, for remove_pending_on_signal: plain char buffers a
//! signal handler may read. A slot is claimed through its flag before its path is written.
constexpr int kSlots = 16;
char g_pending[kSlots][4096];
std::atomic<bool> g_taken[kSlots];

int claim_slot(const std::string& path) {
  if (path.size() >= sizeof g_pending[0]) return -1;
  for (int i = 0; i < kSlots; ++i) {
    bool expected = false;
    if (g_taken[i].compare_exchange_strong(expected, true)) {
      std::memcpy(g_pending[i], path.c_str(), path.size() + 1);
      return i;
    }
  }
  return -1;  // more than kSlots outputs at once: the destructor still removes the file
}

void release_slot(int slot) noexcept {
  if (slot < 0) return;
  g_pending[slot][0] = '\0';
  g_taken[slot].store(false);
}

std::string exists_text(const fs::path& path, OutputExistsError::Reason reason) {
  switch (reason) {
    case OutputExistsError::Reason::exists:
      return path.string() + ": already exists";
    case OutputExistsError::Reason::appeared:
      return path.string() + ": appeared during the run; not overwritten (results discarded)";
    case OutputExistsError::Reason::has_backtest:
      return path.string() + " already has /backtest";
  }
  return path.string() + ": exists";
}

}  // namespace

OutputExistsError::OutputExistsError(const fs::path& path, Reason reason)
    : std::runtime_error(exists_text(path, reason)), path_(path), reason_(reason) {}

AtomicOutput::AtomicOutput(fs::path destination, bool overwrite)
    : destination_(std::move(destination)), overwrite_(overwrite) {
  if (!overwrite_ && fs::exists(destination_))
    throw OutputExistsError(destination_, OutputExistsError::Reason::exists);
  temp_ = destination_;
  temp_ += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(g_counter++);
  slot_ = claim_slot(temp_.string());
}

AtomicOutput::~AtomicOutput() {
  if (!committed_) discard();
  release_slot(slot_);
}

void AtomicOutput::discard() noexcept {
  std::error_code ec;
  fs::remove(temp_, ec);
}

void AtomicOutput::remove_pending_on_signal() noexcept {
  for (int i = 0; i < kSlots; ++i)
    if (g_taken[i].load() && g_pending[i][0] != '\0') ::unlink(g_pending[i]);
}

void AtomicOutput::commit() {
  if (overwrite_) {
    if (std::rename(temp_.c_str(), destination_.c_str()) != 0)
      throw IoError::from_errno(destination_.string(), errno,
                                "cannot move " + temp_.string() + " to " + destination_.string());
  } else {
    // link() fails with EEXIST instead of replacing: no window in which a file that appeared
    // after the start of the run could be overwritten.
    if (::link(temp_.c_str(), destination_.c_str()) != 0) {
      if (errno == EEXIST)
        throw OutputExistsError(destination_, OutputExistsError::Reason::appeared);
      throw IoError::from_errno(destination_.string(), errno,
                                "cannot create " + destination_.string());
    }
    ::unlink(temp_.c_str());
  }
  committed_ = true;
  release_slot(slot_);
  slot_ = -1;
}

void check_output_writable(const fs::path& destination, bool overwrite, std::uint64_t bytes) {
  if (fs::is_directory(destination))
    throw InputError(destination.string(), 0, 0, "is a folder", "output");
  if (!overwrite && fs::exists(destination))
    throw OutputExistsError(destination, OutputExistsError::Reason::exists);
  fs::path folder = destination.parent_path();
  if (folder.empty()) folder = ".";
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec || !fs::is_directory(folder))
    throw IoError(folder.string(), ec, "cannot create the output folder " + folder.string());
  // Creating a file says more than access(W_OK): it also fails on a read-only file system, and
  // for root in a folder without write permission on some network file systems.
  const fs::path probe = folder / (".capexsim-probe-" + std::to_string(::getpid()) + "-" +
                                   std::to_string(g_counter++));
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0)
    throw IoError::from_errno(folder.string(), errno,
                              "the output folder " + folder.string() + " is not writable");
  ::close(fd);
  ::unlink(probe.c_str());
  if (bytes == 0) return;
  auto mib = [](std::uint64_t b) { return std::to_string((b + (1u << 20) - 1) >> 20) + " MiB"; };
  struct statvfs fsinfo {};
  if (::statvfs(folder.c_str(), &fsinfo) == 0) {
    const std::uint64_t free = static_cast<std::uint64_t>(fsinfo.f_bavail) * fsinfo.f_frsize;
    if (free < bytes)
      throw ResourceError(ResourceError::Resource::disk_space, bytes, free,
                          "the free space of " + folder.string(),
                          destination.string() + " needs about " + mib(bytes) + " but " +
                              folder.string() + " has " + mib(free) + " free");
  }
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY &&
      limit.rlim_cur < bytes)
    throw ResourceError(ResourceError::Resource::file_size, bytes, limit.rlim_cur,
                        "the file size limit (ulimit -f)",
                        destination.string() + " needs about " + mib(bytes) +
                            " but this process may write files of at most " + mib(limit.rlim_cur) +
                            " (ulimit -f)");
}

}  // namespace capexsim
