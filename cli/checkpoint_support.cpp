#include "cli/checkpoint_support.h"

#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "cli/run_support.h"
#include "cli/target.h"
#include "models/errors.h"
#include "output/atomic_file.h"

namespace capexsim::cli {
namespace {

//! Settings added after checkpoints were first written, with the value every run before them
//! had: a checkpoint that lacks one resumes as if it had recorded that value.
constexpr std::pair<std::string_view, std::string_view> kLaterSettings[] = {
    {"balance_quantiles", "no"}};

}  // namespace

std::string scenario_hash(const Scenario& scenario) {
  // FNV-1a, 64 bits (Fowler, Noll & Vo; IETF draft-eastlake-fnv).
  std::uint64_t h = 14695981039346656037ULL;
  for (const unsigned char c : scenario.source_text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
  return text;
}

CheckpointInfo checkpoint_info(const Scenario& scenario, const RunOptions& o) {
  CheckpointInfo info;
  info.capexsim_version = CAPEXSIM_VERSION;
  info.scenario_name = scenario.name;
  info.scenario_hash = scenario_hash(scenario);
  info.scenario_toml = scenario.source_text;
  char stderr_text[32];
  std::snprintf(stderr_text, sizeof stderr_text, "%.17g", o.target_stderr);
  info.settings = {
      {"seed", std::to_string(o.seed)},
      {"paths", std::to_string(o.paths)},
      {"sampler", sampler_name(o.sampler)},
      {"sobol_replicates",
       o.sampler == SamplerKind::sobol ? std::to_string(o.sobol_replicates) : "-"},
      {"store_paths", store_paths_name(o.store)},
      {"common_random_numbers", o.common_random_numbers ? "yes" : "no"},
      {"sensitivity_paths", std::to_string(o.sensitivity_paths)},
      // What the run does: without financing the option changes nothing.
      {"balance_quantiles", o.balance_quantiles && scenario.has_financing() ? "yes" : "no"},
      {"target_stderr", stderr_text},
      {"target", o.target_stderr > 0 ? target_name(o.target, scenario) : "-"},
  };
  return info;
}

CheckpointInfo check_resume(const std::filesystem::path& path, const CheckpointInfo& expected) {
  CheckpointInfo saved;
  try {
    saved = read_checkpoint_info(path.string());
  } catch (const std::exception& e) {
    throw InputError("--resume " + path.string() + ": " + e.what());
  }
  const std::string where = "--resume " + path.string() + ": ";
  if (saved.scenario_hash != expected.scenario_hash)
    throw InputError(where + "the checkpoint is of another scenario (\"" + saved.scenario_name +
                     "\", hash " + saved.scenario_hash + "; this run's is \"" +
                     expected.scenario_name + "\", hash " + expected.scenario_hash +
                     "): resume with the scenario file and --set options of the run that saved it");
  for (const auto& [name, value] : expected.settings) {
    std::string was = "(missing)";
    for (const auto& [saved_name, saved_value] : saved.settings)
      if (saved_name == name) was = saved_value;
    if (was == "(missing)")  // saved before the setting existed: it had the setting's default
      for (const auto& [later, default_value] : kLaterSettings)
        if (later == name) was = default_value;
    if (was != value)
      throw InputError(where + "the checkpoint was saved by a run with " + name + " = " + was +
                       ", this run has " + name + " = " + value +
                       ": resume with the options of the run that saved it");
  }
  return saved;
}

CheckpointWriter::CheckpointWriter(std::filesystem::path path, CheckpointInfo info)
    : path_(std::move(path)), info_(std::move(info)) {}

void CheckpointWriter::save(const EngineSnapshot& snapshot) {
  try {
    AtomicOutput file(path_, true);
    info_.created_utc = utc_now();
    write_checkpoint(file.temp_path().string(), info_, snapshot);
    file.commit();
    paths_saved_ = snapshot.paths_done;
    last_failed_ = false;
  } catch (const std::exception& e) {
    last_failed_ = true;
    std::cerr << "\ncapexsim: warning: cannot save the checkpoint " << path_.string() << ": "
              << e.what()
              << (paths_saved_ > 0
                      ? "; the previous one (" + std::to_string(paths_saved_) + " paths) is kept"
                      : std::string())
              << "; the run goes on\n";
  }
}

void read_state(const std::filesystem::path& path, EngineSnapshot& snapshot) {
  try {
    read_checkpoint_state(path.string(), snapshot);
  } catch (const std::exception& e) {
    throw InputError("--resume " + path.string() + ": " + e.what());
  }
}

}  // namespace capexsim::cli
