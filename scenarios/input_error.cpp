#include "scenarios/input_error.h"

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

}  // namespace

InputError::InputError(const std::string& file, int line, int column, const std::string& message)
    : std::runtime_error(format_location(file, line, column, message)),
      file_(file),
      line_(line),
      column_(column),
      message_(message) {}

InputError::InputError(const std::string& message) : InputError("", 0, 0, message) {}

}  // namespace capexsim
