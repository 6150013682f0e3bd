// The jobs are plain shell lines with every word quoted as needed, so that any scheduler (a Slurm
// array, GNU parallel, xargs) can run them; collect checks each point file's overrides against
// its point, so that a folder of another sweep, or of a sweep file changed since, is refused.
#include "cli/sweep_jobs.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <utility>

#include "cli/run_support.h"
#include "models/errors.h"
#include "output/atomic_file.h"
#include "output/results_reader.h"

namespace capexsim::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kJobsFile = "jobs.txt";
constexpr const char* kSweepPathFile = "sweep.path";

std::string shell_quote(const std::string& word) {
  if (word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                             "_-./=:,+@%") == std::string::npos &&
      !word.empty())
    return word;
  std::string out = "'";
  for (char ch : word) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

std::string point_file(std::size_t i) {
  char name[32];
  std::snprintf(name, sizeof name, "point_%05zu.h5", i);
  return name;
}

//! This executable's absolute path, so that the jobs run the same build.
std::string self_executable() {
  char exe[4096];
  const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  return n > 0 ? std::string(exe, static_cast<std::size_t>(n)) : "capexsim";
}

//! The `capexsim run` command line of point i, with its overrides and the sweep's options.
std::string job_line(const ExpandedSweep& x, std::size_t i, const RunOptions& o,
                     const std::string& capexsim, const fs::path& folder) {
  std::vector<std::string> words = {capexsim, "run", fs::absolute(x.sweep.scenario).string()};
  for (const Override& ov : x.overrides[i]) {
    words.push_back("--set");
    words.push_back(ov.text());
  }
  for (const std::string& w :
       {std::string("--paths"), std::to_string(o.paths), std::string("--seed"),
        std::to_string(o.seed + (o.common_random_numbers ? 0 : i)), std::string("--sampler"),
        x.sweep.sampler, std::string("--store-paths"), std::string("none"),
        std::string("--sensitivity-paths"), std::string("0"), std::string("--quiet"),
        std::string("--force"), std::string("-o"), (folder / point_file(i)).string()})
    words.push_back(w);
  if (o.common_random_numbers) words.push_back("--crn");
  if (o.threads > 0) {
    words.push_back("--threads");
    words.push_back(std::to_string(o.threads));
  }
  std::string line;
  for (const std::string& w : words) {
    if (!line.empty()) line += ' ';
    line += shell_quote(w);
  }
  return line;
}

//! Writes `text` to `path` atomically (a temporary file renamed into place).
void write_text(const fs::path& path, const std::string& text) {
  AtomicOutput out(path, true);
  std::ofstream file(out.temp_path(), std::ios::binary);
  file << text;
  file.close();
  if (!file) throw std::runtime_error("cannot write " + out.temp_path().string());
  commit_results(out);
}

}  // namespace

void emit_jobs(const ExpandedSweep& x, const std::string& sweep_file, const fs::path& folder_arg,
               bool force, const RunOptions& o) {
  const fs::path folder = fs::absolute(folder_arg);
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throw InputError("--emit-jobs: cannot create " + folder.string() + ": " + ec.message());
  if (fs::exists(folder / kJobsFile) && !force)
    throw InputError(
        (folder / kJobsFile).string() +
        " exists: jobs were emitted there before (use another folder, or --force to replace "
        "the job list; existing point files are then overwritten by the jobs)");
  const std::string capexsim = self_executable();
  std::string jobs;
  for (std::size_t i = 0; i < x.points.size(); ++i)
    jobs += job_line(x, i, o, capexsim, folder) + "\n";
  write_text(folder / kJobsFile, jobs);
  write_text(folder / kSweepPathFile, fs::absolute(sweep_file).string() + "\n");
  std::cout << "wrote " << x.points.size() << " jobs to " << (folder / kJobsFile).string()
            << "\nrun each line (e.g. a Slurm array, docs/sweeps.md), then: capexsim collect "
            << folder.string() << "\n";
}

std::string emitted_sweep(const fs::path& folder) {
  std::ifstream path_file(folder / kSweepPathFile);
  std::string sweep_path;
  if (!path_file || !std::getline(path_file, sweep_path))
    throw InputError((folder / kSweepPathFile).string(), 0, 0,
                     "cannot read it: is this a folder written by capexsim sweep --emit-jobs?");
  return sweep_path;
}

std::vector<RunResults> read_point_files(const fs::path& folder, const ExpandedSweep& x) {
  std::vector<RunResults> results;
  for (std::size_t i = 0; i < x.points.size(); ++i) {
    const std::string file = (folder / point_file(i)).string();
    if (!fs::exists(file))
      throw InputError(file, 0, 0,
                       "missing: the job of sweep point " + std::to_string(i) + " (" +
                           point_label(x, i) + ") has not run or failed");
    std::string overrides;
    try {
      results.push_back(read_summary(file));
      overrides = read_results_info(file).overrides;
    } catch (const std::runtime_error& e) {
      throw InputError(file, 0, 0, std::string("cannot read it as a results file: ") + e.what());
    }
    if (overrides != join_overrides(x.overrides[i], "\n"))
      throw InputError(file, 0, 0,
                       "was not run with the overrides of sweep point " + std::to_string(i) + " (" +
                           point_label(x, i) +
                           "): the folder belongs to another sweep, or the sweep file "
                           "changed after --emit-jobs");
  }
  return results;
}

}  // namespace capexsim::cli
