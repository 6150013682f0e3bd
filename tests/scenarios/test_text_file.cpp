// read_text_file: the one reader of whole user-given text files (scenario, sweep, history).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include "models/errors.h"
#include "scenarios/history.h"
#include "scenarios/loader.h"
#include "scenarios/sweep_file.h"
#include "scenarios/text_file.h"

using namespace capexsim;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("capexsim-text-file-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

//! The InputError read_text_file throws for `path`, or a failed check when it throws none.
InputError error_of(const std::string& path) {
  try {
    read_text_file(path, "scenario file");
  } catch (const InputError& e) {
    return e;
  }
  FAIL("no InputError for " << path);
  return InputError("");
}

}  // namespace

TEST_CASE("read_text_file returns a file's bytes unchanged", "[text-file]") {
  const fs::path dir = scratch("normal");
  const std::string text = std::string("a = 1\r\n\xEF\xBB\xBF\0b", 12) + std::string(200000, 'x');
  std::ofstream(dir / "f.toml", std::ios::binary) << text;
  CHECK(read_text_file((dir / "f.toml").string(), "scenario file") == text);
  std::ofstream(dir / "empty.toml", std::ios::binary).close();
  CHECK(read_text_file((dir / "empty.toml").string(), "scenario file").empty());
}

TEST_CASE("read_text_file refuses a directory, naming the file", "[text-file]") {
  const fs::path dir = scratch("directory");
  const InputError e = error_of(dir.string());
  CHECK(e.file() == dir.string());
  CHECK(e.message() == "cannot read scenario file: it is a directory");
}

TEST_CASE("read_text_file refuses a missing file, naming the file", "[text-file]") {
  const std::string missing = (scratch("missing") / "none.toml").string();
  const InputError e = error_of(missing);
  CHECK(e.file() == missing);
  CHECK(e.message() == "cannot open scenario file: No such file or directory");
}

TEST_CASE("read_text_file reports a read error instead of returning what it got", "[text-file]") {
  // /proc/self/mem opens, but reading it from offset 0 (unmapped) fails with EIO: a read error
  // that an ifstream would have reported as an empty file.
  if (::access("/proc/self/mem", R_OK) != 0) {
    WARN("skipped: no readable /proc/self/mem");
    return;
  }
  try {
    read_text_file("/proc/self/mem", "scenario file");
    FAIL("no error");
  } catch (const IoError& e) {  // the machine's fault, not the input's: exit 1
    CHECK(e.path() == "/proc/self/mem");
    CHECK(e.error() == std::error_code(EIO, std::generic_category()));
    CHECK(std::string(e.what()).starts_with("/proc/self/mem: cannot read scenario file: "));
  }
}

TEST_CASE("scenario, sweep and history files all refuse a directory by name", "[text-file]") {
  const fs::path dir = scratch("all-three");
  const std::string d = dir.string();
  CHECK_THROWS_WITH(load_scenario(d), d + ": cannot read scenario file: it is a directory");
  CHECK_THROWS_WITH(read_sweep_file(d), d + ": cannot read sweep file: it is a directory");
  CHECK_THROWS_WITH(read_history(d), d + ": cannot read history file: it is a directory");
}
