// --set overrides: addressing, types, shifts of distributions, errors naming the key, and the
// scenario text written back after overrides reading back as the same scenario.
#include <cmath>

#include "scenario_fixture.h"
#include "scenarios/overrides.h"

namespace capexsim::test {
namespace {

const std::string kTwoCompanies =
    std::string(kSimulation) +
    "[[company]]\n"
    "name = \"meta\"\n"
    "base = { ocf = 100, buybacks = 20, dividends = 5, capex = 40 }\n"
    "ocf_growth = { dist = \"normal\", mean = 0.15, sd = 0.1, min = -0.05 }\n"
    "capex_growth = { dist = \"triangular\", min = [0.3, 0.1, 0.0], mode = 0.3, max = 0.5 }\n"
    "[[company]]\n"
    "name = \"msft\"\n"
    "base = { ocf = 200, buybacks = 40, dividends = 30, capex = 60 }\n"
    "ocf_growth = { dist = \"fixed\", value = 0.1 }\n"
    "capex_growth = { dist = \"lognormal\", mean = 0.2, sd = 0.1, shift = -1 }\n"
    "buyback_ratio = { dist = \"beta\", alpha = 2, beta = 5 }\n"
    "[[correlation]]\n"
    "between = [\"meta.ocf_growth\", \"meta.capex_growth\"]\n"
    "rho = 0.3\n";

Scenario with(std::initializer_list<const char*> sets, const std::string& text = kTwoCompanies) {
  std::vector<Override> overrides;
  for (const char* s : sets) overrides.push_back(parse_override(s));
  return scenario_from_document(parse_scenario_document(text, "x.toml"), overrides);
}

std::string error_with(std::initializer_list<const char*> sets) {
  try {
    with(sets);
  } catch (const InputError& e) {
    return e.what();
  }
  FAIL("no InputError");
  return {};
}

const Distribution& dist(const Scenario& s, std::size_t c, Param p, std::size_t t) {
  return s.companies.at(c).param(p).by_year.at(t);
}

TEST_CASE("parse_override reads KEY=VALUE and KEY+=VALUE", "[overrides]") {
  const Override set = parse_override("company.meta.capex_growth.mean = 0.4");
  CHECK(set.key == "company.meta.capex_growth.mean");
  CHECK(set.op == Override::Op::set);
  CHECK(set.value == "0.4");
  const Override shift = parse_override("company.*.capex_growth+=0.1");
  CHECK(shift.key == "company.*.capex_growth");
  CHECK(shift.op == Override::Op::shift);
  CHECK(shift.text() == "company.*.capex_growth+=0.1");
  CHECK(parse_override("simulation.years=[2024, 2025]").value == "[2024, 2025]");
  for (const char* bad : {"nothing", "=1", "a.b=", "a.b=uniform", "a.b=1 2", "a.b=1\nc = 2"})
    CHECK_THROWS_AS(parse_override(bad), InputError);
  try {
    parse_override("company.meta.ocf_growth.dist=uniform");
  } catch (const InputError& e) {
    CHECK_THAT(e.what(), Catch::Contains("company.meta.ocf_growth.dist") &&
                             Catch::Contains("strings need quotes"));
  }
}

TEST_CASE("set replaces one company's value, or every company's with *", "[overrides]") {
  const Scenario base = with({});
  CHECK(base.overrides.empty());
  CHECK(dist(base, 0, Param::ocf_growth, 0).mean() != Approx(0.3));
  const Scenario one = with({"company.meta.ocf_growth.mean=0.3", "company.meta.ocf_growth.min=-1"});
  CHECK(dist(one, 0, Param::ocf_growth, 2).mean() == Approx(0.3).margin(1e-9));
  CHECK(dist(one, 1, Param::ocf_growth, 0).mean() == 0.1);  // msft untouched
  CHECK(one.overrides == "company.meta.ocf_growth.mean=0.3\ncompany.meta.ocf_growth.min=-1");

  const Scenario all = with({"company.*.buyback_ratio={ dist = \"fixed\", value = 0.05 }"});
  for (std::size_t c = 0; c < 2; ++c) CHECK(dist(all, c, Param::buyback_ratio, 1).mean() == 0.05);

  const Scenario years = with({"company.meta.capex_growth.min=0.2"});
  CHECK(dist(years, 0, Param::capex_growth, 2).support_min() == 0.2);  // array -> scalar
  const Scenario sim = with({"simulation.paths=5", "simulation.seed=7", "simulation.name=\"y\""});
  CHECK(*sim.paths == 5);
  CHECK(*sim.seed == 7);
  CHECK(sim.name == "y");
  const Scenario rho = with({"correlation.1.rho=0.5"});
  CHECK(rho.dependence.correlation(0, 1) == Approx(0.5));
}

TEST_CASE("+= moves a number, each year of an array, or a whole distribution", "[overrides]") {
  const Scenario base = with({});
  const Scenario moved =
      with({"company.*.capex_growth+=0.1", "company.msft.buyback_ratio+=0.05",
            "company.meta.ocf_growth+=-0.02", "simulation.seed=3", "simulation.seed+=2"});
  CHECK(*moved.seed == 5);
  for (std::size_t t = 0; t < 3; ++t) {
    for (std::size_t c = 0; c < 2; ++c) {
      const Distribution& a = dist(base, c, Param::capex_growth, t);
      const Distribution& b = dist(moved, c, Param::capex_growth, t);
      CHECK(b.mean() == Approx(a.mean() + 0.1).epsilon(1e-12));
      CHECK(b.variance() == Approx(a.variance()).epsilon(1e-9));
      CHECK(b.quantile(0.3) == Approx(a.quantile(0.3) + 0.1).epsilon(1e-9));
    }
    const Distribution& bb = dist(moved, 1, Param::buyback_ratio, t);
    CHECK(bb.support_min() == Approx(0.05));
    CHECK(bb.mean() == Approx(dist(base, 1, Param::buyback_ratio, t).mean() + 0.05));
    // The truncated normal moves with its bounds: the same law, 2 points lower.
    CHECK(dist(moved, 0, Param::ocf_growth, t).quantile(0.7) ==
          Approx(dist(base, 0, Param::ocf_growth, t).quantile(0.7) - 0.02).epsilon(1e-9));
  }
  const Scenario wider = with({"company.meta.capex_growth.max+=1"});
  CHECK(dist(wider, 0, Param::capex_growth, 0).support_max() == Approx(1.5));
}

TEST_CASE("overrides name the key when they cannot apply", "[overrides]") {
  CHECK_THAT(error_with({"company.amzn.capex_growth.mean=0.1"}),
             Catch::Contains("company.amzn.capex_growth.mean") &&
                 Catch::Contains("no company \"amzn\"") && Catch::Contains("meta, msft"));
  CHECK_THAT(error_with({"company.meta.capex_growth.min=\"low\""}),
             Catch::Contains("company.meta.capex_growth.min") && Catch::Contains("not a string"));
  CHECK_THAT(error_with({"company.meta.nothing.mean=1"}), Catch::Contains("no table \"nothing\""));
  CHECK_THAT(error_with({"simulation.years.x=1"}), Catch::Contains("not a table"));
  CHECK_THAT(error_with({"correlation.2.rho=0.1"}), Catch::Contains("numbered 1 to 1"));
  CHECK_THAT(error_with({"company.meta=1"}), Catch::Contains("name a key inside"));
  CHECK_THAT(error_with({"company.meta.ocf_growth.mean+=\"a\""}),
             Catch::Contains("needs a number"));
  CHECK_THAT(error_with({"company.meta.base+=1"}), Catch::Contains("needs a distribution"));
  CHECK_THAT(error_with({"simulation.seed=3", "simulation.seed+=0.5"}),
             Catch::Contains("seed must be an integer"));
  // A new key goes to the loader, which rejects it by name, saying the overrides were applied.
  CHECK_THAT(error_with({"company.meta.ocf_growth.meen=0.1"}),
             Catch::Contains("x.toml after --set company.meta.ocf_growth.meen=0.1") &&
                 Catch::Contains("unknown key \"meen\""));
  // A value the loader rejects is named by its key path.
  CHECK_THAT(error_with({"company.meta.ocf_growth.sd=-1"}),
             Catch::Contains("ocf_growth.sd must be >= 0"));
}

TEST_CASE("the scenario text after overrides reads back as the same scenario", "[overrides]") {
  const Scenario s =
      with({"company.*.capex_growth+=0.1", "company.meta.ocf_growth.sd=0.123456789012345"});
  CHECK_THAT(s.source_text, Catch::StartsWith("# x.toml with overrides") &&
                                Catch::Contains("#   --set company.*.capex_growth+=0.1"));
  const Scenario again = parse_scenario(s.source_text, "again.toml");
  REQUIRE(again.companies.size() == 2);
  for (std::size_t c = 0; c < 2; ++c)
    for (int p = 0; p < kParamCount; ++p)
      for (std::size_t t = 0; t < 3; ++t) {
        const Distribution& a = s.companies[c].params[p].by_year[t];
        const Distribution& b = again.companies[c].params[p].by_year[t];
        CHECK(a.describe() == b.describe());
        CHECK(a.quantile(0.37) == b.quantile(0.37));  // bit for bit
      }
  CHECK(again.dependence.correlation == s.dependence.correlation);
  CHECK(again.years == s.years);
  CHECK(again.companies[1].base.ocf == s.companies[1].base.ocf);
  CHECK_THAT(s.source_text, Catch::Contains("sd = 0.123456789012345"));
}

TEST_CASE("overrides with control characters are refused or written back in a valid comment",
          "[overrides]") {
  // Found by fuzzing: "correlation.1<NUL>..." addressed correlation 1 (strtol stopped at the
  // NUL), and the NUL went into the header comment of the text written back, which then was not
  // TOML.
  const ScenarioDocument document = parse_scenario_document(kTwoCompanies, "x.toml");
  const std::vector<Override> nul{parse_override(std::string("correlation.1") + '\0' + ".rho=0.5")};
  try {
    scenario_from_document(document, nul);
    FAIL("no InputError");
  } catch (const InputError& e) {
    CHECK_THAT(e.message(), Catch::Contains("correlation tables are numbered 1 to 1"));
  }
  // A value may span lines; the header shows it on one.
  const Scenario s = with({"simulation.years=[2024,\n2025, 2026]"});
  CHECK_THAT(s.source_text, Catch::Contains("#   --set simulation.years=[2024,\\x0A2025, 2026]\n"));
  CHECK(parse_scenario(s.source_text, "again.toml").years == s.years);
}

}  // namespace
}  // namespace capexsim::test
