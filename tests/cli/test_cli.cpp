// End-to-end tests of the capexsim executable: exit codes, messages, files written or not.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli_support.h"

namespace fs = std::filesystem;
using namespace capexsim::test;

namespace {

const char* kValid = R"(
[simulation]
name = "cli"
base_year = 2023
years = [2024, 2025]
paths = 5000
seed = 3

[[company]]
name = "a"
base = { ocf = 100.0, buybacks = 20.0, dividends = 5.0, capex = 60.0 }
ocf_growth = { dist = "normal", mean = 0.1, sd = 0.1 }
capex_growth = { dist = "uniform", min = 0.1, max = 0.5 }
)";

}  // namespace

TEST_CASE("run writes results and prints the summary", "[cli]") {
  const fs::path dir = scratch("run");
  const Result r =
      run("run scenarios/seed_table1.toml --quiet --output " + (dir / "t1.h5").string(), dir);
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(fs::exists(dir / "t1.h5"));
  CHECK(result_files(dir) == 1);  // no temporary file left behind
  CHECK(r.out.find("543.28") != std::string::npos);
  CHECK(r.out.find("295.03") != std::string::npos);
  CHECK(r.out.find("-89.36") != std::string::npos);
  CHECK(r.out.find("First year the surplus turns negative") != std::string::npos);
}

TEST_CASE("a run with 1 thread and with 2 threads writes identical datasets, other seeds differ",
          "[cli][reproducible]") {
  const fs::path dir = scratch("threads");
  // Two companies, a correlation and persistence, so that every sampler's copula path runs too.
  write(dir / "s.toml",
        std::string(kValid) +
            "\n[[company]]\nname = \"b\"\n"
            "base = { ocf = 80.0, buybacks = 10.0, dividends = 5.0, capex = 50.0 }\n"
            "ocf_growth = { dist = \"pert\", min = -0.1, mode = 0.1, max = 0.4, "
            "persistence = 0.5 }\n"
            "capex_growth = { dist = \"uniform\", min = 0.0, max = 0.6 }\n"
            "[[correlation]]\nbetween = [\"*.ocf_growth\"]\nrho = 0.5\n");
  const std::string compare =
      std::string(CAPEXSIM_PYTHON) + " " + CAPEXSIM_SOURCE_DIR + "/tests/cli/compare_results.py ";
  for (const std::string sampler : {"mc", "lhs", "sobol"}) {
    INFO(sampler);
    const std::string base = "run " + (dir / "s.toml").string() +
                             " --quiet --store-paths all --paths 70000 --sampler " + sampler + " ";
    const std::string a = (dir / (sampler + "a.h5")).string(),
                      b = (dir / (sampler + "b.h5")).string(),
                      c = (dir / (sampler + "c.h5")).string();
    REQUIRE(run(base + "--threads 1 --output " + a, dir).code == 0);
    REQUIRE(run(base + "--threads 2 --output " + b, dir).code == 0);
    REQUIRE(run(base + "--threads 2 --seed 4 --output " + c, dir).code == 0);
    CHECK(std::system((compare + a + " " + b).c_str()) == 0);
    CHECK(std::system((compare + a + " " + c + " >/dev/null").c_str()) != 0);
  }
}

TEST_CASE("an existing results file is never overwritten without --force", "[cli][output]") {
  const fs::path dir = scratch("force");
  write(dir / "s.toml", kValid);
  write(dir / "r.h5", "precious");
  const std::string base =
      "run " + (dir / "s.toml").string() + " --quiet --output " + (dir / "r.h5").string();
  const Result r = run(base, dir);
  CHECK(r.code == 2);
  CHECK(r.err.find("already exists") != std::string::npos);
  // The library states the fact; the command line adds the remedy naming its options.
  CHECK(r.err.find("already exists; use --force to overwrite it or --output to choose another "
                   "file") != std::string::npos);
  CHECK(slurp(dir / "r.h5") == "precious");
  CHECK(result_files(dir) == 2);
  CHECK(run(base + " --force", dir).code == 0);
  CHECK(slurp(dir / "r.h5") != "precious");
  CHECK(result_files(dir) == 2);
}

TEST_CASE("a folder given as the output file is an input error with the remedy", "[cli][output]") {
  const fs::path dir = scratch("output-folder");
  write(dir / "s.toml", kValid);
  fs::create_directories(dir / "out");
  const Result r =
      run("run " + (dir / "s.toml").string() + " --quiet --output " + (dir / "out").string(), dir);
  CHECK(r.code == 2);
  CHECK(r.err.find("out: is a folder; give a file name with --output") != std::string::npos);
}

TEST_CASE("bad arguments exit 2 with a message and write nothing", "[cli][bad-input]") {
  const fs::path dir = scratch("args");
  write(dir / "s.toml", kValid);
  const std::string out = " --output " + (dir / "r.h5").string();
  const std::string s = (dir / "s.toml").string();
  for (const std::string& args :
       {"run " + s + " --paths 0" + out, "run " + s + " --paths -5" + out,
        "run " + s + " --store-paths some" + out, "run " + s + " --threads x" + out,
        "run " + (dir / "missing.toml").string() + out, std::string("run"), std::string(""),
        "frobnicate " + s}) {
    INFO(args);
    const Result r = run(args, dir);
    CHECK(r.code == 2);
    CHECK_FALSE(r.err.empty());
    CHECK_FALSE(fs::exists(dir / "r.h5"));
  }
  CHECK(run("run " + (dir / "missing.toml").string() + out, dir).err.find("missing.toml") !=
        std::string::npos);
}

TEST_CASE("every bad scenario exits 2 naming file, line and key, and writes nothing",
          "[cli][bad-input]") {
  const fs::path dir = scratch("scenario");
  struct Case {
    std::string from, to, expect;
  };
  // Each case edits the valid scenario; `expect` must appear in the message.
  const Case cases[] = {
      {"seed = 3", "seed = 3\ncolour = \"red\"", "colour"},
      {"sd = 0.1", "sd = -0.1", "sd"},
      {"sd = 0.1", "sd = \"wide\"", "sd"},
      {"min = 0.1, max = 0.5", "min = 0.5, max = 0.1", "min"},
      {"dist = \"normal\", mean = 0.1, sd = 0.1",
       "dist = \"triangular\", min = 0.0, mode = 0.9, max = 0.5", "mode"},
      {"mean = 0.1", "mean = [0.1, 0.2, 0.3]", "mean"},
      {"mean = 0.1", "mean = nan", "mean"},
      {"mean = 0.1", "mean = inf", "mean"},
      {"name = \"a\"",
       "name = \"a\"\n[[company]]\nname = \"a\"\nbase = { ocf = 1.0, buybacks = 0.0, "
       "dividends = 0.0, capex = 1.0 }\nocf_growth = { dist = \"fixed\", value = 0.1 }"
       "\ncapex_growth = { dist = \"fixed\", value = 0.1 }",
       "a"},
      {"[[company]]", "[[not_a_company]]", "not_a_company"},
      {"years = [2024, 2025]", "years = [2024, 2026]", "years"},
      {"dist = \"uniform\"", "dist = \"weird\"", "weird"},
      {"capex = 60.0 }", "capex = 60.0", ""},  // TOML syntax error
  };
  for (const Case& c : cases) {
    std::string text = kValid;
    const auto at = text.find(c.from);
    REQUIRE(at != std::string::npos);
    text.replace(at, c.from.size(), c.to);
    const fs::path file = dir / "bad.toml";
    write(file, text);
    INFO("edit: " << c.to);
    const Result r =
        run("run " + file.string() + " --quiet --output " + (dir / "r.h5").string(), dir);
    INFO(r.err);
    CHECK(r.code == 2);
    CHECK(r.err.find(file.string() + ":") != std::string::npos);  // file:line:column
    CHECK(r.err.find(c.expect) != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "r.h5"));
    CHECK(result_files(dir) == 1);  // only bad.toml
  }
  // An empty company list.
  write(dir / "empty.toml", "[simulation]\nname = \"e\"\nbase_year = 2023\nyears = [2024]\n");
  const Result r =
      run("run " + (dir / "empty.toml").string() + " --output " + (dir / "r.h5").string(), dir);
  CHECK(r.code == 2);
  CHECK(r.err.find("company") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "r.h5"));
}

TEST_CASE("an unwritable output folder fails before the run with exit code 1", "[cli][output]") {
  const fs::path dir = scratch("unwritable");
  write(dir / "s.toml", kValid);
  write(dir / "file", "x");
  const Result r = run(
      "run " + (dir / "s.toml").string() + " --quiet --output " + (dir / "file" / "r.h5").string(),
      dir);
  CHECK(r.code == 1);
  CHECK(r.err.find("output folder") != std::string::npos);
}

TEST_CASE("replay prints one path's draws and flows, and a path outside the run exits 2",
          "[cli][replay]") {
  const fs::path dir = scratch("replay");
  write(dir / "s.toml", kValid);
  const Result r = run("replay " + (dir / "s.toml").string() + " --path 4999", dir);
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(r.out.find("Path 4999 of 5000, seed 3") != std::string::npos);
  CHECK(r.out.find("total") != std::string::npos);
  const Result bad = run("replay " + (dir / "s.toml").string() + " --path 5000", dir);
  CHECK(bad.code == 2);
  CHECK(bad.err.find("does not exist") != std::string::npos);
}

TEST_CASE("draws times the run's draws alone, and floor (its old name) is an alias",
          "[cli][draws]") {
  const fs::path dir = scratch("draws");
  write(dir / "s.toml", kValid);
  const auto checksum = [](const Result& r) {
    const std::size_t at = r.out.find("checksum ");
    return at == std::string::npos ? std::string() : r.out.substr(at);
  };
  const Result draws = run("draws " + (dir / "s.toml").string() + " --threads 2", dir);
  INFO(draws.err);
  CHECK(draws.code == 0);
  CHECK(draws.out.rfind("draws: 5000 paths, 20000 variates drawn in ", 0) == 0);
  CHECK_FALSE(checksum(draws).empty());
  const Result alias = run("floor " + (dir / "s.toml").string() + " --threads 2", dir);
  INFO(alias.err);
  CHECK(alias.code == 0);
  CHECK(checksum(alias) == checksum(draws));
  const Result other = run("draws " + (dir / "s.toml").string() + " --threads 2 --seed 4", dir);
  CHECK(other.code == 0);
  CHECK(checksum(other) != checksum(draws));
  const Result help = run("--help", dir);
  CHECK(help.out.find("draws") != std::string::npos);
}

TEST_CASE("a run too large for the machine's memory is refused up front", "[cli][bad-input]") {
  const fs::path dir = scratch("memory");
  write(dir / "s.toml", kValid);
  const Result r = run("run " + (dir / "s.toml").string() + " --paths 1099511627776 --output " +
                           (dir / "r.h5").string(),
                       dir);
  CHECK(r.code == 2);
  CHECK(r.err.find("MiB of memory") != std::string::npos);
  CHECK(r.err.find("--paths") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "r.h5"));
}

TEST_CASE("samplers, precision and stopping on precision from the command line",
          "[cli][sampling]") {
  const fs::path dir = scratch("sampling");
  write(dir / "s.toml", kValid);
  const std::string s = (dir / "s.toml").string();
  for (const std::string sampler : {"mc", "lhs", "sobol"}) {
    INFO(sampler);
    const Result r = run("run " + s + " --quiet --sampler " + sampler + " --paths 40000 --output " +
                             (dir / (sampler + ".h5")).string(),
                         dir);
    INFO(r.err);
    CHECK(r.code == 0);
    CHECK(r.out.find("Sampler " + sampler) != std::string::npos);
    CHECK(r.out.find("95% intervals") != std::string::npos);
  }
  const Result t = run("run " + s +
                           " --quiet --sampler lhs --paths 1000000 --target-stderr 0.003 "
                           "--target \"prob_negative[a,2025]\" --output " +
                           (dir / "t.h5").string(),
                       dir);
  INFO(t.err);
  CHECK(t.code == 0);
  CHECK(t.out.find("Stopped at") != std::string::npos);
  CHECK(t.out.find("prob_negative[a,2025]") != std::string::npos);
  for (const std::string bad : {"--target nonsense", "--target \"prob_negative[nobody,2025]\"",
                                "--target \"prob_negative[a,1999]\"", "--sampler halton",
                                "--replicates 1", "--target-stderr -1"}) {
    INFO(bad);
    const Result r = run("run " + s + " --quiet --target-stderr 0.01 " + bad + " --output " +
                             (dir / "bad.h5").string(),
                         dir);
    CHECK(r.code == 2);
    CHECK_FALSE(fs::exists(dir / "bad.h5"));
  }
}

TEST_CASE("an invalid correlation matrix exits 2 with its smallest eigenvalue, and repair runs",
          "[cli][dependence]") {
  const fs::path dir = scratch("correlation");
  const std::string bad = std::string(kValid) +
                          "\n[[company]]\nname = \"b\"\n"
                          "base = { ocf = 100.0, buybacks = 20.0, dividends = 5.0, capex = 60.0 }\n"
                          "ocf_growth = { dist = \"normal\", mean = 0.1, sd = 0.1 }\n"
                          "capex_growth = { dist = \"uniform\", min = 0.1, max = 0.5 }\n"
                          "[[correlation]]\nbetween = [\"a.ocf_growth\", \"b.ocf_growth\", "
                          "\"a.capex_growth\"]\nmatrix = [[1.0, 0.9, 0.9], [0.9, 1.0, -0.9], "
                          "[0.9, -0.9, 1.0]]\n";
  write(dir / "bad.toml", bad);
  const Result r = run(
      "run " + (dir / "bad.toml").string() + " --quiet --output " + (dir / "r.h5").string(), dir);
  CHECK(r.code == 2);
  CHECK(r.err.find("positive semi-definite") != std::string::npos);
  CHECK(r.err.find("smallest eigenvalue") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "r.h5"));
  std::string repaired = bad;
  repaired += "repair = \"nearest\"\n";
  write(dir / "repair.toml", repaired);
  const Result ok =
      run("run " + (dir / "repair.toml").string() + " --quiet --output " + (dir / "r.h5").string(),
          dir);
  INFO(ok.err);
  CHECK(ok.code == 0);
  CHECK(ok.out.find("repaired to the nearest correlation matrix") != std::string::npos);
  CHECK(fs::exists(dir / "r.h5"));
}

TEST_CASE("calibrate writes a scenario that runs, refuses to overwrite, and rejects bad history",
          "[cli][calibrate]") {
  const fs::path dir = scratch("calibrate");
  const std::string history = std::string(CAPEXSIM_SOURCE_DIR) + "/scenarios/data/annual.csv";
  const std::string out = (dir / "cal.toml").string();
  const Result r = run("calibrate --history " + history + " --base-year 2023 --out " + out, dir);
  INFO(r.err);
  REQUIRE(r.code == 0);
  const Result ran =
      run("run " + out + " --quiet --paths 20000 --output " + (dir / "cal.h5").string(), dir);
  INFO(ran.err);
  CHECK(ran.code == 0);
  CHECK(run("calibrate --history " + history + " --base-year 2023 --out " + out, dir).code == 2);
  write(dir / "bad.csv",
        "company,year,ocf,capex,buybacks,dividends,source,confidence\nMeta,2023,abc,1,1,0,s,c\n");
  const Result bad = run("calibrate --history " + (dir / "bad.csv").string() +
                             " --base-year 2023 --out " + (dir / "x.toml").string(),
                         dir);
  CHECK(bad.code == 2);
  CHECK(bad.err.find("bad.csv:2:") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "x.toml"));
}

TEST_CASE(
    "calibrate: a quarterly base-year gap names --annual, which fills it, with warnings on stderr",
    "[cli][calibrate]") {
  const fs::path dir = scratch("calibrate_gap");
  const std::string data = std::string(CAPEXSIM_SOURCE_DIR) + "/scenarios/data/";
  const std::string base =
      "calibrate --history " + data + "quarterly.csv --quarterly --base-year 2025";
  const std::string out = (dir / "q.toml").string();
  const Result gap = run(base + " --out " + out, dir);
  CHECK(gap.code == 2);
  CHECK(gap.err.find("Microsoft: no buybacks for base period 2025Q4 (2025Q3, 2025Q4 empty); "
                     "give --annual FILE") != std::string::npos);
  CHECK_FALSE(fs::exists(out));
  const Result filled = run(base + " --annual " + data + "annual.csv --out " + out, dir);
  INFO(filled.err);
  REQUIRE(filled.code == 0);
  CHECK(filled.err.find("capexsim: warning: Microsoft: base-year buybacks 22.392 taken from the "
                        "annual history") != std::string::npos);
  CHECK(slurp(out).find("# WARNING: Microsoft: base-year buybacks") != std::string::npos);
  const Result ran =
      run("run " + out + " --quiet --paths 2000 --output " + (dir / "q.h5").string(), dir);
  INFO(ran.err);
  CHECK(ran.code == 0);
  // --annual with an annual history, and a fade outside [0, 1]: refused, nothing written.
  const std::string annual = "calibrate --history " + data + "annual.csv --base-year 2025 --out " +
                             (dir / "a.toml").string();
  CHECK(run(annual + " --annual " + data + "annual.csv", dir).code == 2);
  CHECK(run(annual + " --fade 1.5", dir).code == 2);
  CHECK_FALSE(fs::exists(dir / "a.toml"));
  const Result faded = run(annual + " --years 5 --long-run-growth 0.03 --fade 0.5", dir);
  REQUIRE(faded.code == 0);
  CHECK(slurp(dir / "a.toml").find("fades toward the long-run +3.0% (fade 0.5 a year)") !=
        std::string::npos);
  CHECK(faded.err.find("capexsim: warning: Meta: dividend ratio spread rests on 2 change(s)") !=
        std::string::npos);
}

TEST_CASE("run --compress writes the same per-path values through deflate, and refuses 10",
          "[cli]") {
  const fs::path dir = scratch("compress");
  const std::string base = "run scenarios/hyperscalers.toml --paths 20000 --quiet ";
  REQUIRE(run(base + "--store-paths all -o " + (dir / "plain.h5").string(), dir).code == 0);
  REQUIRE(
      run(base + "--store-paths all --compress 4 -o " + (dir / "packed.h5").string(), dir).code ==
      0);
  write(dir / "check.py",
        "import sys, h5py, numpy as np\n"
        "a, b = h5py.File(sys.argv[1]), h5py.File(sys.argv[2])\n"
        "for name in ['paths/surplus', 'paths/ocf', 'paths/total_surplus', "
        "'paths/first_negative_year']:\n"
        "    assert a[name].compression is None, name\n"
        "    assert b[name].compression == 'gzip' and b[name].shuffle, name\n"
        "    assert np.array_equal(a[name][()], b[name][()]), name\n");
  const std::string cmd = std::string(CAPEXSIM_PYTHON) + " " + (dir / "check.py").string() + " " +
                          (dir / "plain.h5").string() + " " + (dir / "packed.h5").string();
  CHECK(std::system(cmd.c_str()) == 0);
  CHECK(fs::file_size(dir / "packed.h5") < fs::file_size(dir / "plain.h5"));
  const Result bad = run(base + "--compress 10 -o " + (dir / "x.h5").string(), dir);
  CHECK(bad.code == 2);
  CHECK(!fs::exists(dir / "x.h5"));
}
