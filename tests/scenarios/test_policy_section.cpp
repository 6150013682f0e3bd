// Policy rules in [[company]]: read into Company::policy, and every bad value is an InputError
// at the offending node with file, line, column and key.
#include <limits>
#include <string>

#include "scenario_fixture.h"

namespace capexsim::test {
namespace {

using Catch::Matchers::Contains;

//! The valid scenario with `rules` from line 10 on.
std::string with_rules(std::string_view rules) {
  return with_lines(std::string(kCapex) + "\n" + std::string(rules));
}

std::string what(const InputError& error) { return error.what(); }

TEST_CASE("policy rules are read into the company", "[loader][policy]") {
  SECTION("none: an empty policy") {
    const Scenario sc = parse_scenario(with_rules(""), "x.toml");
    CHECK(sc.companies[0].policy.empty());
  }
  SECTION("all four") {
    const Scenario sc =
        parse_scenario(with_rules("buyback_cut = { when = \"surplus < 0\", factor = 0.5 }\n"
                                  "dividend_cut = { factor = 0, when = \"surplus < 0\" }\n"
                                  "capex_floor = 0.2\n"
                                  "capex_ceiling = 1\n"),
                       "x.toml");
    const Policy& p = sc.companies[0].policy;
    REQUIRE(p.buyback_cut);
    CHECK(p.buyback_cut->factor == 0.5);
    REQUIRE(p.dividend_cut);
    CHECK(p.dividend_cut->factor == 0.0);
    CHECK(p.capex_floor == 0.2);
    CHECK(p.capex_ceiling == 1.0);
  }
  SECTION("a floor equal to the ceiling") {
    const Scenario sc =
        parse_scenario(with_rules("capex_floor = 0.4\ncapex_ceiling = 0.4\n"), "x.toml");
    CHECK(sc.companies[0].policy.capex_floor == 0.4);
    CHECK_FALSE(sc.companies[0].policy.buyback_cut);
  }
}

TEST_CASE("an unknown company key names the policy rules too", "[loader][policy][errors]") {
  const std::string text = with_rules("buyback_cutt = { when = \"surplus < 0\", factor = 0.5 }");
  const InputError error = error_of(text);
  check_at(error, text, 10, "buyback_cutt");
  CHECK_THAT(what(error), Contains("unknown key \"buyback_cutt\" in company (allowed: name, base, "
                                   "known, ocf_growth, capex_growth, buyback_ratio, "
                                   "dividend_ratio, financing) or "
                                   "a policy rule (buyback_cut, dividend_cut, capex_floor, "
                                   "capex_ceiling)"));
}

TEST_CASE("bad payout cuts are errors at their node", "[loader][policy][errors]") {
  struct Case {
    const char* rules;
    const char* token;
    const char* message;
  };
  const Case cases[] = {
      {"buyback_cut = 0.5", "0.5", "company \"meta\": buyback_cut must be a table, not a float"},
      {"buyback_cut = { when = \"surplus < 0\", factor = 0.5, lag = 1 }", "lag",
       "unknown key \"lag\" in buyback_cut (allowed: when, factor)"},
      {"buyback_cut = { factor = 0.5 }", "{", "missing required key buyback_cut.when"},
      {"buyback_cut = { when = \"surplus < 0\" }", "{", "missing required key buyback_cut.factor"},
      {"buyback_cut = { when = 0, factor = 0.5 }", "0,",
       "buyback_cut.when must be a string, not an integer"},
      {"buyback_cut = { when = \"surplus <= 0\", factor = 0.5 }", "\"surplus <= 0\"",
       "buyback_cut.when must be \"surplus < 0\", got \"surplus <= 0\" (no other condition is "
       "supported)"},
      {"buyback_cut = { when = \"surplus<0\", factor = 0.5 }", "\"surplus<0\"",
       "buyback_cut.when must be \"surplus < 0\""},
      {"buyback_cut = { when = \"surplus < 0\", factor = \"half\" }", "\"half\"",
       "buyback_cut.factor must be a number, not a string"},
      {"buyback_cut = { when = \"surplus < 0\", factor = 1.5 }", "1.5",
       "buyback_cut.factor must be in [0, 1], got 1.5"},
      {"buyback_cut = { when = \"surplus < 0\", factor = -0.1 }", "-0.1",
       "buyback_cut.factor must be in [0, 1], got -0.1"},
      {"buyback_cut = { when = \"surplus < 0\", factor = nan }", "nan",
       "buyback_cut.factor must be a finite number, not nan"},
      {"dividend_cut = { when = \"surplus < 0\", factor = 2 }", "2",
       "dividend_cut.factor must be in [0, 1], got 2"},
      {"dividend_cut = { when = \"ocf < 0\", factor = 0.5 }", "\"ocf < 0\"",
       "dividend_cut.when must be \"surplus < 0\", got \"ocf < 0\""},
  };
  for (const Case& c : cases) {
    const std::string text = with_rules(c.rules);
    INFO(c.rules);
    const InputError error = error_of(text);
    check_at(error, text, 10, c.token);
    CHECK_THAT(what(error), Contains(c.message));
  }
}

TEST_CASE("bad capex bounds are errors at their node", "[loader][policy][errors]") {
  struct Case {
    const char* rules;
    int line;
    const char* token;
    const char* message;
  };
  const Case cases[] = {
      {"capex_floor = -0.2", 10, "-0.2", "capex_floor must be >= 0 (a share of OCF), got -0.2"},
      {"capex_ceiling = -1", 10, "-1", "capex_ceiling must be >= 0 (a share of OCF), got -1"},
      {"capex_floor = \"20%\"", 10, "\"20%\"", "capex_floor must be a number, not a string"},
      {"capex_ceiling = inf", 10, "inf", "capex_ceiling must be a finite number, not inf"},
      {"capex_floor = 0.6\ncapex_ceiling = 0.4", 10, "0.6",
       "capex_floor must be <= capex_ceiling, got capex_floor = 0.6 and capex_ceiling = 0.4"},
      {"capex_ceiling = 0.4\ncapex_floor = 0.6", 10, "0.4",
       "capex_floor must be <= capex_ceiling, got capex_floor = 0.6 and capex_ceiling = 0.4"},
  };
  for (const Case& c : cases) {
    const std::string text = with_rules(c.rules);
    INFO(c.rules);
    const InputError error = error_of(text);
    check_at(error, text, c.line, c.token);
    CHECK_THAT(what(error), Contains(c.message));
  }
}

}  // namespace
}  // namespace capexsim::test
