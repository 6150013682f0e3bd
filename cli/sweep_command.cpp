// A sweep: read the sweep file, expand its points, validate every point's scenario before any
// work (a bad value stops the sweep before the first run), then either run the points one after
// the other, each on all threads, with the same seed (common random numbers: the engine draws by
// inverse transform from normal scores keyed by seed, block, company and parameter, so a point
// differs from its neighbour only by the parameters), or write one `capexsim run` command per
// point for a scheduler; `collect` reads those point files back and writes the same sweep file.
#include "cli/sweep_command.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <span>
#include <stdexcept>

#include "cli/progress.h"
#include "cli/run_support.h"
#include "models/errors.h"
#include "output/atomic_file.h"
#include "output/results_reader.h"
#include "output/summary_fields.h"
#include "output/sweep_writer.h"
#include "scenarios/loader.h"
#include "scenarios/sweep_file.h"
#include "sim/cluster.h"
#include "sim/engine.h"

namespace capexsim::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kJobsFile = "jobs.txt";
constexpr const char* kSweepPathFile = "sweep.path";

//! A sweep expanded: its points, their overrides and their validated scenarios.
struct Expanded {
  SweepFile sweep;
  ScenarioDocument document;
  std::vector<SweepPoint> points;
  std::vector<std::vector<Override>> overrides;
  std::vector<Scenario> scenarios;
};

std::string point_label(const Expanded& x, std::size_t i) {
  std::string label;
  for (std::size_t a = 0; a < x.sweep.axes.size(); ++a) {
    if (!label.empty()) label += ", ";
    const Override o{x.sweep.axes[a].key, x.sweep.axes[a].op, x.points[i].text[a]};
    label += o.text();
  }
  return label;
}

Expanded expand(const std::string& path) {
  Expanded x;
  x.sweep = read_sweep_file(path);
  x.document = read_scenario_document(x.sweep.scenario);
  x.points = sweep_points(x.sweep);
  for (std::size_t i = 0; i < x.points.size(); ++i) {
    x.overrides.push_back(point_overrides(x.sweep, x.points[i]));
    try {
      x.scenarios.push_back(scenario_from_document(x.document, x.overrides.back()));
    } catch (const InputError& e) {
      throw InputError(
          e.file(), e.line(), e.column(),
          "sweep point " + std::to_string(i) + " (" + point_label(x, i) + "): " + e.message());
    }
    const Scenario& s = x.scenarios.back();
    const Scenario& first = x.scenarios.front();
    const auto names = [](const Scenario& sc) {
      std::vector<std::string> n;
      for (const Company& c : sc.companies) n.push_back(c.name);
      return n;
    };
    if (s.years != first.years || names(s) != names(first))
      throw InputError(x.sweep.path, 0, 0,
                       "sweep point " + std::to_string(i) + " (" + point_label(x, i) +
                           ") has other years or companies than point 0: a sweep's points must "
                           "share them so their results stack");
  }
  return x;
}

RunOptions point_options(const Expanded& x, std::optional<std::uint64_t> paths,
                         std::optional<std::uint64_t> seed, int threads, bool crn) {
  const Scenario& s = x.scenarios.front();
  RunOptions o;
  o.paths = paths.value_or(x.sweep.paths.value_or(s.paths.value_or(kDefaultPaths)));
  o.seed = seed.value_or(x.sweep.seed.value_or(s.seed.value_or(kDefaultSeed)));
  o.threads = threads;
  o.store = StorePaths::none;
  o.sampler = sampler_from_name(x.sweep.sampler).value();
  o.common_random_numbers = crn;
  o.sensitivity_paths = 0;
  return o;
}

std::vector<SweepCoordinate> coordinates_of(const Expanded& x) {
  std::vector<SweepCoordinate> coords;
  for (std::size_t a = 0; a < x.sweep.axes.size(); ++a) {
    SweepCoordinate c;
    c.key = x.sweep.axes[a].key;
    c.op = x.sweep.axes[a].op == Override::Op::shift ? "shift" : "set";
    for (const SweepPoint& p : x.points) {
      c.text.push_back(p.text[a]);
      c.number.push_back(p.number[a]);
    }
    coords.push_back(std::move(c));
  }
  return coords;
}

SweepMetadata metadata_of(const Expanded& x, bool crn) {
  const Scenario& s = x.scenarios.front();
  return {s.name, s.unit, x.document.text, x.sweep.text, CAPEXSIM_VERSION, utc_now(), crn};
}

void write(const fs::path& out, bool force, const std::vector<RunResults>& results,
           const Expanded& x, bool crn) {
  AtomicOutput file(out, force);
  write_sweep(file.temp_path().string(), results, coordinates_of(x), metadata_of(x, crn));
  commit_results(file);
}

fs::path default_output(const std::string& sweep) {
  return fs::path("results") / (fs::path(sweep).stem().string() + ".h5");
}

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

int emit_jobs(const Expanded& x, const SweepArgs& a, const RunOptions& o) {
  const fs::path folder = fs::absolute(a.emit_jobs);
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throw InputError("--emit-jobs: cannot create " + folder.string() + ": " + ec.message());
  if (fs::exists(folder / kJobsFile) && !a.force)
    throw InputError(
        (folder / kJobsFile).string() +
        " exists: jobs were emitted there before (use another folder, or --force to replace "
        "the job list; existing point files are then overwritten by the jobs)");
  char exe[4096];
  const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  const std::string capexsim = n > 0 ? std::string(exe, static_cast<std::size_t>(n)) : "capexsim";
  const std::string scenario = fs::absolute(x.sweep.scenario).string();
  std::string jobs;
  for (std::size_t i = 0; i < x.points.size(); ++i) {
    std::vector<std::string> words = {capexsim, "run", scenario};
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
    for (const std::string& w : words) line += (line.empty() ? "" : " ") + shell_quote(w);
    jobs += line + "\n";
  }
  for (const auto& [name, text] :
       {std::pair{std::string(kJobsFile), jobs},
        std::pair{std::string(kSweepPathFile), fs::absolute(a.sweep).string() + "\n"}}) {
    AtomicOutput out(folder / name, true);
    std::ofstream file(out.temp_path(), std::ios::binary);
    file << text;
    file.close();
    if (!file) throw std::runtime_error("cannot write " + out.temp_path().string());
    commit_results(out);
  }
  std::cout << "wrote " << x.points.size() << " jobs to " << (folder / kJobsFile).string()
            << "\nrun each line (e.g. a Slurm array, docs/sweeps.md), then: capexsim collect "
            << folder.string() << "\n";
  return 0;
}

//! A point's summary as bytes (the /summary fields and the scalars the sweep file keeps).
std::vector<std::byte> pack_summary(const RunResults& r) {
  std::vector<std::byte> out;
  const auto put = [&out](const void* data, std::size_t bytes) {
    const std::size_t at = out.size();
    out.resize(at + bytes);
    if (bytes > 0) std::memcpy(out.data() + at, data, bytes);
  };
  const auto put_vector = [&put](const auto& v) {
    const std::uint64_t n = v.size();
    put(&n, sizeof n);
    put(v.data(), n * sizeof(v[0]));
  };
  const std::uint64_t scalars[4] = {r.paths, r.seed, static_cast<std::uint64_t>(r.sampler),
                                    r.replicates};
  put(scalars, sizeof scalars);
  const std::int32_t flags[1] = {r.common_random_numbers ? 1 : 0};
  put(flags, sizeof flags);
  put(&r.quantile_relative_accuracy, sizeof(double));
  put_vector(r.quantile_method);
  put_vector(r.years);
  put_vector(r.quantile_levels);
  for (const SummaryField& f : kSummaryFields) put_vector(r.*f.values);
  for (const QuantileField& f : kQuantileFields) put_vector(r.*f.values);
  for (const CountField& f : kCountFields) put_vector(r.*f.values);
  put_vector(r.never_negative_counts);
  return out;
}

RunResults unpack_summary(std::span<const std::byte> in, const std::vector<std::string>& entities) {
  std::size_t at = 0;
  const auto get = [&](void* data, std::size_t bytes) {
    if (at + bytes > in.size()) throw std::runtime_error("sweep: truncated point summary");
    if (bytes > 0) std::memcpy(data, in.data() + at, bytes);
    at += bytes;
  };
  const auto get_vector = [&get](auto& v) {
    std::uint64_t n = 0;
    get(&n, sizeof n);
    v.resize(n);
    get(v.data(), n * sizeof(v[0]));
  };
  RunResults r;
  std::uint64_t scalars[4];
  get(scalars, sizeof scalars);
  r.paths = scalars[0];
  r.seed = scalars[1];
  r.sampler = static_cast<SamplerKind>(scalars[2]);
  r.replicates = scalars[3];
  std::int32_t flags[1];
  get(flags, sizeof flags);
  r.common_random_numbers = flags[0] != 0;
  get(&r.quantile_relative_accuracy, sizeof(double));
  get_vector(r.quantile_method);
  get_vector(r.years);
  get_vector(r.quantile_levels);
  for (const SummaryField& f : kSummaryFields) get_vector(r.*f.values);
  for (const QuantileField& f : kQuantileFields) get_vector(r.*f.values);
  for (const CountField& f : kCountFields) get_vector(r.*f.values);
  get_vector(r.never_negative_counts);
  r.entities = entities;
  return r;
}

//! Rank 0 ends with every point's results (each ran on one rank); a no-op in one process.
void gather_points(Cluster& ranks, std::vector<RunResults>& results) {
  if (ranks.size() == 1) return;
  const auto K = static_cast<std::size_t>(ranks.size());
  std::vector<std::byte> mine;
  for (std::size_t i = static_cast<std::size_t>(ranks.rank()); i < results.size(); i += K) {
    const std::vector<std::byte> one = pack_summary(results[i]);
    const std::uint64_t n = one.size();
    const auto* size = reinterpret_cast<const std::byte*>(&n);
    mine.insert(mine.end(), size, size + sizeof n);
    mine.insert(mine.end(), one.begin(), one.end());
  }
  const std::vector<std::vector<std::byte>> all = ranks.gather_to_root(mine);
  const std::vector<std::string> entities = results.front().entities;  // rank 0 ran point 0
  for (std::size_t r = 1; r < all.size(); ++r) {
    std::size_t at = 0;
    for (std::size_t i = r; i < results.size(); i += K) {
      std::uint64_t n = 0;
      if (at + sizeof n > all[r].size()) throw std::runtime_error("sweep: truncated gather");
      std::memcpy(&n, all[r].data() + at, sizeof n);
      at += sizeof n;
      results[i] = unpack_summary(std::span<const std::byte>(all[r]).subspan(at, n), entities);
      at += n;
    }
  }
}

void print_table(const Expanded& x, const std::vector<RunResults>& results) {
  const RunResults& r0 = results.front();
  const int e = r0.entity_count() - 1, t = r0.year_count() - 1;
  int width = 6;
  for (std::size_t i = 0; i < results.size(); ++i)
    width = std::max(width, static_cast<int>(point_label(x, i).size()));
  std::printf("\n%6s  %-*s  %22s  %14s\n", "point", width, "values",
              ("P(total < 0) " + std::to_string(r0.years.back())).c_str(), "mean surplus");
  for (std::size_t i = 0; i < results.size(); ++i) {
    const RunResults& r = results[i];
    const std::size_t k = r.at(e, t);
    std::printf("%6zu  %-*s  %12.4f +- %6.4f  %14.2f\n", i, width, point_label(x, i).c_str(),
                r.prob_negative[k], r.prob_negative_stderr[k], r.surplus_mean[k]);
  }
}

}  // namespace

CLI::App* add_sweep_command(CLI::App& app, SweepArgs& args) {
  CLI::App* cmd = app.add_subcommand(
      "sweep", "Run every point of a sweep file on common random numbers (docs/sweeps.md)");
  cmd->add_option("sweep", args.sweep, "Sweep file (TOML)")->required();
  cmd->add_option("-o,--output", args.output, "Sweep results file (default: results/<sweep>.h5)");
  cmd->add_flag("-f,--force", args.force, "Overwrite an existing results file (or job list)");
  cmd->add_option("--paths", args.paths,
                  "Paths per point (default: the sweep's, the scenario's, "
                  "else 100000)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40));
  cmd->add_option("--seed", args.seed,
                  "Seed of every point (default: the sweep's, the "
                  "scenario's, else 1)");
  cmd->add_option("--threads", args.threads,
                  "Worker threads (0: all cores); with --emit-jobs, passed to every job")
      ->check(CLI::Range(0, 4096));
  cmd->add_flag("--no-crn", args.no_crn,
                "Independent random numbers: point i runs with seed + i and the plain samplers "
                "(to measure what common random numbers gain)");
  cmd->add_flag("-q,--quiet", args.quiet, "No progress on stderr");
  cmd->add_option("--emit-jobs", args.emit_jobs,
                  "Do not run: write FOLDER/jobs.txt, one capexsim run command per point, for a "
                  "scheduler; merge their files with capexsim collect FOLDER");
  return cmd;
}

CLI::App* add_collect_command(CLI::App& app, CollectArgs& args) {
  CLI::App* cmd = app.add_subcommand(
      "collect", "Merge the point files of capexsim sweep --emit-jobs into one sweep file");
  cmd->add_option("folder", args.folder, "The --emit-jobs folder")->required();
  cmd->add_option("-o,--output", args.output, "Sweep results file (default: results/<sweep>.h5)");
  cmd->add_flag("-f,--force", args.force, "Overwrite an existing results file");
  return cmd;
}

int run_sweep(const SweepArgs& a) {
  const Expanded x = expand(a.sweep);
  const bool crn = !a.no_crn;
  const RunOptions base = point_options(x, a.paths, a.seed, a.threads, crn);
  for (const Scenario& s : x.scenarios) check_memory(s, base, 0, "each point of the sweep");
  if (!a.emit_jobs.empty()) return emit_jobs(x, a, base);
  const fs::path out = a.output.empty() ? default_output(a.sweep) : fs::path(a.output);
  Cluster& ranks = cluster();
  const bool root = ranks.rank() == 0;
  if (root) check_output_writable(out, a.force);

  const bool bar_shown = root && !a.quiet && ::isatty(STDERR_FILENO) != 0;
  std::vector<RunResults> results(x.points.size());
  for (std::size_t i = 0; i < x.points.size(); ++i) {
    // Under MPI, point i runs on rank i mod K (all of that rank's threads).
    if (i % static_cast<std::size_t>(ranks.size()) != static_cast<std::size_t>(ranks.rank()))
      continue;
    if (!a.quiet && root)
      std::fprintf(stderr, "point %zu/%zu: %s\n", i + 1, x.points.size(),
                   point_label(x, i).c_str());
    ProgressBar bar(base.paths, bar_shown);
    RunOptions o = base;
    if (!crn) o.seed = base.seed + i;
    o.progress = [&bar](std::uint64_t done) { bar.update(done); };
    results[i] = run_simulation(x.scenarios[i], o);
    bar.finish();
  }
  gather_points(ranks, results);
  if (!root) return 0;
  write(out, a.force, results, x, crn);
  print_table(x, results);
  std::cout << "\nSweep results: " << out.string() << "\n";
  return 0;
}

int run_collect(const CollectArgs& a) {
  const fs::path folder(a.folder);
  std::ifstream path_file(folder / kSweepPathFile);
  std::string sweep_path;
  if (!path_file || !std::getline(path_file, sweep_path))
    throw InputError((folder / kSweepPathFile).string(), 0, 0,
                     "cannot read it: is this a folder written by capexsim sweep --emit-jobs?");
  const Expanded x = expand(sweep_path);
  const fs::path out = a.output.empty() ? default_output(sweep_path) : fs::path(a.output);
  check_output_writable(out, a.force);
  std::vector<RunResults> results;
  bool crn = true;
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
    if (results[i].seed != results[0].seed || !results[i].common_random_numbers) crn = false;
  }
  write(out, a.force, results, x, crn);
  print_table(x, results);
  std::cout << "\nSweep results: " << out.string() << "\n";
  return 0;
}

}  // namespace capexsim::cli
