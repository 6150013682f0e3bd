// The `known` key and simulation.unit = "USD billion" through the executable: the summary line,
// the unit in print and file, a backtest in that unit, bitwise thread independence, and bad
// `known` tables exiting 2 with nothing written.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "cli_support.h"

namespace fs = std::filesystem;
using namespace capexsim::test;

namespace {

// Lines 1-12 are fixed: the bad-input cases below edit line 12.
const char* kNowcast = R"([simulation]
name = "nowcast"
base_year = 2025
years = [2026, 2027]
unit = "USD billion"
paths = 3000
seed = 5

[[company]]
name = "meta"
base = { ocf = 115.8, capex = 72.2, buybacks = 26.3, dividends = 5.3 }
known = { through = "2026Q2", ocf = 64.088, capex = 49.113, buybacks = 0.0, dividends = 2.699 }
ocf_growth = { dist = "normal", mean = 0.1, sd = 0.05 }
capex_growth = { dist = "normal", mean = 0.3, sd = 0.1 }

[[company]]
name = "msft"
base = { ocf = 136.2, capex = 64.6, buybacks = 18.4, dividends = 24.1 }
ocf_growth = { dist = "pert", min = -0.1, mode = 0.1, max = 0.3, persistence = 0.4 }
capex_growth = { dist = "normal", mean = 0.3, sd = 0.1 }

[[correlation]]
between = ["*.capex_growth"]
rho = 0.6
)";

std::string edited(std::string_view from, std::string_view to) {
  std::string text = kNowcast;
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("a nowcast in USD billion: summary, file unit and a backtest in that unit",
          "[cli][known][unit]") {
  const fs::path dir = scratch("known-unit");
  write(dir / "k.toml", kNowcast);
  const std::string h5 = (dir / "k.h5").string();
  const Result r =
      run("run " + (dir / "k.toml").string() + " --store-paths all --output " + h5, dir);
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("base year 2025, unit USD billion\n") != std::string::npos);
  CHECK(r.out.find("Actuals in 2026 (the rest of the year drawn): meta through 2026Q2\n") !=
        std::string::npos);
  const std::string unit_check =
      std::string(CAPEXSIM_PYTHON) + " -c \"import h5py, sys; f = h5py.File('" + h5 +
      "'); sys.exit(0 if f.attrs['unit'] == 'USD billion' and f['summary/ocf_mean'].attrs["
      "'units'] == 'USD billion' and 'known = { through = ' in f.attrs['scenario_toml'] else 1)\"";
  CHECK(std::system(unit_check.c_str()) == 0);
  write(dir / "a.csv",
        "company,year,ocf,capex,buybacks,dividends,source,confidence\n"
        "meta,2026,130.0,120.0,0.0,5.4,s,verified\n");
  const Result bt = run("backtest " + h5 + " --actual " + (dir / "a.csv").string(), dir);
  INFO(bt.err);
  REQUIRE(bt.code == 0);
  CHECK(bt.out.find("Backtest (USD billion)") != std::string::npos);
  CHECK(bt.out.find("meta       2026  ocf            130.0") != std::string::npos);  // factor 1
}

TEST_CASE("a nowcast run writes identical files with 1 and 2 threads",
          "[cli][known][reproducible]") {
  const fs::path dir = scratch("known-threads");
  write(dir / "k.toml", kNowcast);
  const std::string compare =
      std::string(CAPEXSIM_PYTHON) + " " + CAPEXSIM_SOURCE_DIR + "/tests/cli/compare_results.py ";
  for (const std::string sampler : {"mc", "sobol"}) {
    INFO(sampler);
    const std::string base = "run " + (dir / "k.toml").string() +
                             " --quiet --store-paths all --paths 70000 --sampler " + sampler + " ";
    const std::string a = (dir / (sampler + "a.h5")).string(),
                      b = (dir / (sampler + "b.h5")).string();
    REQUIRE(run(base + "--threads 1 --output " + a, dir).code == 0);
    REQUIRE(run(base + "--threads 2 --output " + b, dir).code == 0);
    CHECK(std::system((compare + a + " " + b).c_str()) == 0);
  }
}

TEST_CASE("a bad known table exits 2 naming file:line:col and the key, and writes nothing",
          "[cli][known][bad-input]") {
  const fs::path dir = scratch("known-bad");
  struct Case {
    std::string_view from, to, expect;
  };
  const Case cases[] = {
      {"\"2026Q2\"", "\"2026-H1\"", ":12:21: company \"meta\": known.through must name"},
      {"\"2026Q2\"", "\"2027Q2\"",
       ":12:21: company \"meta\": known.through = \"2027Q2\" must be "
       "in the first projection year 2026"},
      {"\"2026Q2\"", "\"2026Q4\"", "make 2026 the base year"},
      {"\"2026Q2\"", "\"2026Q5\"", "the quarter must be 1, 2 or 3, not 5"},
      {"capex = 49.113, ", "", ":12:9: company \"meta\": missing required key known.capex"},
      {"buybacks = 0.0", "buybacks = -1.0", "known.buybacks must be >= 0, got -1"},
      {"ocf = 64.088", "ocf = nan", "known.ocf must be a finite number"},
      {"dividends = 2.699", "dividends = 2.699, month = 6", "unknown key \"month\" in known"},
  };
  for (const Case& c : cases) {
    const fs::path file = dir / "bad.toml";
    write(file, edited(c.from, c.to));
    INFO("edit: " << c.to);
    const Result r =
        run("run " + file.string() + " --quiet --output " + (dir / "r.h5").string(), dir);
    INFO(r.err);
    CHECK(r.code == 2);
    CHECK(r.err.find(file.string() + ":12:") != std::string::npos);
    CHECK(r.err.find(c.expect) != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "r.h5"));
    CHECK(result_files(dir) == 1);  // only bad.toml
  }
  write(dir / "ok.toml", kNowcast);
  const Result set = run("run " + (dir / "ok.toml").string() +
                             " --quiet --set 'company.meta.known.through=\"2026Q4\"' --output " +
                             (dir / "r.h5").string(),
                         dir);
  CHECK(set.code == 2);
  CHECK(set.err.find("company.meta.known.through") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "r.h5"));
}
