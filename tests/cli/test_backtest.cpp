// capexsim backtest: scores written to /backtest agree with scores of the in-memory paths, notes
// for skipped years, refusals (unit, no per-path data, existing /backtest), and the executable.
#include <hdf5.h>
#include <sys/wait.h>

#include <CLI/CLI.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/scoring.h"
#include "cli/backtest_command.h"
#include "cli_support.h"
#include "models/distribution.h"
#include "models/errors.h"
#include "output/atomic_file.h"
#include "output/h5.h"
#include "output/results_reader.h"
#include "output/results_writer.h"
#include "scenarios/loader.h"
#include "sim/engine.h"
#include "tests/support/scenario_builders.h"

namespace fs = std::filesystem;
using namespace capexsim;

namespace {

constexpr std::uint64_t kPaths = 4000;

fs::path scratch(const std::string& name) { return capexsim::test::scratch("backtest-" + name); }

//! Two companies named like the CSV's in lower case, 2024-2025, every parameter uncertain.
RunResults simulate(StorePaths store) {
  Scenario s;
  s.name = "bt";
  s.base_year = 2023;
  s.years = {2024, 2025};
  s.companies.push_back(
      test::make_company("meta", {711.13, 197.74, 0.0, 270.45}, 2, Distribution::normal(0.15, 0.1),
                         Distribution::triangular(0.1, 0.3, 0.6), Distribution::uniform(0.2, 0.4),
                         Distribution::fixed(0.05)));
  s.companies.push_back(
      test::make_company("alphabet", {1017.46, 615.04, 0.0, 322.51}, 2,
                         Distribution::normal(0.15, 0.08), Distribution::pert(0.0, 0.3, 0.8),
                         Distribution::uniform(0.4, 0.7), Distribution::fixed(0.05)));
  RunOptions o;
  o.paths = kPaths;
  o.seed = 20240818;
  o.threads = 2;
  o.store = store;
  return run_simulation(s, o);
}

fs::path write_run(const fs::path& dir, const RunResults& r, const std::string& unit) {
  fs::path file = dir / "run.h5";
  write_results(file.string(), r, {"bt", "", unit, "test", "2026-11-30T00:00:00Z", "", 0});
  return file;
}

//! Realized USD billions: 2023 is outside the horizon; Alphabet's 2025 buybacks are missing,
//! so the total has no 2025 buybacks or surplus.
fs::path write_actual(const fs::path& dir) {
  fs::path file = dir / "actual.csv";
  std::ofstream(file) << "company,year,ocf,capex,buybacks,dividends,source,confidence\n"
                         "Meta,2023,71.113,27.045,19.774,0.0,s,verified\n"
                         "Meta,2024,91.328,37.256,30.125,5.072,s,verified\n"
                         "Meta,2025,115.8,69.691,26.314,5.324,s,verified\n"
                         "Alphabet,2024,125.299,52.535,62.222,7.363,s,verified\n"
                         "Alphabet,2025,164.713,91.447,,10.049,s,verified\n";
  return file;
}

std::vector<double> read_dataset(const fs::path& file, const std::string& name) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(f >= 0);
  const hid_t d = H5Dopen2(f, name.c_str(), H5P_DEFAULT);
  REQUIRE(d >= 0);
  const hid_t space = H5Dget_space(d);
  std::vector<double> v(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  CHECK(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) >= 0);  // converts
  H5Sclose(space);
  H5Dclose(d);
  H5Fclose(f);
  return v;
}

//! Paths of entity e, year t of one [entity][year][path] flow array.
std::vector<double> paths_of(const PathArray<double>& a, std::size_t e, std::size_t t,
                             std::size_t years) {
  const double* p = a.data() + (e * years + t) * kPaths;
  return {p, p + kPaths};
}

std::string run_quietly(cli::BacktestArgs args) {
  std::ostringstream out;
  args.out = &out;
  const int code = cli::run_backtest(args);  // exceptions propagate to the caller
  REQUIRE(code == 0);
  return out.str();
}

}  // namespace

TEST_CASE("backtest: /backtest holds the scores of the paths against the realized values",
          "[backtest]") {
  const fs::path dir = scratch("round-trip");
  const RunResults r = simulate(StorePaths::all);
  const fs::path file = write_run(dir, r, "USD 100 million");
  const std::string out =
      run_quietly({.results = file.string(), .actual = write_actual(dir).string()});
  CHECK(out.find("outside the run's horizon 2024-2025 are skipped: 2023") != std::string::npos);

  CHECK(read_dataset(file, "/backtest/year") == std::vector<double>{2024, 2025});
  const auto pit = read_dataset(file, "/backtest/pit"), crps = read_dataset(file, "/backtest/crps"),
             in50 = read_dataset(file, "/backtest/in50"),
             in90 = read_dataset(file, "/backtest/in90"),
             actual = read_dataset(file, "/backtest/actual"),
             median = read_dataset(file, "/backtest/median");
  REQUIRE(pit.size() == std::size_t{3} * 2 * 5);  // (meta, alphabet, total) x 2 years x 5 flows
  const auto at = [](std::size_t e, std::size_t y, std::size_t f) { return (e * 2 + y) * 5 + f; };
  // Meta 2024 OCF, in the results' unit (x10), scored from the in-memory paths.
  CHECK(actual[at(0, 0, 0)] == Approx(913.28));
  const SampleScores ocf = score_sample(paths_of(r.path_ocf, 0, 0, 2), 913.28);
  CHECK(pit[at(0, 0, 0)] == ocf.pit);
  CHECK(crps[at(0, 0, 0)] == Approx(ocf.crps).epsilon(1e-12));
  CHECK(in50[at(0, 0, 0)] == (ocf.in50 ? 1.0 : 0.0));
  CHECK(in90[at(0, 0, 0)] == (ocf.in90 ? 1.0 : 0.0));
  CHECK(median[at(0, 0, 0)] == Approx(ocf.median).epsilon(1e-12));
  // Alphabet 2025 capex (flow 1) and the total's 2024 surplus (flow 4).
  const SampleScores capex = score_sample(paths_of(r.path_capex, 1, 1, 2), 914.47);
  CHECK(pit[at(1, 1, 1)] == capex.pit);
  CHECK(crps[at(1, 1, 1)] == Approx(capex.crps).epsilon(1e-12));
  const double surplus_2024 =
      10 * ((91.328 - 30.125 - 5.072 - 37.256) + (125.299 - 62.222 - 7.363 - 52.535));
  CHECK(actual[at(2, 0, 4)] == Approx(surplus_2024));
  const SampleScores total = score_sample(paths_of(r.path_surplus, 2, 0, 2), surplus_2024);
  CHECK(pit[at(2, 0, 4)] == total.pit);
  CHECK(crps[at(2, 0, 4)] == Approx(total.crps).epsilon(1e-12));
  // Missing Alphabet 2025 buybacks: no realized buybacks or surplus for Alphabet or the total.
  for (std::size_t e : {1u, 2u}) {
    for (std::size_t f : {2u, 4u}) {
      CHECK(std::isnan(actual[at(e, 1, f)]));
      CHECK(std::isnan(pit[at(e, 1, f)]));
    }
  }
  CHECK(std::isfinite(pit[at(0, 1, 2)]));  // Meta's 2025 buybacks are there
}

TEST_CASE("backtest: an existing /backtest is kept unless --force", "[backtest]") {
  const fs::path dir = scratch("force");
  const fs::path file = write_run(dir, simulate(StorePaths::all), "USD billion");
  const std::string actual = write_actual(dir).string();
  run_quietly({.results = file.string(), .actual = actual});
  const auto first = read_dataset(file, "/backtest/actual");
  CHECK(first[0] == Approx(91.328));  // "USD billion": factor 1
  CHECK_THROWS_AS(run_quietly({.results = file.string(), .actual = actual}), OutputExistsError);
  run_quietly({.results = file.string(), .actual = actual, .force = true});
  CHECK(read_dataset(file, "/backtest/actual")[0] == Approx(91.328));
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 2);  // no temp
}

TEST_CASE("backtest: an unknown unit is refused", "[backtest]") {
  const fs::path dir = scratch("unit");
  const fs::path file = write_run(dir, simulate(StorePaths::all), "EUR million");
  try {
    run_quietly({.results = file.string(), .actual = write_actual(dir).string()});
    FAIL("no InputError");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("unit \"EUR million\" is not supported") != std::string::npos);
  }
}

TEST_CASE("backtest: store_paths total scores total/surplus only, none is refused", "[backtest]") {
  const fs::path dir = scratch("store");
  const RunResults r = simulate(StorePaths::total);
  const fs::path file = write_run(dir, r, "USD 100 million");
  const std::string out =
      run_quietly({.results = file.string(), .actual = write_actual(dir).string()});
  CHECK(out.find("scoring total/surplus only") != std::string::npos);
  const auto pit = read_dataset(file, "/backtest/pit");
  for (std::size_t i = 0; i < pit.size(); ++i) {
    INFO("cell " << i);
    CHECK(std::isfinite(pit[i]) == (i == (2 * 2 + 0) * 5 + 4));  // total, 2024, surplus
  }

  const fs::path none_dir = scratch("store-none");
  const fs::path none = write_run(none_dir, simulate(StorePaths::none), "USD 100 million");
  try {
    run_quietly({.results = none.string(), .actual = write_actual(none_dir).string()});
    FAIL("no InputError");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("--store-paths all") != std::string::npos);
  }
}

TEST_CASE("backtest: the subcommand parses its arguments", "[backtest]") {
  const fs::path dir = scratch("parse");
  const fs::path file = write_run(dir, simulate(StorePaths::all), "USD 100 million");
  const std::string actual = write_actual(dir).string();
  CLI::App app;
  cli::BacktestArgs args;
  cli::add_backtest_command(app, args);
  app.parse("backtest " + file.string() + " --actual " + actual + " --force", false);
  CHECK(args.results == file.string());
  CHECK(args.actual == actual);
  CHECK(args.force);
}

TEST_CASE("backtest: the executable exits 0, then 2 on an existing /backtest", "[backtest]") {
  const fs::path dir = scratch("exe");
  const fs::path file = write_run(dir, simulate(StorePaths::all), "USD 100 million");
  const std::string cmd = std::string(CAPEXSIM_EXE) + " backtest " + file.string() + " --actual " +
                          write_actual(dir).string() + " >" + (dir / "out.txt").string() + " 2>&1";
  const int first = std::system(cmd.c_str());
  CHECK(WIFEXITED(first));
  CHECK(WEXITSTATUS(first) == 0);
  const int second = std::system(cmd.c_str());
  CHECK(WEXITSTATUS(second) == 2);
}

TEST_CASE("backtest: a file that is not a run's results is an input error (exit 2)",
          "[backtest][errors]") {
  // The results reader (output/) finds it, deep below the command: it throws InputError, which
  // the command line maps to 2 like any other bad input.
  const fs::path dir = scratch("not-results");
  const fs::path file = write_run(dir, simulate(StorePaths::all), "USD 100 million");
  {
    const h5::File f(H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), "open", file.string());
    REQUIRE(H5Adelete(f.id(), "format") >= 0);
    h5::write_attribute(f, "format", std::string_view("capexsim-solve"));
  }
  CHECK_THROWS_AS(read_results_info(file.string()), InputError);
  const std::string cmd = std::string(CAPEXSIM_EXE) + " backtest " + file.string() + " --actual " +
                          write_actual(dir).string() + " >" + (dir / "out.txt").string() + " 2>&1";
  const int status = std::system(cmd.c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 2);
  std::ifstream in(dir / "out.txt");
  const std::string err((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(err.find("not a capexsim results file") != std::string::npos);
}

TEST_CASE("seed_2024-08.toml is the report's forecast: OCF +15%, capex +50/30/30, 2023 ratios",
          "[backtest]") {
  const Scenario s =
      load_scenario(std::string(CAPEXSIM_SOURCE_DIR) + "/scenarios/seed_2024-08.toml");
  CHECK(s.base_year == 2023);
  CHECK(s.years == std::vector<int>{2024, 2025, 2026});
  CHECK(s.unit == "USD 100 million");
  REQUIRE(s.companies.size() == 4);
  for (const Company& c : s.companies) {
    INFO(c.name);
    const ParamSpec& capex = c.param(Param::capex_growth);
    CHECK(capex.by_year[0].mean() == Approx(0.50).margin(1e-9));  // every company, not the group
    CHECK(capex.by_year[1].mean() == Approx(0.30).margin(1e-9));
    CHECK(capex.by_year[2].mean() == Approx(0.30).margin(1e-9));
    for (const Distribution& d : c.param(Param::ocf_growth).by_year)
      CHECK(d.mean() == Approx(0.15).margin(1e-9));
    const double dividends = c.base.dividends / c.base.ocf;  // the 2023 ratio
    for (const Distribution& d : c.param(Param::dividend_ratio).by_year)
      CHECK(d.mean() == Approx(dividends).margin(1e-3));
  }
}
