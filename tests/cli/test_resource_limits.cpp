// Runs too large for the memory this process may use are refused before they allocate: exit 2,
// a message with what is needed, what is available and where that limit comes from, and which
// option lowers it, and no output file. The address-space limit is lowered with prlimit, so the
// refusal is tested on any machine whatever its memory.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "cli_support.h"

namespace fs = std::filesystem;
using namespace capexsim::test;

namespace {

//! A 1 GiB address space: room to start (libraries, two threads) but not for large buffers.
const std::string kLimit = "prlimit --as=1073741824";

std::string scenario(int companies, int years, bool correlated = false) {
  std::string text = "[simulation]\nname = \"big\"\nbase_year = 2000\nyears = [";
  for (int t = 1; t <= years; ++t) text += (t > 1 ? ", " : "") + std::to_string(2000 + t);
  text += "]\npaths = 5000\nseed = 1\n";
  for (int c = 0; c < companies; ++c)
    text += "\n[[company]]\nname = \"c" + std::to_string(c) +
            "\"\nbase = { ocf = 100.0, buybacks = 20.0, dividends = 5.0, capex = 60.0 }\n"
            "ocf_growth = { dist = \"normal\", mean = 0.1, sd = 0.1 }\n"
            "capex_growth = { dist = \"uniform\", min = 0.1, max = 0.5 }\n";
  if (correlated) text += "\n[[correlation]]\nbetween = [\"*.capex_growth\"]\nrho = 0.3\n";
  return text;
}

//! False, with a warning, in the sanitizer build: ASan reserves terabytes of address space for its
//! shadow memory, so an instrumented capexsim cannot start under a 1 GiB RLIMIT_AS at all.
bool address_space_limit_testable() {
#ifdef CAPEXSIM_SANITIZED
  WARN("sanitizer build: the cases under a lowered RLIMIT_AS are not run");
  return false;
#else
  return true;
#endif
}

//! Exit 2, the figures and their source, the option named, and nothing written in `dir`.
void check_refused(const Result& r, const fs::path& dir, const std::string& source,
                   const std::string& option, std::size_t inputs = 1) {
  INFO(r.err);
  CHECK(r.code == 2);
  CHECK(r.err.find("MiB of memory but") != std::string::npos);
  CHECK(r.err.find("MiB are available") != std::string::npos);
  CHECK(r.err.find(source) != std::string::npos);
  CHECK(r.err.find(option) != std::string::npos);
  CHECK(result_files(dir) == inputs);  // the input files only
}

}  // namespace

TEST_CASE("a lowered address-space limit refuses a large run and lets a small one run",
          "[cli][limits]") {
  if (!address_space_limit_testable()) return;
  const fs::path dir = scratch("limit-as");
  write(dir / "s.toml", scenario(2, 3));
  const std::string s = (dir / "s.toml").string(), out = (dir / "r.h5").string();
  check_refused(run("run " + s + " --threads 2 --paths 30000000 -o " + out, dir, kLimit), dir,
                "RLIMIT_AS", "--paths (about");
  Result r =
      run("run " + s + " --threads 2 --paths 30000000 --store-paths all -o " + out, dir, kLimit);
  check_refused(r, dir, "RLIMIT_AS", "--store-paths total or none");
  r = run("run " + s + " --threads 2 --paths 20000 -q -o " + out, dir, kLimit);
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(fs::exists(out));
}

TEST_CASE("every command that runs the engine refuses up front under the limit", "[cli][limits]") {
  if (!address_space_limit_testable()) return;
  const fs::path dir = scratch("limit-commands");
  write(dir / "s.toml", scenario(2, 3));
  const std::string s = (dir / "s.toml").string();
  check_refused(run("sensitivity " + s + " --threads 2 --n 100000000 -o " + (dir / "x.h5").string(),
                    dir, kLimit),
                dir, "RLIMIT_AS", "lower --n");
  check_refused(run("draws " + s + " --threads 2 --paths 1099511627776", dir, kLimit), dir,
                "RLIMIT_AS", "lower --paths");
  // solve and sweep keep no paths (--store-paths none): what grows is each thread's block of
  // rows for every (entity, year), 101 entities x 1000 years here.
  write(dir / "wide.toml", scenario(100, 1000));
  const std::string wide = (dir / "wide.toml").string();
  check_refused(run("solve " + wide +
                        " --threads 2 --vary company.*.capex_growth --shift --lo -0.5 --hi 0.5"
                        " --stat prob_negative --target 0.05 --paths 1000 -o " +
                        (dir / "x.h5").string(),
                    dir, kLimit),
                dir, "RLIMIT_AS", "even one path needs", 2);
  write(dir / "sweep.toml",
        "scenario = \"wide.toml\"\npaths = 1000\n\n[[axis]]\nkey = \"company.c0.capex_growth\"\n"
        "op = \"shift\"\nstart = 0.0\nstop = 0.1\nstep = 0.1\n");
  const Result r = run(
      "sweep " + (dir / "sweep.toml").string() + " --threads 2 -q -o " + (dir / "x.h5").string(),
      dir, kLimit);
  INFO(r.err);
  CHECK(r.code == 2);
  CHECK(r.err.find("each point of the sweep needs about") != std::string::npos);
  CHECK(r.err.find("fewer --threads") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "x.h5"));
}

TEST_CASE("a long horizon is refused by the memory check, a longer one by the loader",
          "[cli][limits]") {
  const fs::path dir = scratch("limit-years");
  if (address_space_limit_testable()) {
    write(dir / "s.toml", scenario(1, 1000));
    check_refused(run("run " + (dir / "s.toml").string() + " --threads 2 --paths 1000000 -o " +
                          (dir / "r.h5").string(),
                      dir, kLimit),
                  dir, "RLIMIT_AS", "fewer years");
    // A replay of one path of 400 companies x 250 years needs a block of 4096 paths' draws.
    write(dir / "s.toml", scenario(400, 250));
    check_refused(run("replay " + (dir / "s.toml").string() + " --threads 2 --path 0", dir, kLimit),
                  dir, "RLIMIT_AS", "fewer years or companies");
  }
  write(dir / "s.toml", scenario(1, 1001));
  const Result r = run("run " + (dir / "s.toml").string() + " -o " + (dir / "r.h5").string(), dir);
  INFO(r.err);
  CHECK(r.code == 2);
  CHECK(r.err.find("s.toml:4:9:") != std::string::npos);
  CHECK(r.err.find("simulation.years lists 1001 years, more than the maximum 1000") !=
        std::string::npos);
  CHECK(result_files(dir) == 1);
}

TEST_CASE("thousands of companies are refused by the loader before their matrices exist",
          "[cli][limits]") {
  const fs::path dir = scratch("limit-companies");
  write(dir / "s.toml", scenario(5000, 2, true));
  Result r = run("run " + (dir / "s.toml").string() + " -o " + (dir / "r.h5").string(), dir);
  INFO(r.err);
  CHECK(r.code == 2);
  CHECK(r.err.find("s.toml:") != std::string::npos);
  CHECK(r.err.find("5000 companies are more than the maximum 500") != std::string::npos);
  CHECK(r.err.find("MiB") != std::string::npos);
  CHECK(result_files(dir) == 1);
  // Within the company cap, the company-years cap: 200 companies x 600 years.
  write(dir / "s.toml", scenario(200, 600));
  r = run("run " + (dir / "s.toml").string() + " -o " + (dir / "r.h5").string(), dir);
  INFO(r.err);
  CHECK(r.code == 2);
  CHECK(r.err.find("200 companies x 600 years = 120000 company-years") != std::string::npos);
  CHECK(result_files(dir) == 1);
}

TEST_CASE("stored paths too big for the machine are refused whatever its memory", "[cli][limits]") {
  const fs::path dir = scratch("limit-store");
  write(dir / "s.toml", scenario(8, 20));
  // 9 entities x 20 years x 2^36 paths x 5 flows: petabytes, more than any machine.
  const Result r = run("run " + (dir / "s.toml").string() +
                           " --paths 68719476736 --store-paths all -o " + (dir / "r.h5").string(),
                       dir);
  INFO(r.err);
  CHECK(r.code == 2);
  CHECK(r.err.find("MiB of memory but") != std::string::npos);
  CHECK(r.err.find("--store-paths total or none") != std::string::npos);
  CHECK(result_files(dir) == 1);
}
