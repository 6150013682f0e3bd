// Sweep files: axes as lists or ranges, grid order, Latin hypercube strata, errors with positions.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include "scenario_fixture.h"
#include "scenarios/sweep_file.h"

namespace capexsim::test {
namespace {

SweepFile sweep(const std::string& text) { return parse_sweep_file(text, "dir/sw.toml"); }

std::string sweep_error(const std::string& text) {
  try {
    sweep(text);
  } catch (const InputError& e) {
    return e.what();
  }
  FAIL("no InputError");
  return {};
}

TEST_CASE("a grid sweep expands axes in row-major order", "[sweep]") {
  const SweepFile s = sweep(
      "scenario = \"../scenarios/x.toml\"\n"
      "set = [\"company.*.ocf_growth.sd=0.1\"]\n"
      "paths = 1000\n"
      "[[axis]]\n"
      "key = \"company.*.capex_growth\"\n"
      "op = \"shift\"\n"
      "start = 0.1\n"
      "stop = 0.3\n"
      "step = 0.1\n"
      "[[axis]]\n"
      "key = \"company.meta.capex_growth.dist\"\n"
      "values = [\"normal\", \"uniform\"]\n");
  CHECK(s.scenario == "scenarios/x.toml");  // relative to the sweep file's folder
  CHECK(*s.paths == 1000);
  CHECK(!s.seed);
  REQUIRE(s.set.size() == 1);
  REQUIRE(s.axes.size() == 2);
  CHECK(s.axes[0].values ==
        std::vector<std::string>{"0.1", "0.2", "0.3"});  // not 0.30000000000000004
  CHECK(s.axes[1].values == std::vector<std::string>{"\"normal\"", "\"uniform\""});
  const std::vector<SweepPoint> points = sweep_points(s);
  REQUIRE(points.size() == 6);
  CHECK(points[1].text == std::vector<std::string>{"0.1", "\"uniform\""});
  CHECK(points[2].text == std::vector<std::string>{"0.2", "\"normal\""});
  CHECK(points[5].number[0] == 0.3);
  CHECK(std::isnan(points[5].number[1]));
  const std::vector<Override> o = point_overrides(s, points[3]);
  REQUIRE(o.size() == 3);
  CHECK(o[0].text() == "company.*.ocf_growth.sd=0.1");
  CHECK(o[1].text() == "company.*.capex_growth+=0.2");
  CHECK(o[2].text() == "company.meta.capex_growth.dist=\"uniform\"");
}

TEST_CASE("ranges include stop and count down with a negative step", "[sweep]") {
  const SweepFile s = sweep(
      "scenario = \"x.toml\"\n[[axis]]\nkey = \"simulation.seed\"\nstart = 10\nstop = 4\nstep = "
      "-3\n");
  CHECK(s.axes[0].values == std::vector<std::string>{"10", "7", "4"});  // integers stay integers
}

TEST_CASE("a Latin hypercube puts one point in each stratum of every axis", "[sweep]") {
  const std::string text =
      "scenario = \"x.toml\"\ndesign = \"lhs\"\nn = 50\ndesign_seed = 9\n"
      "[[axis]]\nkey = \"a.b\"\nmin = -1.0\nmax = 1.0\n"
      "[[axis]]\nkey = \"c.d\"\nmin = 0.0\nmax = 10.0\n";
  const std::vector<SweepPoint> points = sweep_points(sweep(text));
  REQUIRE(points.size() == 50);
  for (std::size_t a = 0; a < 2; ++a) {
    const double lo = a == 0 ? -1.0 : 0.0, hi = a == 0 ? 1.0 : 10.0;
    std::set<int> strata;
    for (const SweepPoint& p : points) {
      CHECK(p.number[a] >= lo);
      CHECK(p.number[a] < hi);
      strata.insert(static_cast<int>(std::floor((p.number[a] - lo) / (hi - lo) * 50)));
    }
    CHECK(strata.size() == 50);
  }
  // The same design seed gives the same points; another seed other points.
  CHECK(sweep_points(sweep(text))[7].text == points[7].text);
  std::string other = text;
  other.replace(other.find("design_seed = 9"), 15, "design_seed = 8");
  CHECK(sweep_points(sweep(other))[7].text != points[7].text);
}

TEST_CASE("sweep file errors say where", "[sweep]") {
  const std::string head = "scenario = \"x.toml\"\n";
  CHECK_THAT(sweep_error("[[axis]]\nkey = \"a\"\nvalues = [1]\n"),
             Catch::Contains("missing required key scenario"));
  CHECK_THAT(sweep_error(head + "bogus = 1\n[[axis]]\nkey = \"a\"\nvalues = [1]\n"),
             Catch::Contains("dir/sw.toml:2:1") && Catch::Contains("unknown key \"bogus\""));
  CHECK_THAT(sweep_error(head), Catch::Contains("missing required key axis"));
  CHECK_THAT(sweep_error(head + "[[axis]]\nkey = \"a\"\n"),
             Catch::Contains("a range needs start, stop and step"));
  CHECK_THAT(sweep_error(head + "[[axis]]\nkey = \"a\"\nstart = 0\nstop = 1\nstep = -1\n"),
             Catch::Contains("axis #1.step must be non-zero and lead from start to stop"));
  CHECK_THAT(sweep_error(head + "[[axis]]\nkey = \"a\"\nstart = 0\nstop = 1\nstep = 1e-9\n"),
             Catch::Contains("more than 1000000 values"));
  CHECK_THAT(
      sweep_error(head + "design = \"lhs\"\nn = 600000\n[[axis]]\nkey = \"a\"\nmin = 0\nmax = 1\n" +
                  "[[axis]]\nkey = \"b\"\nmin = 0\nmax = 1\n"),
      Catch::Contains("the sweep has 600000 points of 2 axes, 1200000 values, more than "
                      "1000000; use fewer points or axes"));
  CHECK_THAT(sweep_error(head + "[[axis]]\nkey = \"a\"\nop = \"shift\"\nvalues = [\"x\"]\n"),
             Catch::Contains("op = \"shift\" needs numbers"));
  CHECK_THAT(sweep_error(head + "[[axis]]\nkey = \"a\"\nop = \"add\"\nvalues = [1]\n"),
             Catch::Contains("sw.toml:4:6") && Catch::Contains("op must be \"set\" or \"shift\""));
  CHECK_THAT(sweep_error(head + "design = \"lhs\"\n[[axis]]\nkey = \"a\"\nmin = 0\nmax = 1\n"),
             Catch::Contains("needs n"));
  CHECK_THAT(sweep_error(head + "design = \"lhs\"\nn = 5\n[[axis]]\nkey = \"a\"\nvalues = [1]\n"),
             Catch::Contains("needs min and max"));
  CHECK_THAT(
      sweep_error(head + "design = \"lhs\"\nn = 5\n[[axis]]\nkey = \"a\"\nmin = 1\nmax = 1\n"),
      Catch::Contains("min must be < max"));
  CHECK_THAT(sweep_error(head + "set = [\"nokey\"]\n[[axis]]\nkey = \"a\"\nvalues = [1]\n"),
             Catch::Contains("sw.toml:2:8") && Catch::Contains("write KEY=VALUE"));
  CHECK_THAT(sweep_error(head + "sampler = \"qmc\"\n[[axis]]\nkey = \"a\"\nvalues = [1]\n"),
             Catch::Contains("sampler must be"));
  CHECK_THAT(sweep_error("scenario = [\n"), Catch::Contains("invalid TOML"));
  CHECK_THAT(sweep_error(head + "[[axis]]\nkey = \"a\"\nstart = 0\nstop = 1000\nstep = 1\n"
                                "[[axis]]\nkey = \"b\"\nstart = 0\nstop = 1000\nstep = 1\n"),
             Catch::Contains("the grid has 1002001 points"));
}

TEST_CASE("every shipped sweep file expands into valid scenarios", "[sweep]") {
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator("scenarios/sweeps")) {
    if (entry.path().extension() != ".toml") continue;
    INFO(entry.path().string());
    const SweepFile s = read_sweep_file(entry.path().string());
    const ScenarioDocument document = read_scenario_document(s.scenario);
    const std::vector<SweepPoint> points = sweep_points(s);
    CHECK(points.size() > 1);
    for (const SweepPoint& point : points)
      CHECK_NOTHROW(scenario_from_document(document, point_overrides(s, point)));
    ++files;
  }
  CHECK(files >= 2);
}

}  // namespace
}  // namespace capexsim::test
