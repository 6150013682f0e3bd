//! `capexsim sensitivity`: the printed ranking, the HDF5 file (shapes and attributes, read with
//! xarray), no overwrite without --force, the same numbers for any thread count, and exit code 2
//! on bad options.
#include <catch2/catch.hpp>

#include <string>

#include "cli_support.h"

using namespace capexsim::test;

namespace {

//! Two drawn parameters over two years: four inputs.
const char* kScenario = R"(
[simulation]
name = "cli-sobol"
base_year = 2023
years = [2024, 2025]
seed = 5

[[company]]
name = "a"
base = { ocf = 100.0, buybacks = 20.0, dividends = 5.0, capex = 60.0 }
ocf_growth = { dist = "normal", mean = 0.1, sd = 0.1 }
capex_growth = { dist = "uniform", min = 0.1, max = 0.5 }
)";

//! Only capex growth varies (both years): one variable.
const char* kOneVariable = R"(
[simulation]
name = "cli-sobol-one"
base_year = 2023
years = [2024, 2025]

[[company]]
name = "a"
base = { ocf = 100.0, buybacks = 20.0, dividends = 5.0, capex = 60.0 }
ocf_growth = { dist = "fixed", value = 0.1 }
capex_growth = { dist = "uniform", min = 0.1, max = 0.5 }
)";

}  // namespace

TEST_CASE("sensitivity prints the ranked indices and writes them to HDF5", "[cli][sobol]") {
  const fs::path dir = scratch("sobol-file");
  write(dir / "s.toml", kScenario);
  const fs::path file = dir / "i.h5";
  const std::string args = "sensitivity " + (dir / "s.toml").string() +
                           " --n 600 --bootstrap 30 --quiet -o " + file.string();
  const Result r = run(args, dir);
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("Sobol' indices of surplus[total,2025]") != std::string::npos);
  CHECK(r.out.find("3600 model evaluations") != std::string::npos);  // 600 x (4 + 2)
  CHECK(r.out.find("a.capex_growth.2025") != std::string::npos);
  CHECK(r.out.find("Sum of first-order indices") != std::string::npos);
  CHECK(r.err.empty());  // --quiet
  REQUIRE(fs::exists(file));
  CHECK(result_files(dir) == 2);  // the scenario and the file: no temporary left

  write(dir / "check.py",
        "import sys, xarray as xr\n"
        "s = xr.open_dataset(sys.argv[1], engine='h5netcdf', group='sobol')\n"
        "root = xr.open_dataset(sys.argv[1], engine='h5netcdf')\n"
        "a = root.attrs\n"
        "assert a['format'] == 'capexsim-sobol' and a['format_version'] == 1, a\n"
        "assert a['statistic'] == 'surplus[total,2025]' and a['by'] == 'input', a\n"
        "assert a['n'] == 600 and a['bootstrap'] == 30 and a['seed'] == 5, a\n"
        "assert a['evaluations'] == 3600 and a['variance'] > 0 and 'scenario_toml' in a, a\n"
        "assert list(s.factor.values) == ['a.ocf_growth.2024', 'a.ocf_growth.2025',\n"
        "    'a.capex_growth.2024', 'a.capex_growth.2025'], s.factor.values\n"
        "for v in ['first_order', 'total_order', 'first_order_lower', 'first_order_upper',\n"
        "          'first_order_stderr', 'total_order_lower', 'total_order_upper',\n"
        "          'total_order_stderr']:\n"
        "    assert s[v].dims == ('factor',) and s[v].shape == (4,), v\n"
        "assert (s.total_order_lower <= s.total_order_upper).all()\n"
        "print('ok')\n");
  const std::string check = std::string(CAPEXSIM_PYTHON) + " " + (dir / "check.py").string() + " " +
                            file.string() + " > " + (dir / "check.txt").string() + " 2>&1";
  const int status = std::system(check.c_str());
  INFO(slurp(dir / "check.txt"));
  CHECK(status == 0);

  // An existing file is kept without --force and replaced with it.
  const std::string before = slurp(file);
  const Result again = run(args, dir);
  CHECK(again.code == 2);
  CHECK(again.err.find("--force") != std::string::npos);
  CHECK(slurp(file) == before);
  CHECK(run(args + " --force", dir).code == 0);
  CHECK(result_files(dir) == 4);  // + check.py, check.txt
}

TEST_CASE("sensitivity gives the same numbers for 1 and 2 threads", "[cli][sobol]") {
  const fs::path dir = scratch("sobol-threads");
  write(dir / "s.toml", kScenario);
  const std::string args = "sensitivity " + (dir / "s.toml").string() +
                           " --n 1000 --bootstrap 40 --output negative[a,2025] --quiet";
  const Result one = run(args + " --threads 1", dir);
  const Result two = run(args + " --threads 2", dir);
  REQUIRE(one.code == 0);
  CHECK(one.out.find("Sobol' indices of negative[a,2025]") != std::string::npos);
  CHECK(one.out == two.out);
}

TEST_CASE("sensitivity: the one variable that varies explains everything", "[cli][sobol]") {
  const fs::path dir = scratch("sobol-one");
  write(dir / "s.toml", kOneVariable);
  const Result r = run(
      "sensitivity " + (dir / "s.toml").string() + " --by variable --n 500 --bootstrap 20 --quiet",
      dir);
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  // One factor: A_B is B, so the first-order index is exactly 1.
  CHECK(r.out.find("   1  a.capex_growth   1.0000") != std::string::npos);
  CHECK(r.out.find("1 factor (--by variable) over 2 inputs") != std::string::npos);
}

TEST_CASE("sensitivity refuses bad options with exit code 2", "[cli][sobol]") {
  const fs::path dir = scratch("sobol-bad");
  write(dir / "s.toml", kScenario);
  const std::string base = "sensitivity " + (dir / "s.toml").string() + " --n 50 --quiet ";
  const std::pair<const char*, const char*> cases[] = {
      {"--output bogus", "--output"},
      {"--output surplus[nobody,2025]", "no entity"},
      {"--output surplus[total,1999]", "1999"},
      {"--output surplus[total,2025", "--output"},
      {"--output first_negative[total,2025]", "entity only"},
      {"--by year", "--by"},
      {"--n 1", "--n"},
      {"--bootstrap 1", "--bootstrap"},
      {"--set company.a.capex_growth.nope=1", "nope"},
  };
  for (const auto& [option, message] : cases) {
    const Result r = run(base + option, dir);
    INFO(option << ": " << r.err);
    CHECK(r.code == 2);
    CHECK(r.err.find(message) != std::string::npos);
  }
  write(dir / "fixed.toml", R"(
[simulation]
name = "fixed"
base_year = 2023
years = [2024]

[[company]]
name = "a"
base = { ocf = 100.0, buybacks = 20.0, dividends = 5.0, capex = 60.0 }
ocf_growth = { dist = "fixed", value = 0.1 }
capex_growth = { dist = "fixed", value = 0.3 }
)");
  const Result r = run("sensitivity " + (dir / "fixed.toml").string(), dir);
  CHECK(r.code == 2);
  CHECK(r.err.find("every input is fixed") != std::string::npos);
  CHECK(result_files(dir) == 2);  // the two scenarios: nothing written
}
