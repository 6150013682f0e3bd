//! `capexsim run --sensitivity-paths`: the printed tornado, the /sensitivity group and its sample
//! size in the file (read with h5py), turning it off, and bad values.
#include <catch2/catch.hpp>

#include <string>

#include "cli_support.h"

using namespace capexsim::test;

namespace {

const char* kScenario = R"(
[simulation]
name = "cli-sensitivity"
base_year = 2023
years = [2024, 2025]
paths = 6000
seed = 9

[[company]]
name = "a"
base = { ocf = 100.0, buybacks = 20.0, dividends = 5.0, capex = 60.0 }
ocf_growth = { dist = "normal", mean = 0.1, sd = 0.02 }
capex_growth = { dist = "uniform", min = 0.1, max = 0.9 }
)";

//! The group's `paths` attribute, read with h5py; -1 when the file has no /sensitivity.
int sample_size(const fs::path& file, const fs::path& dir) {
  write(dir / "n.py",
        "import h5py, sys\nf = h5py.File(sys.argv[1], 'r')\n"
        "print(int(f['sensitivity'].attrs['paths']) if 'sensitivity' in f else -1)\n");
  const std::string read = std::string(CAPEXSIM_PYTHON) + " " + (dir / "n.py").string() + " " +
                           file.string() + " > " + (dir / "n.txt").string();
  REQUIRE(std::system(read.c_str()) == 0);
  return std::stoi(slurp(dir / "n.txt"));
}

}  // namespace

TEST_CASE("run prints the sensitivity tornado and writes /sensitivity", "[cli][sensitivity]") {
  const fs::path dir = scratch("sensitivity");
  write(dir / "s.toml", kScenario);
  const fs::path file = dir / "r.h5";
  const std::string base =
      "run " + (dir / "s.toml").string() + " --quiet --output " + file.string() + " --force";

  const Result r = run(base + " --sensitivity-paths 2500", dir);
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("Sensitivity: Spearman rank correlation with the total surplus in 2025 "
                   "(n = 2500 paths)") != std::string::npos);
  // Capex growth in 2025 drives the 2025 surplus down: listed, with a minus sign and a bar.
  const auto at = r.out.find("\n  a.capex_growth.2025 ", r.out.find("Sensitivity:"));
  REQUIRE(at != std::string::npos);
  const std::string line = r.out.substr(at + 1, r.out.find('\n', at + 1) - at - 1);
  INFO(line);
  CHECK(line.find(" -0.") != std::string::npos);
  CHECK(line.find("#####") != std::string::npos);
  CHECK(r.out.find("first negative year") != std::string::npos);
  CHECK(sample_size(file, dir) == 2500);

  // More than the run's paths: all of them; the default: min(paths, 100000).
  REQUIRE(run(base + " --sensitivity-paths 1000000", dir).code == 0);
  CHECK(sample_size(file, dir) == 6000);
  REQUIRE(run(base, dir).code == 0);
  CHECK(sample_size(file, dir) == 6000);

  const Result off = run(base + " --sensitivity-paths 0", dir);
  REQUIRE(off.code == 0);
  CHECK(off.out.find("Sensitivity") == std::string::npos);
  CHECK(sample_size(file, dir) == -1);
}

TEST_CASE("a bad --sensitivity-paths exits 2 naming the option", "[cli][sensitivity][bad-input]") {
  const fs::path dir = scratch("sensitivity-bad");
  write(dir / "s.toml", kScenario);
  for (const char* value : {"-1", "x", "1.5", "1"}) {
    INFO(value);
    const Result r = run("run " + (dir / "s.toml").string() + " --quiet --output " +
                             (dir / "r.h5").string() + " --sensitivity-paths " + value,
                         dir);
    CHECK(r.code == 2);
    CHECK(r.err.find("--sensitivity-paths") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "r.h5"));
  }
}

TEST_CASE("a run of one path writes no /sensitivity (a rank correlation needs two)",
          "[cli][sensitivity]") {
  // Found by scripts/soak: --paths 1 used to fail in the writer with exit 1.
  const fs::path dir = scratch("sensitivity-one-path");
  write(dir / "s.toml", kScenario);
  const Result r = run(
      "run " + (dir / "s.toml").string() + " --quiet --paths 1 --output " + (dir / "r.h5").string(),
      dir);
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(sample_size(dir / "r.h5", dir) == -1);
}
