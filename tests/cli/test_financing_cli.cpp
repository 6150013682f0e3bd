// The balance sheet through the executable: the summary block and the file, checked against an
// independent NumPy recomputation from the stored flows (check_balance.py); identical files for
// 1 and 2 threads; no balance output without financing; the samplers, --crn, checkpoints, solve
// and replay with financing.
#include <catch2/catch.hpp>

#include <filesystem>
#include <initializer_list>
#include <string>

#include "cli_support.h"

namespace fs = std::filesystem;
using namespace capexsim::test;

namespace {

// Fixed rates (check_balance.py reads them from the file), drawn flows, a debt ceiling that binds
// for meta (shortfalls) and equity for msft.
const char* kFinanced = R"([simulation]
name = "financed"
base_year = 2025
years = [2026, 2027, 2028, 2029]
unit = "USD billion"
paths = 20000
seed = 3

[[company]]
name = "meta"
base = { ocf = 115.8, capex = 72.2, buybacks = 26.3, dividends = 5.3, cash = 40.0, debt = 28.8 }
ocf_growth = { dist = "normal", mean = 0.08, sd = 0.08 }
capex_growth = { dist = "triangular", min = 0.0, mode = 0.25, max = 0.6 }
financing = { cash_yield = { dist = "fixed", value = 0.04 }, debt_rate = { dist = "fixed", value = [0.05, 0.055, 0.06, 0.06] }, min_cash_ratio = 0.3, max_debt_to_ocf = 0.6 }

[[company]]
name = "msft"
base = { ocf = 136.2, capex = 64.6, buybacks = 18.4, dividends = 24.1, cash = 30.0, debt = 43.2 }
ocf_growth = { dist = "normal", mean = 0.10, sd = 0.06 }
capex_growth = { dist = "normal", mean = 0.30, sd = 0.12 }
financing = { cash_yield = { dist = "fixed", value = 0.035 }, debt_rate = { dist = "fixed", value = 0.045 }, min_cash_ratio = [0.25, 0.25, 0.2, 0.2], max_debt_to_ocf = 0.5, equity = true }
)";

std::string python(const std::string& script, const std::string& args) {
  return std::string(CAPEXSIM_PYTHON) + " " + CAPEXSIM_SOURCE_DIR + "/tests/cli/" + script + " " +
         args;
}

}  // namespace

TEST_CASE("a run with financing: summary block, and /balance as NumPy recomputes it",
          "[cli][balance]") {
  const fs::path dir = scratch("balance-run");
  write(dir / "f.toml", kFinanced);
  const std::string h5 = (dir / "f.h5").string();
  const Result r =
      run("run " + (dir / "f.toml").string() + " --store-paths all --output " + h5, dir);
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("Total balance sheet, means") != std::string::npos);
  CHECK(r.out.find("P(net debt: net cash < 0) by entity and year") != std::string::npos);
  CHECK(r.out.find("Debt issued over the horizon") != std::string::npos);
  CHECK(std::system(python("check_balance.py", h5).c_str()) == 0);
}

TEST_CASE("a run with financing writes identical files with 1 and 2 threads",
          "[cli][balance][reproducible]") {
  const fs::path dir = scratch("balance-threads");
  write(dir / "f.toml", kFinanced);
  const std::string base =
      "run " + (dir / "f.toml").string() + " --quiet --store-paths all --paths 9000 ";
  const std::string a = (dir / "a.h5").string(), b = (dir / "b.h5").string();
  REQUIRE(run(base + "--threads 1 --output " + a, dir).code == 0);
  REQUIRE(run(base + "--threads 2 --output " + b, dir).code == 0);
  CHECK(std::system(python("compare_results.py", a + " " + b).c_str()) == 0);
}

TEST_CASE("without financing: no balance block and no /balance", "[cli][balance]") {
  const fs::path dir = scratch("balance-none");
  const std::string h5 = (dir / "h.h5").string();
  const Result r =
      run(std::string("run ") + CAPEXSIM_SOURCE_DIR +
              "/scenarios/hyperscalers.toml --paths 3000 --store-paths all --output " + h5,
          dir);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("balance sheet") == std::string::npos);
  const std::string check =
      std::string(CAPEXSIM_PYTHON) + " -c \"import h5py, sys; f = h5py.File('" + h5 +
      "'); sys.exit(1 if 'balance' in f or 'net_cash' in f['paths'] else 0)\"";
  CHECK(std::system(check.c_str()) == 0);
}

TEST_CASE("samplers, --crn, checkpoints, solve and replay carry the balance sheet",
          "[cli][balance]") {
  const fs::path dir = scratch("balance-options");
  write(dir / "f.toml", kFinanced);
  const std::string scenario = (dir / "f.toml").string();
  const std::string plain = (dir / "plain.h5").string();
  const std::string base = "run " + scenario + " --quiet --paths 9000 --store-paths all ";
  REQUIRE(run(base + "--output " + plain, dir).code == 0);
  // A run that saves checkpoints writes the file of the run that does not.
  const std::string saved = (dir / "saved.h5").string();
  REQUIRE(run(base + "--checkpoint " + (dir / "c.ckpt").string() + " --output " + saved, dir)
              .code == 0);
  CHECK(std::system(python("compare_results.py", plain + " " + saved).c_str()) == 0);
  for (const std::string& options :
       std::initializer_list<std::string>{"--sampler lhs", "--sampler sobol", "--crn"}) {
    INFO(options);
    const std::string out = (dir / "x.h5").string();
    fs::remove(out);
    const Result r = run(base + options + " --output " + out, dir);
    CHECK(r.code == 0);
    CHECK(std::system(python("check_balance.py", out).c_str()) == 0);
  }
  const Result solve = run("solve " + scenario +
                               " --vary company.meta.capex_growth.mode --lo 0 --hi 0.5 --stat "
                               "'prob_negative[total,2027]' --target 0.8 --paths 2000 --quiet",
                           dir);
  CHECK(solve.code == 0);
  // Replay prints each entity's balance sheet under its flows.
  const Result replay = run("replay " + scenario + " --path 3", dir);
  CHECK(replay.code == 0);
  CHECK(replay.out.find("net_cash") != std::string::npos);
  CHECK(replay.out.find("(base year)") != std::string::npos);
}

TEST_CASE("Sobol' indices of the balance sheet; refused without financing",
          "[cli][balance][sobol]") {
  const fs::path dir = scratch("balance-sobol");
  write(dir / "f.toml", kFinanced);
  const std::string scenario = (dir / "f.toml").string();
  const std::string out = (dir / "x.h5").string();
  const Result sobol = run("sensitivity " + scenario +
                               " --output 'net_debt[total,2028]' --by variable --n 200 --out " + out,
                           dir);
  CHECK(sobol.code == 0);
  CHECK(sobol.out.find("Sobol' indices of net_debt[total,2028]") != std::string::npos);
  CHECK(fs::exists(out));
  // A balance output of a scenario without financing: exit 2, nothing written.
  const std::string none = (dir / "none.h5").string();
  const Result plain = run(std::string("sensitivity ") + CAPEXSIM_SOURCE_DIR +
                               "/scenarios/hyperscalers.toml --output 'cumulative_issued[total]' "
                               "--n 100 --out " + none,
                           dir);
  CHECK(plain.code == 2);
  CHECK(plain.err.find("the scenario has no financing") != std::string::npos);
  CHECK_FALSE(fs::exists(none));
}
