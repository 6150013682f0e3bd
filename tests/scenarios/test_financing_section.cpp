// The `financing` table and base.cash / base.debt: what a valid one reads into, and every invalid
// input as an InputError at the offending node (file, line, column, key).
#include "scenario_fixture.h"
#include "scenarios/overrides.h"

namespace capexsim::test {
namespace {

using Catch::Matchers::Contains;

//! Lines 5-9: a company with balances (line 7).
constexpr std::string_view kHead =
    "[[company]]\n"
    "name = \"meta\"\n"
    "base = { ocf = 100, buybacks = 20, dividends = 5, capex = 40, cash = 81.5, debt = 58 }\n"
    "ocf_growth = { dist = \"fixed\", value = 0.15 }\n"
    "capex_growth = { dist = \"fixed\", value = 0.3 }\n";

//! Line 10.
constexpr std::string_view kFinancing =
    "financing = { cash_yield = { dist = \"fixed\", value = 0.04 }, "
    "debt_rate = { dist = \"normal\", mean = 0.05, sd = 0.01, min = 0.0 }, "
    "min_cash_ratio = [0.25, 0.2, 0.3], max_debt_to_ocf = 2.0, equity = true }";

std::string scenario(std::string_view head, std::string_view financing) {
  return std::string(kSimulation) + std::string(head) + std::string(financing) + "\n";
}

std::string replaced(std::string text, std::string_view from, std::string_view to) {
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

//! The valid scenario with `from` in line 10 (financing) replaced by `to`.
std::string financing_with(std::string_view from, std::string_view to) {
  return scenario(kHead, replaced(std::string(kFinancing), from, to));
}

std::string what(const InputError& e) { return e.what(); }

TEST_CASE("financing reads into the company's Financing", "[loader][financing]") {
  const Scenario s = parse_scenario(scenario(kHead, kFinancing), "x.toml");
  REQUIRE(s.has_financing());
  const Financing& f = *s.companies[0].financing;
  CHECK(f.base.cash == 81.5);
  CHECK(f.base.debt == 58.0);
  const ParamSpec& cash_yield = s.companies[0].param(Param::cash_yield);
  const ParamSpec& debt_rate = s.companies[0].param(Param::debt_rate);
  const ParamSpec& other_flows = s.companies[0].param(Param::other_flows);
  REQUIRE(cash_yield.by_year.size() == 3);
  CHECK(cash_yield.by_year[2].is_fixed());
  CHECK(cash_yield.by_year[2].mean() == 0.04);
  CHECK_FALSE(debt_rate.by_year[0].is_fixed());
  CHECK(debt_rate.by_year[0].support_min() == 0.0);
  // other_flows absent: fixed at 0 every year.
  REQUIRE(other_flows.by_year.size() == 3);
  for (const Distribution& d : other_flows.by_year) CHECK((d.is_fixed() && d.mean() == 0.0));
  CHECK(f.min_cash_ratio == std::vector<double>{0.25, 0.2, 0.3});
  CHECK(f.max_debt_to_ocf == 2.0);
  CHECK(f.equity);

  const Scenario plain = parse_scenario(with_lines(kCapex), "x.toml");
  CHECK_FALSE(plain.has_financing());
  CHECK_FALSE(plain.companies[0].financing.has_value());
  // Without financing the balance sheet's parameters are fixed at 0: nothing is drawn for them.
  for (Param p : {Param::cash_yield, Param::debt_rate, Param::other_flows})
    for (const Distribution& d : plain.companies[0].param(p).by_year)
      CHECK((d.is_fixed() && d.mean() == 0.0));
  for (const Variable& v : plain.dependence.variables) CHECK(v.param < kFlowParamCount);
}

TEST_CASE("financing reads other_flows and the rates' persistence", "[loader][financing]") {
  const std::string text =
      financing_with("min = 0.0 }",
                     "min = 0.0, persistence = 0.5 }, other_flows = { dist = \"pert\", "
                     "min = -0.9, mode = -0.1, max = 0.2 }");
  const Scenario s = parse_scenario(text, "x.toml");
  const ParamSpec& other = s.companies[0].param(Param::other_flows);
  REQUIRE(other.by_year.size() == 3);
  CHECK(other.by_year[0].kind() == DistKind::pert);
  CHECK(other.by_year[1].support_min() == -0.9);
  // debt_rate and other_flows are drawn: variables of the dependence, debt_rate persistent.
  std::vector<std::string> names;
  for (const Variable& v : s.dependence.variables) names.push_back(v.name);
  CHECK(names == std::vector<std::string>{"meta.debt_rate", "meta.other_flows"});
  CHECK(s.dependence.persistence == std::vector<double>{0.5, 0.0});
}

TEST_CASE("known.debt_issued and known.equity_issued read with financing, 0 when absent",
          "[loader][financing][known]") {
  const std::string known =
      "known = { through = \"2024Q2\", ocf = 50, capex = 25, buybacks = 10, dividends = 2, "
      "debt_issued = 12.5, equity_issued = 3 }\n";
  const Scenario s = parse_scenario(scenario(std::string(kHead) + known, kFinancing), "x.toml");
  REQUIRE(s.companies[0].known);
  CHECK(s.companies[0].known->debt_issued == 12.5);
  CHECK(s.companies[0].known->equity_issued == 3.0);
  const Scenario flows_only = parse_scenario(
      scenario(std::string(kHead) + replaced(known, ", debt_issued = 12.5, equity_issued = 3", ""),
               kFinancing),
      "x.toml");
  CHECK(flows_only.companies[0].known->debt_issued == 0.0);
  CHECK(flows_only.companies[0].known->equity_issued == 0.0);
  const std::string negative = scenario(
      std::string(kHead) + replaced(known, "debt_issued = 12.5", "debt_issued = -1"), kFinancing);
  check_at(error_of(negative), negative, 10, "-1");
  CHECK_THAT(what(error_of(negative)),
             Contains("company \"meta\": known.debt_issued must be >= 0, got -1"));
}

TEST_CASE("equity defaults to false and min_cash_ratio may be one number", "[loader][financing]") {
  const std::string text =
      financing_with("min_cash_ratio = [0.25, 0.2, 0.3], max_debt_to_ocf = 2.0, equity = true",
                     "min_cash_ratio = 0.1, max_debt_to_ocf = 2.0");
  const Scenario s = parse_scenario(text, "x.toml");
  const Financing& f = *s.companies[0].financing;
  CHECK_FALSE(f.equity);
  CHECK(f.min_cash_ratio == std::vector<double>{0.1, 0.1, 0.1});
}

TEST_CASE("negative balances are refused", "[loader][financing][errors]") {
  SECTION("cash") {
    const std::string text = scenario(replaced(std::string(kHead), "81.5", "-81.5"), kFinancing);
    const InputError e = error_of(text);
    check_at(e, text, 7, "-81.5");
    CHECK_THAT(what(e), Contains("base.cash must be >= 0, got -81.5"));
  }
  SECTION("debt") {
    const std::string text = scenario(replaced(std::string(kHead), "58", "-1"), kFinancing);
    const InputError e = error_of(text);
    check_at(e, text, 7, "-1");
    CHECK_THAT(what(e), Contains("base.debt must be >= 0, got -1"));
  }
}

TEST_CASE("financing needs base.cash and base.debt", "[loader][financing][errors]") {
  for (const char* key : {"cash = 81.5, ", ", debt = 58"}) {
    const std::string text = scenario(replaced(std::string(kHead), key, ""), kFinancing);
    const InputError e = error_of(text);
    check_at(e, text, 7, "{");
    CHECK_THAT(what(e), Contains("financing needs the base year's balances"));
  }
}

TEST_CASE("base.cash without financing is refused", "[loader][financing][errors]") {
  const std::string text = scenario(kHead, "");
  const InputError e = error_of(text);
  check_at(e, text, 7, "81.5");
  CHECK_THAT(what(e), Contains("base.cash is read only with financing"));
}

TEST_CASE("min_cash_ratio < 0 is refused", "[loader][financing][errors]") {
  SECTION("one number") {
    const std::string text = financing_with("[0.25, 0.2, 0.3]", "-0.1");
    const InputError e = error_of(text);
    check_at(e, text, 10, "-0.1");
    CHECK_THAT(what(e), Contains("financing.min_cash_ratio must be >= 0, got -0.1"));
  }
  SECTION("one year of an array") {
    const std::string text = financing_with("[0.25, 0.2, 0.3]", "[0.25, -0.2, 0.3]");
    const InputError e = error_of(text);
    check_at(e, text, 10, "-0.2");
    CHECK_THAT(what(e), Contains("must be >= 0, got -0.2 for 2025"));
  }
}

TEST_CASE("max_debt_to_ocf <= 0 is refused", "[loader][financing][errors]") {
  for (const char* bad : {"0", "-2"}) {
    const std::string text =
        financing_with("max_debt_to_ocf = 2.0", std::string("max_debt_to_ocf = ") + bad);
    const InputError e = error_of(text);
    const std::string key = "max_debt_to_ocf = ";
    CHECK(e.line() == 10);
    CHECK(e.column() == static_cast<int>(line_of(text, 10).find(key) + key.size() + 1));
    CHECK_THAT(what(e), Contains("financing.max_debt_to_ocf must be > 0"));
  }
}

TEST_CASE("a rate that can be below -1 is refused", "[loader][financing][errors]") {
  SECTION("fixed value") {
    const std::string text = financing_with("value = 0.04", "value = -1.5");
    const InputError e = error_of(text);
    check_at(e, text, 10, "-1.5");
    CHECK_THAT(what(e), Contains("financing.cash_yield can be below -1 in 2024"));
  }
  SECTION("a bound") {
    const std::string text = financing_with("min = 0.0", "min = -2.0");
    const InputError e = error_of(text);
    check_at(e, text, 10, "-2.0");
    CHECK_THAT(what(e), Contains("financing.debt_rate can be below -1"));
  }
  SECTION("unbounded") {
    const std::string text = financing_with(", min = 0.0", "");
    const InputError e = error_of(text);
    CHECK(e.line() == 10);
    CHECK_THAT(what(e), Contains("financing.debt_rate can be below -1") && Contains("-inf"));
  }
  SECTION("exactly -1 is allowed") {
    CHECK_NOTHROW(parse_scenario(financing_with("value = 0.04", "value = -1"), "x.toml"));
  }
}

TEST_CASE("financing: unknown keys, wrong types, missing keys", "[loader][financing][errors]") {
  SECTION("unknown key") {
    const std::string text = financing_with("equity = true", "equty = true");
    const InputError e = error_of(text);
    check_at(e, text, 10, "equty");
    CHECK_THAT(what(e), Contains("unknown key \"equty\" in financing (allowed: cash_yield, "
                                 "debt_rate, other_flows, min_cash_ratio, max_debt_to_ocf, "
                                 "equity)"));
  }
  SECTION("unknown key in a rate") {
    const std::string text = financing_with("sd = 0.01", "sd = 0.01, sdd = 1");
    const InputError e = error_of(text);
    check_at(e, text, 10, "sdd");
    CHECK_THAT(what(e), Contains("unknown key \"sdd\" in financing.debt_rate"));
  }
  SECTION("persistence of a rate out of range") {
    const std::string text = financing_with("sd = 0.01", "sd = 0.01, persistence = 1.5");
    const InputError e = error_of(text);
    check_at(e, text, 10, "1.5");
    CHECK_THAT(what(e), Contains("financing.debt_rate.persistence"));
  }
  SECTION("other_flows not a distribution") {
    const std::string text = financing_with("equity = true", "equity = true, other_flows = -0.1");
    const InputError e = error_of(text);
    check_at(e, text, 10, "-0.1");
    CHECK_THAT(what(e), Contains("financing.other_flows"));
  }
  SECTION("equity not a boolean") {
    const std::string text = financing_with("equity = true", "equity = 1");
    const InputError e = error_of(text);
    check_at(e, text, 10, "1 }");
    CHECK_THAT(what(e), Contains("financing.equity must be true or false"));
  }
  SECTION("missing max_debt_to_ocf") {
    const std::string text = financing_with(", max_debt_to_ocf = 2.0", "");
    const InputError e = error_of(text);
    CHECK(e.line() == 10);
    CHECK_THAT(what(e), Contains("max_debt_to_ocf"));
  }
  SECTION("not a table") {
    const std::string text = scenario(kHead, "financing = 3");
    const InputError e = error_of(text);
    check_at(e, text, 10, "3");
    CHECK_THAT(what(e), Contains("financing"));
  }
}

TEST_CASE("financing on some companies but not all is refused", "[loader][financing][errors]") {
  const std::string second =
      "[[company]]\n"
      "name = \"msft\"\n"
      "base = { ocf = 200, buybacks = 40, dividends = 30, capex = 60 }\n"
      "ocf_growth = { dist = \"fixed\", value = 0.1 }\n"
      "capex_growth = { dist = \"fixed\", value = 0.2 }\n";
  const std::string text = scenario(kHead, kFinancing) + second;  // msft from line 11
  const InputError e = error_of(text);
  CHECK(e.file() == "x.toml");
  CHECK(e.line() == 11);
  CHECK_THAT(what(e), Contains("company \"meta\" has financing but company \"msft\" has none"));
}

TEST_CASE("a correlation may name a financing rate", "[loader][financing][dependence]") {
  const std::string head =
      replaced(std::string(kHead), "\"fixed\", value = 0.15", "\"normal\", mean = 0.15, sd = 0.1");
  const std::string text = scenario(head, kFinancing) +
                           "[[correlation]]\n"
                           "between = [\"meta.ocf_growth\", \"meta.debt_rate\"]\n"
                           "rho = 0.3\n";
  const Scenario s = parse_scenario(text, "x.toml");
  REQUIRE(s.dependence.variables.size() == 2);
  CHECK(s.dependence.variables[1].name == "meta.debt_rate");
  CHECK(s.dependence.correlation(0, 1) == Approx(0.3));
  // A fixed rate cannot be correlated: named as such.
  const std::string fixed = scenario(head, kFinancing) +
                            "[[correlation]]\n"
                            "between = [\"meta.ocf_growth\", \"meta.cash_yield\"]\n"
                            "rho = 0.3\n";
  const InputError e = error_of(fixed);
  CHECK(e.line() == 12);
  CHECK_THAT(what(e), Contains("\"meta.cash_yield\" is fixed"));
}

TEST_CASE("the financing keys take --set overrides", "[loader][financing][overrides]") {
  const ScenarioDocument doc = parse_scenario_document(scenario(kHead, kFinancing), "x.toml");
  const std::vector<Override> sets = {
      parse_override("company.meta.financing.max_debt_to_ocf=3"),
      parse_override("company.meta.financing.cash_yield.value=0.02"),
      parse_override("company.meta.base.debt=10")};
  const Scenario s = scenario_from_document(doc, sets);
  const Financing& f = *s.companies[0].financing;
  CHECK(f.max_debt_to_ocf == 3.0);
  CHECK(s.companies[0].param(Param::cash_yield).by_year[0].mean() == 0.02);
  CHECK(f.base.debt == 10.0);
  // The overrides go through the same checks.
  CHECK_THROWS_AS(scenario_from_document(
                      doc, std::vector{parse_override("company.meta.financing.max_debt_to_ocf=0")}),
                  InputError);
}

}  // namespace
}  // namespace capexsim::test
