#include "scenarios/text_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "models/errors.h"

namespace capexsim {

std::string read_text_file(const std::string& path, const std::string& what) {
  // fopen opens a directory without complaint on Linux: refuse it by name instead.
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored))
    throw InputError(path, 0, 0, "cannot read " + what + ": it is a directory");
  // stdio rather than an ifstream: ferror() tells a read error (EIO) from the end of the file,
  // which a filebuf reports alike.
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                             &std::fclose);
  if (!file) throw InputError(path, 0, 0, "cannot open " + what + ": " + std::strerror(errno));
  std::string text;
  char buffer[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) text.append(buffer, n);
  // A file that opens but cannot be read (EIO, a failing disk) is the machine's fault, not the
  // input's: an I/O error (exit 1), still naming the file.
  if (std::ferror(file.get()) != 0)
    throw IoError::from_errno(path, errno, path + ": cannot read " + what);
  return text;
}

}  // namespace capexsim
