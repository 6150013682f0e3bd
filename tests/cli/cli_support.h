//! Running the capexsim executable from tests: a scratch folder per test case, the command's
//! exit code, stdout and stderr, and small file helpers.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace capexsim::test {

namespace fs = std::filesystem;

struct Result {
  int code;
  std::string out, err;
};

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

//! A fresh, empty folder per test case.
inline fs::path scratch(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("capexsim-cli-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

inline Result run(const std::string& args, const fs::path& dir) {
  const fs::path out = dir / "stdout.txt", err = dir / "stderr.txt";
  const std::string cmd = std::string(CAPEXSIM_EXE) + " " + args + " >" + out.string() + " 2>" +
                          err.string() + " </dev/null";
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

inline void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

//! Files in `dir` other than the captured stdout/stderr.
inline std::size_t result_files(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name != "stdout.txt" && name != "stderr.txt") ++n;
  }
  return n;
}

}  // namespace capexsim::test
