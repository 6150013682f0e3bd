//! Errors in user input (scenario files, command-line values): they carry where the problem is.
//! The command line maps them to exit code 2.
#pragma once

#include <stdexcept>
#include <string>

namespace capexsim {

class InputError : public std::runtime_error {
 public:
  //! what() is "file:line:column: message" (line/column omitted when 0).
  InputError(const std::string& file, int line, int column, const std::string& message);
  explicit InputError(const std::string& message);

  const std::string& file() const { return file_; }
  int line() const { return line_; }
  int column() const { return column_; }
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  int line_ = 0;
  int column_ = 0;
  std::string message_;
};

}  // namespace capexsim
