// The balance sheet through the executable: the summary block and the file, checked against an
// independent NumPy recomputation from the stored flows (check_balance.py); identical files for
// 1 and 2 threads; no balance output without financing; the samplers, --crn, checkpoints, solve
// and replay with financing; Sobol' indices of the balance sheet; and sweeps: /balance per point,
// equal through emitted jobs + collect, and a balance statistic per point with --stat.
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
  // --balance-quantiles: the quantiles of every other variable too.
  const std::string all = (dir / "all.h5").string();
  REQUIRE(run("run " + (dir / "f.toml").string() +
                  " --quiet --store-paths all --balance-quantiles --output " + all,
              dir)
              .code == 0);
  CHECK(std::system(python("check_balance.py", all + " --all-quantiles").c_str()) == 0);
  CHECK(std::system(python("check_balance.py", all).c_str()) != 0);  // they are there
}

TEST_CASE("debt and equity already issued in the first year (known), as NumPy recomputes them",
          "[cli][balance][known]") {
  // kFinanced with January-June 2026 known: Meta borrowed 24.9, Microsoft raised 10 of equity.
  std::string text = kFinanced;
  for (const auto& [after, known] :
       {std::pair{"name = \"meta\"\n",
                  "known = { through = \"2026Q2\", ocf = 60.0, capex = 40.0, buybacks = 0.0, "
                  "dividends = 2.7, debt_issued = 24.9 }\n"},
        std::pair{"name = \"msft\"\n",
                  "known = { through = \"2026Q2\", ocf = 70.0, capex = 35.0, buybacks = 9.0, "
                  "dividends = 12.0, equity_issued = 10.0 }\n"}}) {
    const std::size_t at = text.find(after);
    REQUIRE(at != std::string::npos);
    text.insert(at + std::string(after).size(), known);
  }
  const fs::path dir = scratch("balance-known");
  write(dir / "k.toml", text);
  const std::string h5 = (dir / "k.h5").string();
  const Result r = run("run " + (dir / "k.toml").string() +
                           " --quiet --store-paths all --balance-quantiles --output " + h5,
                       dir);
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(std::system(python("check_balance.py", h5 + " --all-quantiles").c_str()) == 0);
  // Every path's 2026 includes them: the least debt Meta issued and equity Microsoft raised.
  const std::string check =
      std::string(CAPEXSIM_PYTHON) + " -c \"import h5py, sys; b = h5py.File('" + h5 +
      "')['balance']; sys.exit(0 if b['issued_quantiles'][0, 0, 0] >= 24.9 and "
      "b['equity_quantiles'][1, 0, 0] >= 10.0 and b['prob_issued'][0, 0] == 1.0 else 1)\"";
  CHECK(std::system(check.c_str()) == 0);
}

TEST_CASE("a run with financing writes identical files with 1 and 2 threads",
          "[cli][balance][reproducible]") {
  const fs::path dir = scratch("balance-threads");
  write(dir / "f.toml", kFinanced);
  const std::string base = "run " + (dir / "f.toml").string() +
                           " --quiet --store-paths all --paths 9000 --balance-quantiles ";
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
  REQUIRE(
      run(base + "--checkpoint " + (dir / "c.ckpt").string() + " --output " + saved, dir).code ==
      0);
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

TEST_CASE("Sobol' indices of the balance sheet, refused without financing",
          "[cli][balance][sobol]") {
  const fs::path dir = scratch("balance-sobol");
  write(dir / "f.toml", kFinanced);
  const std::string scenario = (dir / "f.toml").string();
  const std::string out = (dir / "x.h5").string();
  const Result sobol =
      run("sensitivity " + scenario +
              " --output 'net_debt[total,2028]' --by variable --n 200 --out " + out,
          dir);
  CHECK(sobol.code == 0);
  CHECK(sobol.out.find("Sobol' indices of net_debt[total,2028]") != std::string::npos);
  CHECK(fs::exists(out));
  // A balance output of a scenario without financing: exit 2, nothing written.
  const std::string none = (dir / "none.h5").string();
  const Result plain = run(std::string("sensitivity ") + CAPEXSIM_SOURCE_DIR +
                               "/scenarios/hyperscalers.toml --output 'cumulative_issued[total]' "
                               "--n 100 --out " +
                               none,
                           dir);
  CHECK(plain.code == 2);
  CHECK(plain.err.find("the scenario has no financing") != std::string::npos);
  CHECK_FALSE(fs::exists(none));
}

namespace {

//! Sweeps kFinanced (as f.toml): meta's capex growth shifted, meta's debt ceiling set; msft is
//! touched by no axis.
const char* kFinancedSweep = R"(
scenario = "f.toml"
paths = 3000

[[axis]]
key = "company.meta.capex_growth"
op = "shift"
start = -0.1
stop = 0.1
step = 0.1

[[axis]]
key = "company.meta.financing.max_debt_to_ocf"
values = [0.6, 1.2]
)";

//! A fresh folder with kFinanced as f.toml and kFinancedSweep as sweep.toml.
fs::path sweep_folder(const std::string& name) {
  fs::path dir = scratch(name);
  write(dir / "f.toml", kFinanced);
  write(dir / "sweep.toml", kFinancedSweep);
  return dir;
}

//! Runs a Python check (h5py, numpy); exit code 0 when it passes, its output in `out`.
int check_python(const fs::path& dir, const std::string& code, std::string& out) {
  write(dir / "check.py", code);
  const std::string cmd = std::string(CAPEXSIM_PYTHON) + " " + (dir / "check.py").string() + " >" +
                          (dir / "py.txt").string() + " 2>&1";
  const int status = std::system(cmd.c_str());
  out = slurp(dir / "py.txt");
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("a sweep with financing writes /balance per point, equal to emitted jobs + collect",
          "[cli][balance][sweep]") {
  // --no-crn: independent seeds, so this runs where financing does not take --crn yet.
  const fs::path dir = sweep_folder("balance-sweep");
  const std::string sweep = (dir / "sweep.toml").string();
  const std::string stat = " --stat 'prob_shortfall[meta,2028]'";
  const Result r =
      run("sweep " + sweep + " --quiet --no-crn -o " + (dir / "in.h5").string() + stat, dir);
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("prob_shortfall[meta,2028]: P(meta shortfall > 0 in 2028), with its "
                   "standard error") != std::string::npos);
  CHECK(r.out.find("company.meta.capex_growth+=0.1, company.meta.financing.max_debt_to_ocf=1.2") !=
        std::string::npos);

  REQUIRE(run("sweep " + sweep + " --no-crn --emit-jobs " + (dir / "jobs").string(), dir).code ==
          0);
  const int ran = std::system(("cd " + (dir / "jobs").string() +
                               " && while IFS= read -r line; do bash -c \"$line\" >/dev/null || "
                               "exit 1; done < jobs.txt")
                                  .c_str());
  REQUIRE(ran == 0);
  const Result collect = run(
      "collect " + (dir / "jobs").string() + " -o " + (dir / "collected.h5").string() + stat, dir);
  INFO(collect.err);
  REQUIRE(collect.code == 0);
  CHECK(collect.out == r.out.substr(0, r.out.rfind("Sweep results")) +
                           collect.out.substr(collect.out.rfind("Sweep results")));
  CHECK(std::system(python("compare_results.py",
                           (dir / "in.h5").string() + " " + (dir / "collected.h5").string())
                        .c_str()) == 0);

  // Layout: every /balance dataset with `point` in front, the swept keys as coordinates, and
  // each point's values those of its own point file.
  std::string out;
  const int check = check_python(
      dir,
      "import h5py, numpy as np, xarray as xr\n"
      "f = h5py.File('" +
          (dir / "in.h5").string() +
          "')\n"
          "b = f['balance']\n"
          "assert b['prob_net_debt'].shape == (6, 3, 4)\n"
          "assert b['net_cash_quantiles_upper'].shape == (6, 3, 4, 9)\n"
          "assert b['never_shortfall_counts'].shape == (6, 3)\n"
          "assert b['cumulative_issued_quantiles'].shape == (6, 3, 9)\n"
          "assert list(b['company.meta.financing.max_debt_to_ocf'][()]) == [0.6, 1.2] * 3\n"
          "for i in range(6):\n"
          "    p = h5py.File('" +
          (dir / "jobs").string() +
          "/point_%05d.h5' % i)['balance']\n"
          "    for name in p:\n"
          "        if name not in ('entity', 'year', 'quantile'):\n"
          "            assert np.array_equal(b[name][i], p[name][()]), (i, name)\n"
          "ds = xr.open_dataset('" +
          (dir / "in.h5").string() +
          "', group='balance', engine='h5netcdf')\n"
          "assert 'company.meta.capex_growth' in ds.coords\n"
          "assert ds.prob_shortfall.dims == ('point', 'entity', 'year')\n",
      out);
  INFO(out);
  CHECK(check == 0);

  // --stat: checked before any run; a balance statistic needs financing; not with --emit-jobs.
  const Result bad = run("sweep " + sweep + " --no-crn --stat 'prob_net_debt[nobody,2028]' -o " +
                             (dir / "x.h5").string(),
                         dir);
  CHECK(bad.code == 2);
  CHECK(bad.err.find("--stat: no entity \"nobody\"") != std::string::npos);
  const Result emit =
      run("sweep " + sweep + " --stat prob_net_debt --emit-jobs " + (dir / "jobs2").string(), dir);
  CHECK(emit.code == 2);
  CHECK(emit.err.find("--stat: not with --emit-jobs") != std::string::npos);
  const Result plain = run(std::string("sweep ") + CAPEXSIM_SOURCE_DIR +
                               "/scenarios/sweeps/capex_shift.toml --paths 500 --stat "
                               "'prob_net_debt[total,2026]' -o " +
                               (dir / "y.h5").string(),
                           dir);
  CHECK(plain.code == 2);
  CHECK(plain.err.find("the scenario has no financing") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "x.h5"));
  CHECK_FALSE(fs::exists(dir / "y.h5"));
}

// Needs the balance sheet on common random numbers (refused until the engine takes --crn with
// financing; issue 14).
TEST_CASE("a sweep on common random numbers reports a balance statistic per point",
          "[cli][balance][sweep][crn]") {
  const fs::path dir = sweep_folder("balance-sweep-crn");
  const Result r =
      run("sweep " + (dir / "sweep.toml").string() +
              " --quiet --stat 'prob_net_debt[total,2028]' -o " + (dir / "crn.h5").string(),
          dir);
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("prob_net_debt[total,2028]: P(total net cash < 0 in 2028)") !=
        std::string::npos);
  // msft is touched by no axis: its whole balance sheet is the same at every point, bit for
  // bit; meta's net debt rises with its capex growth.
  std::string out;
  const int check =
      check_python(dir,
                   "import h5py, numpy as np\n"
                   "f = h5py.File('" +
                       (dir / "crn.h5").string() +
                       "')\n"
                       "assert f.attrs['common_random_numbers'] == 1\n"
                       "b = f['balance']\n"
                       "seen = 0\n"
                       "for name in b:\n"
                       "    if b[name].ndim >= 2 and b[name].dims[0].label == 'point':\n"
                       "        x = b[name][:, 1]\n"
                       "        assert (x == x[0]).all(), name\n"
                       "        seen += 1\n"
                       // 8 means and their errors, 4 quantile arrays, 11 per event (3)
                       "assert seen == 53, seen\n"
                       "p = b['prob_net_debt'][:, 0, 2]\n"
                       "assert p[0] < p[2] < p[4], p\n",
                   out);
  INFO(out);
  CHECK(check == 0);
}
