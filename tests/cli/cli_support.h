//! Running the capexsim executable from tests: a scratch folder per test case, the command's
//! exit code, stdout and stderr, and small file helpers.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

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

//! This test process's own folder under $TMPDIR, removed when the process ends: suites run at
//! the same time (two checkouts, ctest -j) never share a folder.
inline const fs::path& scratch_root() {
  struct Root {
    fs::path dir = fs::temp_directory_path() / ("capexsim-cli-" + std::to_string(::getpid()));
    Root() { fs::create_directories(dir); }
    Root(const Root&) = delete;
    Root& operator=(const Root&) = delete;
    ~Root() {
      std::error_code ignored;
      fs::remove_all(dir, ignored);
    }
  };
  static const Root root;
  return root.dir;
}

//! A fresh, empty folder per test case.
inline fs::path scratch(const std::string& name) {
  fs::path dir = scratch_root() / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

//! Runs capexsim with `args`; `prefix` goes before the executable (e.g. "prlimit --as=N").
inline Result run(const std::string& args, const fs::path& dir, const std::string& prefix = "") {
  const fs::path out = dir / "stdout.txt", err = dir / "stderr.txt";
  const std::string cmd = prefix + (prefix.empty() ? "" : " ") + std::string(CAPEXSIM_EXE) + " " +
                          args + " >" + out.string() + " 2>" + err.string() + " </dev/null";
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

//! Starts capexsim with `args` in the background through /bin/sh, after `prefix` (shell commands
//! such as "ulimit -f 100; "), with stdout and stderr to files in `dir`; returns its pid (the
//! shell execs capexsim, so signals sent to the pid reach capexsim).
inline pid_t start(const std::string& args, const fs::path& dir, const std::string& prefix = "") {
  const std::string cmd = prefix + "exec " + CAPEXSIM_EXE + " " + args + " >" +
                          (dir / "stdout.txt").string() + " 2>" + (dir / "stderr.txt").string() +
                          " </dev/null";
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

//! How a started process ended: its exit code (-1 if a signal killed it) and that signal.
struct Ended {
  int code = -1, signal = 0;
  std::string out, err;
};

inline Ended finish(pid_t pid, const fs::path& dir) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  Ended e;
  if (WIFEXITED(status)) e.code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) e.signal = WTERMSIG(status);
  e.out = slurp(dir / "stdout.txt");
  e.err = slurp(dir / "stderr.txt");
  return e;
}

//! Waits until `p` exists, at most `seconds`; true if it does.
inline bool wait_for(const fs::path& p, double seconds) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!fs::exists(p)) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
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
