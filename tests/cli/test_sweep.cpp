// capexsim run --set, capexsim sweep (in process, common random numbers), --emit-jobs + collect,
// through the executable: exit codes, messages, and files compared with h5py.
#include <catch2/catch.hpp>

#include <string>

#include "cli_support.h"

using namespace capexsim::test;

namespace {

const char* kScenario = R"(
[simulation]
name = "sweepable"
base_year = 2023
years = [2024, 2025, 2026]
paths = 6000
seed = 11

[[company]]
name = "a"
base = { ocf = 100.0, buybacks = 20.0, dividends = 5.0, capex = 60.0 }
ocf_growth = { dist = "normal", mean = 0.1, sd = 0.1, min = -0.3 }
capex_growth = { dist = "triangular", min = 0.0, mode = 0.2, max = 0.5 }
buyback_ratio = { dist = "uniform", min = 0.1, max = 0.3 }

[[company]]
name = "b"
base = { ocf = 80.0, buybacks = 10.0, dividends = 10.0, capex = 50.0 }
ocf_growth = { dist = "lognormal", mean = 0.1, sd = 0.15, shift = -1 }
capex_growth = { dist = "pert", min = -0.1, mode = 0.2, max = 0.6 }
)";

const char* kSweep = R"(
scenario = "s.toml"
paths = 5000
seed = 5
set = ["company.b.dividend_ratio={ dist = \"fixed\", value = 0.1 }"]

[[axis]]
key = "company.a.capex_growth"
op = "shift"
start = -0.1
stop = 0.1
step = 0.1

[[axis]]
key = "company.a.ocf_growth.mean"
values = [0.05, 0.15]
)";

//! Runs a Python snippet with h5py/numpy/xarray; returns its exit code and output.
Result python(const std::string& code, const fs::path& dir) {
  write(dir / "check.py", code);
  const std::string cmd = std::string(CAPEXSIM_PYTHON) + " " + (dir / "check.py").string() + " >" +
                          (dir / "py.txt").string() + " 2>&1";
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(dir / "py.txt"), ""};
}

int compare(const fs::path& a, const fs::path& b) {
  const std::string cmd = std::string(CAPEXSIM_PYTHON) + " " + CAPEXSIM_SOURCE_DIR +
                          "/tests/cli/compare_results.py " + a.string() + " " + b.string();
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("run --set changes the scenario and stores the text after overrides", "[sweep][set]") {
  const fs::path dir = scratch("set");
  write(dir / "s.toml", kScenario);
  const Result r = run("run " + (dir / "s.toml").string() +
                           " --quiet --set company.a.capex_growth.max=0.9 --set "
                           "'company.*.capex_growth+=0.05' -o " +
                           (dir / "o.h5").string(),
                       dir);
  INFO(r.err);
  REQUIRE(r.code == 0);
  // The stored text, run as a scenario of its own, gives the same results bit for bit.
  REQUIRE(python("import h5py\n"
                 "f = h5py.File('" +
                     (dir / "o.h5").string() +
                     "')\n"
                     "open('" +
                     (dir / "stored.toml").string() +
                     "', 'w').write(f.attrs['scenario_toml'])\n"
                     "print(f.attrs['overrides'])\n",
                 dir)
              .code == 0);
  const std::string stored = slurp(dir / "stored.toml");
  CHECK(stored.find("--set company.*.capex_growth+=0.05") != std::string::npos);
  CHECK(stored.find("max = 0.95") != std::string::npos);  // 0.9 + 0.05, shortest form
  const Result again = run(
      "run " + (dir / "stored.toml").string() + " --quiet -o " + (dir / "again.h5").string(), dir);
  REQUIRE(again.code == 0);
  // Only the root attributes naming the source differ (scenario_toml is equal by construction).
  REQUIRE(python("import h5py, numpy as np\n"
                 "a = h5py.File('" +
                     (dir / "o.h5").string() +
                     "')\n"
                     "b = h5py.File('" +
                     (dir / "again.h5").string() +
                     "')\n"
                     "for k in a['summary']:\n"
                     "    assert np.array_equal(a['summary'][k][()], b['summary'][k][()]), k\n"
                     "assert a.attrs['scenario_toml'] == b.attrs['scenario_toml']\n"
                     "assert b.attrs['overrides'] == ''\n",
                 dir)
              .code == 0);
  // And it differs from the run without overrides.
  REQUIRE(
      run("run " + (dir / "s.toml").string() + " --quiet -o " + (dir / "plain.h5").string(), dir)
          .code == 0);
  CHECK(compare(dir / "o.h5", dir / "plain.h5") == 1);
}

TEST_CASE("run --set errors exit 2, name the key and write nothing", "[sweep][set]") {
  const fs::path dir = scratch("set-errors");
  write(dir / "s.toml", kScenario);
  const std::string base =
      "run " + (dir / "s.toml").string() + " --quiet -o " + (dir / "o.h5").string() + " --set ";
  for (const auto& [set, message] :
       {std::pair{"company.c.capex_growth.max=0.9", "no company \"c\""},
        std::pair{"company.a.capex_growth.max='x'", "company.a.capex_growth.max"},
        std::pair{"company.a.capex_growth.maxx=1", "unknown key \"maxx\""},
        std::pair{"company.a.capex_growth.max", "write KEY=VALUE"},
        std::pair{"company.a.capex_growth.max=0.1", "capex_growth.mode must be within"}}) {
    const Result r = run(base + "\"" + set + "\"", dir);
    INFO(set << ": " << r.err);
    CHECK(r.code == 2);
    CHECK(r.err.find(message) != std::string::npos);
    CHECK(!fs::exists(dir / "o.h5"));
  }
}

TEST_CASE("sweep runs every point on common random numbers and equals emitted jobs + collect",
          "[sweep]") {
  const fs::path dir = scratch("sweep");
  write(dir / "s.toml", kScenario);
  write(dir / "sweep.toml", kSweep);
  const Result r = run(
      "sweep " + (dir / "sweep.toml").string() + " --quiet -o " + (dir / "in.h5").string(), dir);
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("company.a.capex_growth+=0.1, company.a.ocf_growth.mean=0.15") !=
        std::string::npos);

  const Result emit = run(
      "sweep " + (dir / "sweep.toml").string() + " --emit-jobs " + (dir / "jobs").string(), dir);
  INFO(emit.err);
  REQUIRE(emit.code == 0);
  const std::string jobs = slurp(dir / "jobs" / "jobs.txt");
  CHECK(std::count(jobs.begin(), jobs.end(), '\n') == 6);
  const int ran = std::system(("cd " + (dir / "jobs").string() +
                               " && while IFS= read -r line; do bash -c \"$line\" >/dev/null || "
                               "exit 1; done < jobs.txt")
                                  .c_str());
  REQUIRE(ran == 0);
  const Result collect =
      run("collect " + (dir / "jobs").string() + " -o " + (dir / "collected.h5").string(), dir);
  INFO(collect.err);
  REQUIRE(collect.code == 0);
  CHECK(compare(dir / "in.h5", dir / "collected.h5") == 0);

  // scripts/sweep: the same points as parallel processes, merged, give the same file again.
  const int script = std::system(
      ("CAPEXSIM_EXE=" + std::string(CAPEXSIM_EXE) + " " + CAPEXSIM_SOURCE_DIR + "/scripts/sweep " +
       (dir / "sweep.toml").string() + " --jobs 2 --dir " + (dir / "pts").string() + " -o " +
       (dir / "script.h5").string() + " >/dev/null 2>&1")
          .c_str());
  REQUIRE(script == 0);
  CHECK(compare(dir / "in.h5", dir / "script.h5") == 0);

  // Layout: point dimension, one coordinate per swept key, xarray sees them as coordinates.
  // Common random numbers: company b is untouched by every axis, so its statistics are equal at
  // every point bit for bit; company a's capex falls as its growth is shifted down.
  const Result check = python(
      "import h5py, numpy as np, xarray as xr\n"
      "f = h5py.File('" +
          (dir / "in.h5").string() +
          "')\n"
          "assert f.attrs['format'] == 'capexsim-sweep'\n"
          "assert f.attrs['swept_keys'] == 'company.a.capex_growth\\ncompany.a.ocf_growth.mean'\n"
          "assert f.attrs['common_random_numbers'] == 1\n"
          "s = f['summary']\n"
          "assert s['prob_negative'].shape == (6, 3, 3)\n"
          "assert s['surplus_quantiles'].shape == (6, 3, 3, 9)\n"
          "assert list(s['company.a.capex_growth'][()]) == [-0.1, -0.1, 0.0, 0.0, 0.1, 0.1]\n"
          "assert list(s['company.a.ocf_growth.mean'][()]) == [0.05, 0.15] * 3\n"
          "b = s['surplus_quantiles'][:, 1]\n"
          "assert (b == b[0]).all()\n"
          "capex = s['capex_mean'][:, 0, 2]\n"
          "assert capex[0] < capex[2] < capex[4]\n"
          "ds = xr.open_dataset('" +
          (dir / "in.h5").string() +
          "', group='summary', engine='h5netcdf')\n"
          "assert 'company.a.capex_growth' in ds.coords\n"
          "assert ds.prob_negative.dims == ('point', 'entity', 'year')\n",
      dir);
  INFO(check.out);
  CHECK(check.code == 0);

  // Without common random numbers company b moves from point to point (other seeds).
  REQUIRE(run("sweep " + (dir / "sweep.toml").string() + " --quiet --no-crn -o " +
                  (dir / "nocrn.h5").string(),
              dir)
              .code == 0);
  const Result independent = python(
      "import h5py\n"
      "f = h5py.File('" +
          (dir / "nocrn.h5").string() +
          "')\n"
          "assert f.attrs['common_random_numbers'] == 0\n"
          "b = f['summary/surplus_mean'][:, 1, 2]\n"
          "assert len(set(b)) == 6, b\n"
          "assert list(f['summary/seed'][()]) == [5, 6, 7, 8, 9, 10]\n",
      dir);
  INFO(independent.out);
  CHECK(independent.code == 0);
}

TEST_CASE("sweep and collect refuse bad input with exit 2", "[sweep]") {
  const fs::path dir = scratch("sweep-errors");
  write(dir / "s.toml", kScenario);
  write(dir / "bad.toml", std::string(kSweep) + "oops = 1\n");
  Result r = run("sweep " + (dir / "bad.toml").string() + " -o " + (dir / "x.h5").string(), dir);
  CHECK(r.code == 2);
  CHECK(r.err.find("bad.toml:") != std::string::npos);
  CHECK(r.err.find("unknown key \"oops\"") != std::string::npos);

  // A point whose scenario is invalid stops the sweep before any run, naming the point.
  std::string invalid = kSweep;
  invalid.replace(invalid.find("values = [0.05, 0.15]"), 21, "values = [0.05, \"x\"]");
  write(dir / "invalid.toml", invalid);
  r = run("sweep " + (dir / "invalid.toml").string() + " -o " + (dir / "x.h5").string(), dir);
  CHECK(r.code == 2);
  CHECK(r.err.find("sweep point 1 (company.a.capex_growth+=-0.1, "
                   "company.a.ocf_growth.mean=\"x\")") != std::string::npos);
  CHECK(!fs::exists(dir / "x.h5"));

  // collect: a missing point file is named; a folder of another sweep is refused.
  write(dir / "sweep.toml", kSweep);
  REQUIRE(
      run("sweep " + (dir / "sweep.toml").string() + " --emit-jobs " + (dir / "jobs").string(), dir)
          .code == 0);
  r = run("collect " + (dir / "jobs").string() + " -o " + (dir / "c.h5").string(), dir);
  CHECK(r.code == 2);
  CHECK(r.err.find("point_00000.h5") != std::string::npos);
  CHECK(r.err.find("has not run") != std::string::npos);
  // Emitting again into the same folder needs --force.
  r = run("sweep " + (dir / "sweep.toml").string() + " --emit-jobs " + (dir / "jobs").string(),
          dir);
  CHECK(r.code == 2);
  CHECK(r.err.find("jobs.txt exists") != std::string::npos);
}
