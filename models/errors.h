//! The errors every library throws, so that the command line can tell a user's mistake (exit 2)
//! from a machine that ran short (exit 1) without reading messages. They carry facts: what was
//! wrong and where. Only cli/ words remedies that name command-line options.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <system_error>

namespace capexsim {

//! Bad user input: a scenario file, a history file, an option's value, a checkpoint of another
//! run. The command line maps it to exit code 2, whichever layer finds it.
class InputError : public std::runtime_error {
 public:
  //! what() is "file:line:column: message" (line/column omitted when 0, file when empty).
  InputError(const std::string& file, int line, int column, const std::string& message);
  //! The same, naming the key or option at fault (a fact for callers; what() is unchanged).
  InputError(const std::string& file, int line, int column, const std::string& message,
             std::string key);
  explicit InputError(const std::string& message);

  const std::string& file() const { return file_; }
  int line() const { return line_; }
  int column() const { return column_; }
  const std::string& key() const { return key_; }
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  int line_ = 0;
  int column_ = 0;
  std::string key_;
  std::string message_;
};

//! Not enough of a machine's resource for the work asked: what was needed, what is available and
//! which limit binds. Exit code 1 (the input was valid; the machine is too small for it).
class ResourceError : public std::runtime_error {
 public:
  enum class Resource { memory, disk_space, file_size };

  //! what() is `message` as given (it states the figures).
  ResourceError(Resource resource, std::uint64_t needed_bytes, std::uint64_t available_bytes,
                std::string limit, const std::string& message);

  Resource resource() const { return resource_; }
  std::uint64_t needed_bytes() const { return needed_; }
  std::uint64_t available_bytes() const { return available_; }
  //! The limit that binds, in words ("free space of results", "ulimit -f").
  const std::string& limit() const { return limit_; }

 private:
  Resource resource_;
  std::uint64_t needed_;
  std::uint64_t available_;
  std::string limit_;
};

//! A file or folder could not be read, written, created or moved. Exit code 1.
class IoError : public std::runtime_error {
 public:
  //! what() is "message: <system error text>" (or message alone when `error` is empty).
  IoError(std::string path, std::error_code error, const std::string& message);
  //! The same, from the errno of the failed call.
  static IoError from_errno(const std::string& path, int errno_value, const std::string& message);

  const std::string& path() const { return path_; }
  std::error_code error() const { return error_; }

 private:
  std::string path_;
  std::error_code error_;
};

}  // namespace capexsim
