// The per-company `known` table (actuals of the first projection year): parsed values, and
// every error at its node with file:line:col and the key.
#include "scenario_fixture.h"
#include "scenarios/overrides.h"

namespace capexsim::test {
namespace {

using Catch::Matchers::Contains;

//! The valid scenario (base year 2023) with line 10 = `known = { ... }`.
std::string with_known(std::string_view known) {
  return with_lines(std::string(kCapex) + "\n" + std::string(known));
}

constexpr std::string_view kKnown =
    "known = { through = \"2024Q2\", ocf = 64.5, capex = 49, buybacks = 0.0, dividends = 2.7 }";

std::string with_known_replaced(std::string_view from, std::string_view to) {
  std::string known(kKnown);
  const std::size_t at = known.find(from);
  REQUIRE(at != std::string::npos);
  return with_known(known.replace(at, from.size(), to));
}

std::string what(const InputError& error) { return error.what(); }

TEST_CASE("known is read into the company: year, quarters and the four flows", "[loader][known]") {
  const Scenario s = parse_scenario(with_known(kKnown), "x.toml");
  REQUIRE(s.companies[0].known);
  const KnownPart& k = *s.companies[0].known;
  CHECK(k.year == 2024);
  CHECK(k.quarters == 2);
  CHECK(k.share() == 0.5);
  CHECK(k.flows.ocf == 64.5);
  CHECK(k.flows.capex == 49.0);
  CHECK(k.flows.buybacks == 0.0);
  CHECK(k.flows.dividends == 2.7);
  CHECK_FALSE(parse_scenario(with_lines(kCapex), "x.toml").companies[0].known);
}

TEST_CASE("known: quarters 1 to 3 and a negative OCF are accepted", "[loader][known]") {
  for (const char* q : {"2024Q1", "2024Q3"}) {
    const Scenario s = parse_scenario(with_known_replaced("2024Q2", q), "x.toml");
    CHECK(s.companies[0].known->quarters == q[5] - '0');
  }
  const Scenario s = parse_scenario(with_known_replaced("ocf = 64.5", "ocf = -3"), "x.toml");
  CHECK(s.companies[0].known->flows.ocf == -3.0);
}

TEST_CASE("every bad known is an error at its node naming the key", "[loader][known][errors]") {
  struct Case {
    std::string_view from, to, token, message;
  };
  const Case cases[] = {
      {"\"2024Q2\"", "\"2024-06\"", "\"2024-06\"",
       "company \"meta\": known.through must name a year and quarter as \"YYYYQn\" (e.g. "
       "\"2024Q2\"), got \"2024-06\""},
      {"\"2024Q2\"", "\"24Q2\"", "\"24Q2\"", "known.through must name a year and quarter"},
      {"\"2024Q2\"", "\"2024q2\"", "\"2024q2\"", "known.through must name a year and quarter"},
      {"\"2024Q2\"", "2024", "2024",
       "company \"meta\": known.through must be a string, not an "
       "integer"},
      {"\"2024Q2\"", "\"2025Q2\"", "\"2025Q2\"",
       "company \"meta\": known.through = \"2025Q2\" must be in the first projection year 2024 "
       "(simulation.base_year + 1), not 2025"},
      {"\"2024Q2\"", "\"2023Q2\"", "\"2023Q2\"", "must be in the first projection year 2024"},
      {"\"2024Q2\"", "\"2024Q4\"", "\"2024Q4\"",
       "company \"meta\": known.through = \"2024Q4\" covers the whole year 2024: make 2024 the "
       "base year (simulation.base_year, base = its flows) instead"},
      {"\"2024Q2\"", "\"2024Q0\"", "\"2024Q0\"",
       "known.through = \"2024Q0\": the quarter must be 1, 2 or 3, not 0"},
      {"\"2024Q2\"", "\"2024Q5\"", "\"2024Q5\"",
       "known.through = \"2024Q5\": the quarter must be 1, 2 or 3, not 5"},
      {"capex = 49", "capex = -1", "-1", "company \"meta\": known.capex must be >= 0, got -1"},
      {"buybacks = 0.0", "buybacks = -0.5", "-0.5", "known.buybacks must be >= 0, got -0.5"},
      {"dividends = 2.7", "dividends = -2.7", "-2.7", "known.dividends must be >= 0, got -2.7"},
      {"ocf = 64.5", "ocf = inf", "inf", "known.ocf must be a finite number, not inf"},
      {"capex = 49", "capex = nan", "nan", "known.capex must be a finite number, not nan"},
      {"ocf = 64.5", "ocf = \"64.5\"", "\"64.5\"", "known.ocf must be a number, not a string"},
      {"dividends = 2.7", "dividends = 2.7, sales = 1", "sales",
       "company \"meta\": unknown key \"sales\" in known (allowed: through, ocf, capex, "
       "buybacks, dividends, debt_issued, equity_issued)"},
      {"dividends = 2.7", "dividends = 2.7, debt_issued = 10", "10",
       "company \"meta\": known.debt_issued is read only with financing: add a financing table "
       "or remove it"},
      {"dividends = 2.7", "dividends = 2.7, equity_issued = 7.25", "7.25",
       "known.equity_issued is read only with financing"},
  };
  for (const Case& c : cases) {
    const std::string text = with_known_replaced(c.from, c.to);
    INFO(text);
    const InputError error = error_of(text);
    check_at(error, text, 10, c.token);
    CHECK_THAT(what(error), Contains(std::string(c.message)));
  }
}

TEST_CASE("a missing known key is named at the known table", "[loader][known][errors]") {
  for (std::string_view key : {"through = \"2024Q2\", ", "ocf = 64.5, ", "capex = 49, ",
                               "buybacks = 0.0, ", ", dividends = 2.7"}) {
    const std::string text = with_known_replaced(key, "");
    INFO(text);
    const InputError error = error_of(text);
    check_at(error, text, 10, "{");
    std::string name(key.substr(key.find_first_not_of(", ")));
    name = name.substr(0, name.find(' '));
    CHECK_THAT(what(error), Contains("company \"meta\": missing required key known." + name));
  }
  const std::string text = with_known("known = 5");
  check_at(error_of(text), text, 10, "5");
  CHECK_THAT(what(error_of(text)), Contains("company \"meta\": known must be a table, not an "
                                            "integer"));
}

Scenario with_sets(const std::string& text, std::initializer_list<const char*> sets) {
  std::vector<Override> overrides;
  for (const char* set : sets) overrides.push_back(parse_override(set));
  return scenario_from_document(parse_scenario_document(text, "x.toml"), overrides);
}

TEST_CASE("known through --set: its keys, a shift, a whole table, and the checks apply",
          "[loader][known][overrides]") {
  const std::string text = with_known(kKnown);
  const Scenario set = with_sets(text, {"company.meta.known.ocf=70", "company.meta.known.capex+=1",
                                        "company.meta.known.through=\"2024Q3\""});
  CHECK(set.companies[0].known->flows.ocf == 70.0);
  CHECK(set.companies[0].known->flows.capex == 50.0);
  CHECK(set.companies[0].known->quarters == 3);
  // The text as run records the known part.
  CHECK_THAT(set.source_text, Contains("through = \"2024Q3\""));
  const Scenario again = parse_scenario(set.source_text, "as-run.toml");  // the text round-trips
  REQUIRE(again.companies[0].known);
  CHECK(again.companies[0].known->quarters == 3);
  CHECK(again.companies[0].known->flows.ocf == 70.0);
  CHECK(again.companies[0].known->flows.capex == 50.0);
  CHECK(again.companies[0].known->flows.dividends == 2.7);
  const Scenario added =
      with_sets(with_lines(kCapex), {"company.meta.known={through=\"2024Q1\", ocf=1, capex=2, "
                                     "buybacks=0, dividends=0}"});
  REQUIRE(added.companies[0].known);
  CHECK(added.companies[0].known->quarters == 1);
  CHECK(added.companies[0].known->flows.capex == 2.0);
  try {
    with_sets(text, {"company.meta.known.through=\"2024Q4\""});
    FAIL("no InputError");
  } catch (const InputError& e) {
    CHECK_THAT(std::string(e.what()),
               Contains("after --set company.meta.known.through=\"2024Q4\"") &&
                   Contains("make 2024 the base year"));
  }
}

}  // namespace
}  // namespace capexsim::test
