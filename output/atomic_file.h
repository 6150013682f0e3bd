//! Results are written to a temporary file beside the destination and renamed into place only
//! when complete, so a failed or interrupted run never leaves a torn file or destroys an old one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>

#include "models/errors.h"

namespace capexsim {

//! The destination exists and overwriting was not allowed: an input error (exit code 2), kept
//! apart from InputError so that the command line can say how to allow it.
class OutputExistsError : public std::runtime_error {
 public:
  enum class Reason {
    exists,        //!< before any work started
    appeared,      //!< created by someone else while the run was writing its temporary file
    has_backtest,  //!< the results file already holds a /backtest group
  };
  OutputExistsError(const std::filesystem::path& path, Reason reason);

  const std::filesystem::path& path() const { return path_; }
  Reason reason() const { return reason_; }

 private:
  std::filesystem::path path_;
  Reason reason_;
};

class AtomicOutput {
 public:
  //! Picks a fresh temporary name in destination's folder ("<name>.tmp-<pid>-<n>"); creates
  //! nothing yet. Throws OutputExistsError if destination exists and !overwrite.
  AtomicOutput(std::filesystem::path destination, bool overwrite);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  const std::filesystem::path& temp_path() const { return temp_; }
  const std::filesystem::path& destination() const { return destination_; }

  //! Moves the finished temporary file into place (atomic rename within one file system).
  //! Without overwrite it refuses, never replacing a file that appeared meanwhile.
  void commit();
  //! Removes the temporary file if it exists (also done by the destructor unless committed).
  void discard() noexcept;

  //! Removes every temporary file of a live AtomicOutput in this process. Async-signal-safe
  //! (unlink on fixed buffers only): for a SIGINT/SIGTERM handler, so that an interrupted command
  //! never leaves a temporary file behind, whichever command it was.
  static void remove_pending_on_signal() noexcept;

 private:
  std::filesystem::path destination_;
  std::filesystem::path temp_;
  bool overwrite_;
  bool committed_ = false;
  int slot_ = -1;  // index in the signal handler's table of pending temporary files
};

//! Checks, before any work starts, that `destination` can be written: its folder exists (or can
//! be created) and a file can be created in it, the file does not exist unless overwrite, and,
//! when `bytes` is given, the folder's file system has that much free space and the process's
//! file size limit (ulimit -f) allows it. Throws InputError (key "output") when destination is
//! a folder, OutputExistsError, IoError when the folder cannot be created or written, and
//! ResourceError when the space or the file size limit is too small.
void check_output_writable(const std::filesystem::path& destination, bool overwrite,
                           std::uint64_t bytes = 0);

}  // namespace capexsim
