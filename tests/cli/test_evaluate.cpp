// `capexsim evaluate` end to end on the shipped annual history: it writes /evaluation whose
// per-cell table and aggregates agree with each other, the file is the same for any --threads
// and differs for another seed, and bad input exits 2 naming the option, with nothing written.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "cli_support.h"

namespace fs = std::filesystem;
using capexsim::test::Result;
using capexsim::test::run;
using capexsim::test::scratch;
using capexsim::test::write;

namespace {

const std::string kHistory = std::string(CAPEXSIM_SOURCE_DIR) + "/scenarios/data/annual.csv";

std::string evaluate(const std::string& extra, const fs::path& out) {
  return "evaluate --history " + kHistory + " --paths 3000 " + extra + " -o " + out.string();
}

}  // namespace

TEST_CASE("evaluate writes the same file for any thread count, another for another seed",
          "[cli][evaluate][reproducible]") {
  const fs::path dir = scratch("evaluate-threads");
  const fs::path a = dir / "a.h5", b = dir / "b.h5", c = dir / "c.h5";
  const Result ra = run(evaluate("--from 2016 --to 2018 --horizon 2 --threads 1", a), dir);
  INFO(ra.err);
  REQUIRE(ra.code == 0);
  CHECK(ra.out.find("Evaluation of base years 2016-2018") != std::string::npos);
  CHECK(ra.out.find("vs naive") != std::string::npos);
  // 2016 rests on 4 years of history: its calibration warns, and evaluate says so on stderr.
  CHECK(ra.err.find("note: base year 2016:") != std::string::npos);
  REQUIRE(run(evaluate("--from 2016 --to 2018 --horizon 2 --threads 3", b), dir).code == 0);
  REQUIRE(run(evaluate("--from 2016 --to 2018 --horizon 2 --threads 2 --seed 9", c), dir).code ==
          0);
  const std::string compare =
      std::string(CAPEXSIM_PYTHON) + " " + CAPEXSIM_SOURCE_DIR + "/tests/cli/compare_results.py ";
  CHECK(std::system((compare + a.string() + " " + b.string()).c_str()) == 0);
  CHECK(std::system((compare + a.string() + " " + c.string() + " >/dev/null").c_str()) != 0);
  // The aggregates recomputed from the per-cell table, and the cells are what was asked for.
  write(
      dir / "check.py",
      "import sys, h5py, numpy as np\n"
      "f = h5py.File(sys.argv[1], 'r'); g = f['evaluation']; c = g['cells']\n"
      "assert f.attrs['format'] == 'capexsim-evaluation'\n"
      "lead, base = c['lead'][()], c['base_year'][()]\n"
      "assert set(base) == {2016, 2017, 2018} and set(lead) == {1, 2}, (set(base), set(lead))\n"
      "assert (c['realized'][()] != 0).all()\n"
      "crps_seed = np.abs(c['forecast_seed'][()] - c['realized'][()])\n"
      "assert np.allclose(crps_seed, c['crps_seed'][()])\n"
      "flows = [s.decode() for s in g['flow'][()]]; ents = [s.decode() for s in g['entity'][()]]\n"
      "cf = np.array([s.decode() for s in c['flow'][()]])\n"
      "for li, l in enumerate(g['lead'][()]):\n"
      "    for fi, fl in enumerate(flows):\n"
      "        sel = (lead == l if l else lead > 0) & (cf == fl if fl != 'all' else True)\n"
      "        e = ents.index('all')\n"
      "        assert g['n'][li, fi, e] == sel.sum(), (l, fl)\n"
      "        if sel.sum():\n"
      "            assert np.isclose(g['in90'][li, fi, e], c['in90'][()][sel].mean())\n"
      "            assert np.isclose(g['crps'][li, fi, e], c['crps'][()][sel].mean())\n"
      "            assert g['in90_lower'][li, fi, e] <= g['in90'][li, fi, e] <= "
      "g['in90_upper'][li, fi, e]\n"
      "            assert g['pit_histogram'][li, fi, e].sum() == sel.sum()\n"
      "            assert 0 <= g['pit_p'][li, fi, e] <= 1\n");
  const std::string check =
      std::string(CAPEXSIM_PYTHON) + " " + (dir / "check.py").string() + " " + a.string();
  CHECK(std::system(check.c_str()) == 0);
}

TEST_CASE("evaluate rejects bad input with exit 2, naming the option, writing nothing",
          "[cli][evaluate]") {
  const fs::path dir = scratch("evaluate-bad");
  const fs::path out = dir / "e.h5";
  const auto refused = [&](const std::string& args, const std::string& needle) {
    const Result r = run(evaluate(args, out), dir);
    INFO(args << "\n" << r.err);
    CHECK(r.code == 2);
    CHECK(r.err.find(needle) != std::string::npos);
    CHECK_FALSE(fs::exists(out));
  };
  refused("--from 2016 --to 2017 --horizon 0", "--horizon: must be at least 1 year (got 0)");
  refused("--from 2018 --to 2016 --horizon 2", "--from 2018 is after --to 2016");
  refused("--from 2030 --to 2032 --horizon 2", "--from/--to: no data");
  refused("--from 2001 --to 2005 --horizon 2", "--from/--to: no data");
  // 2012 is the first year: no growth rate up to it, so its calibration fails.
  refused("--from 2012 --to 2014 --horizon 2", "calibration of base year 2012 fails");
  refused("--from 2016 --to 2016 --horizon 2 --paths 0", "--paths");
  // An existing file without --force.
  write(out, "x");
  const Result exists = run(evaluate("--from 2016 --to 2016 --horizon 2", out), dir);
  CHECK(exists.code == 2);
  CHECK(exists.err.find("--force") != std::string::npos);
  CHECK(capexsim::test::slurp(out) == "x");
  CHECK(run(evaluate("--from 2016 --to 2016 --horizon 2 --force", out), dir).code == 0);
}
