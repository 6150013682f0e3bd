#include "models/errors.h"

#include <utility>

namespace capexsim {
namespace {

std::string format_location(const std::string& file, int line, int column,
                            const std::string& message) {
  std::string out = file;
  if (line > 0) {
    out += ':' + std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  }
  if (!out.empty()) out += ": ";
  return out + message;
}

std::string with_system_text(const std::string& message, std::error_code error) {
  return error ? message + ": " + error.message() : message;
}

}  // namespace

InputError::InputError(const std::string& file, int line, int column, const std::string& message)
    : InputError(file, line, column, message, "") {}

InputError::InputError(const std::string& file, int line, int column, const std::string& message,
                       std::string key)
    : std::runtime_error(format_location(file, line, column, message)),
      file_(file),
      line_(line),
      column_(column),
      key_(std::move(key)),
      message_(message) {}

InputError::InputError(const std::string& message) : InputError("", 0, 0, message) {}

ResourceError::ResourceError(Resource resource, std::uint64_t needed_bytes,
                             std::uint64_t available_bytes, std::string limit,
                             const std::string& message)
    : std::runtime_error(message),
      resource_(resource),
      needed_(needed_bytes),
      available_(available_bytes),
      limit_(std::move(limit)) {}

IoError::IoError(std::string path, std::error_code error, const std::string& message)
    : std::runtime_error(with_system_text(message, error)), path_(std::move(path)), error_(error) {}

IoError IoError::from_errno(const std::string& path, int errno_value, const std::string& message) {
  return IoError(path, std::error_code(errno_value, std::generic_category()), message);
}

}  // namespace capexsim
