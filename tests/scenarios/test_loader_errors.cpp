// Every invalid input is an InputError at the offending node: file, line, column and key.
#include <filesystem>
#include <fstream>

#include "scenario_fixture.h"

namespace capexsim::test {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

std::string replaced(std::string text, std::string_view from, std::string_view to) {
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

//! The valid scenario with line 9 (capex_growth) replaced.
std::string with_capex(std::string_view line) { return with_lines(line); }

std::string what(const InputError& error) { return error.what(); }

TEST_CASE("TOML syntax errors give the parser's position", "[loader][errors]") {
  const std::string text = with_lines("capex_growth = { dist = \"fixed\", value = 0.3");
  const InputError error = error_of(text);
  CHECK(error.line() == 9);
  CHECK(error.column() > 0);
  CHECK_THAT(what(error), StartsWith("x.toml:9:") && Contains("invalid TOML"));

  const InputError twice =
      error_of(replaced(with_lines(kCapex), "name = \"t\"\n", "name = \"t\"\nname = \"u\"\n"));
  CHECK(twice.line() == 3);
  CHECK_THAT(what(twice), Contains("invalid TOML") && Contains("name"));
}

TEST_CASE("unknown keys are named with the allowed ones, at every level", "[loader][errors]") {
  SECTION("top level") {
    const std::string text = "bogus = 1\n" + with_lines(kCapex);
    const InputError error = error_of(text);
    check_at(error, text, 1, "bogus");
    CHECK_THAT(what(error), Contains("unknown key \"bogus\" at the top level (allowed: "
                                     "simulation, company, correlation)"));
  }
  SECTION("[simulation]") {
    const std::string text = replaced(with_lines(kCapex), "base_year", "seeds = 3\nbase_year");
    const InputError error = error_of(text);
    check_at(error, text, 3, "seeds");
    CHECK_THAT(what(error), Contains("unknown key \"seeds\" in simulation (allowed: name, "
                                     "base_year, years, unit, paths, seed)"));
  }
  SECTION("[[company]]") {
    const std::string text = with_lines(std::string(kCapex) + "\ncolour = \"blue\"");
    const InputError error = error_of(text);
    check_at(error, text, 10, "colour");
    CHECK_THAT(what(error), Contains("company \"meta\": unknown key \"colour\" in company "
                                     "(allowed: name, base, known, ocf_growth, "
                                     "capex_growth, buyback_ratio, dividend_ratio, "
                                     "financing)"));
  }
  SECTION("base") {
    const std::string text = replaced(with_lines(kCapex), "capex = 40", "capx = 40");
    const InputError error = error_of(text);
    check_at(error, text, 7, "capx");
    CHECK_THAT(what(error), Contains("unknown key \"capx\" in base (allowed: ocf, buybacks, "
                                     "dividends, capex, cash, debt)"));
  }
  SECTION("a distribution") {
    const std::string text =
        with_capex("capex_growth = { dist = \"normal\", mean = 0.3, sd = 0.1, sdd = 0.2 }");
    const InputError error = error_of(text);
    check_at(error, text, 9, "sdd");
    CHECK_THAT(what(error), Contains("unknown key \"sdd\" in capex_growth (allowed: dist, mean, "
                                     "sd, min, max, persistence)"));
  }
  SECTION("a key of another distribution") {
    const std::string text =
        with_capex("capex_growth = { dist = \"uniform\", min = 0, max = 1, mode = 0.5 }");
    const InputError error = error_of(text);
    check_at(error, text, 9, "mode");
    CHECK_THAT(what(error),
               Contains("\"mode\" in capex_growth (allowed: dist, min, max, persistence)"));
  }
}

TEST_CASE("wrong types name the key, the wanted and the given type", "[loader][errors]") {
  struct Case {
    std::string_view from, to, token, message;
    int line;
  };
  const Case cases[] = {
      {"name = \"t\"", "name = 3", "3", "simulation.name must be a string, not an integer", 2},
      {"base_year = 2023", "base_year = 2023.0", "2023.0",
       "simulation.base_year must be an integer, not a float", 3},
      {"years = [2024, 2025, 2026]", "years = \"2024\"", "\"2024\"",
       "simulation.years must be an array, not a string", 4},
      {"years = [2024, 2025, 2026]", "years = [2024, \"2025\", 2026]", "\"2025\"",
       "simulation.years must be an integer, not a string", 4},
      {"base_year = 2023", "base_year = 2023\npaths = 1.5", "1.5",
       "simulation.paths must be an integer, not a float", 4},
      {"name = \"meta\"", "name = [\"meta\"]", "[", "company #1: name must be a string", 6},
      {"base = { ocf = 100, buybacks = 20, dividends = 5, capex = 40 }", "base = 5", "5",
       "company \"meta\": base must be a table, not an integer", 7},
      {"ocf = 100", "ocf = \"100\"", "\"100\"",
       "company \"meta\": base.ocf must be a number, not a string", 7},
      {"ocf_growth = { dist = \"fixed\", value = 0.15 }", "ocf_growth = 0.15", "0.15",
       "ocf_growth must be a distribution table such as { dist = \"fixed\", value = 0.15 }", 8},
      {"dist = \"fixed\", value = 0.15", "dist = 1, value = 0.15", "1",
       "ocf_growth.dist must be a string, not an integer", 8},
      {"value = 0.15", "value = true", "true", "ocf_growth.value must be a number, not a boolean",
       8},
      {"value = 0.15", "value = [0.1, \"x\", 0.1]", "\"x\"",
       "ocf_growth.value must be a number, not a string", 8},
      {"value = 0.15", "value = 2024-01-01", "2024",
       "ocf_growth.value must be a number, not a date", 8},
  };
  for (const Case& c : cases) {
    const std::string text = replaced(with_lines(kCapex), c.from, c.to);
    INFO(text);
    const InputError error = error_of(text);
    check_at(error, text, c.line, c.token);
    CHECK_THAT(what(error), Contains(std::string(c.message)));
  }
}

TEST_CASE("a per-year array of the wrong length is rejected at the array", "[loader][errors]") {
  const std::string text = with_capex("capex_growth = { dist = \"fixed\", value = [0.5, 0.3] }");
  const InputError error = error_of(text);
  check_at(error, text, 9, "[0.5");
  CHECK_THAT(what(error), Contains("company \"meta\": capex_growth.value has 2 entries but there "
                                   "are 3 projection years (2024-2026)"));
}

TEST_CASE("sd < 0 points at the sd value, naming the year when it varies", "[loader][errors]") {
  const std::string text =
      with_capex("capex_growth = { dist = \"normal\", mean = 0.3, sd = -0.1 }");
  const InputError error = error_of(text);
  CHECK(error.line() == 9);
  CHECK(error.column() == 52);
  CHECK(what(error) == "x.toml:9:52: company \"meta\": capex_growth.sd must be >= 0, got -0.1");

  const std::string per_year =
      with_capex("capex_growth = { dist = \"normal\", mean = 0.3, sd = [0.1, -0.2, 0.1] }");
  const InputError yearly = error_of(per_year);
  check_at(yearly, per_year, 9, "-0.2");
  CHECK_THAT(what(yearly), Contains("capex_growth.sd must be >= 0, got -0.2 for 2025"));

  const std::string lognormal =
      with_capex("capex_growth = { dist = \"lognormal\", mean = 0.3, sd = -1 }");
  check_at(error_of(lognormal), lognormal, 9, "-1");
}

TEST_CASE("min > max points at min, or at max when min is a default", "[loader][errors]") {
  SECTION("uniform") {
    const std::string text =
        with_capex("capex_growth = { dist = \"uniform\", min = 0.5, max = 0.2 }");
    const InputError error = error_of(text);
    check_at(error, text, 9, "0.5");
    CHECK_THAT(what(error),
               Contains("capex_growth.min must be <= max, got min = 0.5 and max = 0.2"));
  }
  SECTION("normal truncation") {
    const std::string text =
        with_capex("capex_growth = { dist = \"normal\", mean = 0.3, sd = 0.1, min = 1, max = 0 }");
    check_at(error_of(text), text, 9, "1, max");
  }
  SECTION("beta with the default max") {
    const std::string text =
        with_capex("capex_growth = { dist = \"beta\", alpha = 2, beta = 2, min = 1.5 }");
    check_at(error_of(text), text, 9, "1.5");
  }
  SECTION("beta with the default min") {
    const std::string text =
        with_capex("capex_growth = { dist = \"beta\", alpha = 2, beta = 2, max = -0.5 }");
    const InputError error = error_of(text);
    check_at(error, text, 9, "-0.5");
    CHECK_THAT(what(error), Contains("got min = 0 and max = -0.5"));
  }
  SECTION("triangular, per year") {
    const std::string text = with_capex(
        "capex_growth = { dist = \"triangular\", min = [0, 0, 2], mode = 1, max = 1.5 }");
    const InputError error = error_of(text);
    check_at(error, text, 9, "2]");
    CHECK_THAT(what(error), Contains("for 2026"));
  }
}

TEST_CASE("a mode outside [min, max] points at the mode", "[loader][errors]") {
  const std::string text =
      with_capex("capex_growth = { dist = \"triangular\", min = 0, mode = 1.2, max = 1 }");
  const InputError error = error_of(text);
  check_at(error, text, 9, "1.2");
  CHECK_THAT(what(error),
             Contains("capex_growth.mode must be within [min, max] = [0, 1], got 1.2"));

  const std::string pert =
      with_capex("capex_growth = { dist = \"pert\", min = 0, mode = [0.5, -0.5, 0.5], max = 1 }");
  const InputError yearly = error_of(pert);
  check_at(yearly, pert, 9, "-0.5");
  CHECK_THAT(what(yearly), Contains("for 2025"));

  // The mode is one value; the bound that excludes it varies by year.
  const std::string bound =
      with_capex("capex_growth = { dist = \"pert\", min = 0, mode = 0.9, max = [1, 0.5, 1] }");
  const InputError by_bound = error_of(bound);
  check_at(by_bound, bound, 9, "0.9");
  CHECK_THAT(what(by_bound), Contains("[min, max] = [0, 0.5], got 0.9 for 2025"));
}

TEST_CASE("lognormal mean <= shift points at the mean", "[loader][errors]") {
  const std::string text =
      with_capex("capex_growth = { dist = \"lognormal\", mean = -1.5, sd = 0.1, shift = -1 }");
  const InputError error = error_of(text);
  check_at(error, text, 9, "-1.5");
  CHECK_THAT(what(error), Contains("capex_growth.mean must be > shift, got mean = -1.5 and "
                                   "shift = -1"));

  const std::string by_default =
      with_capex("capex_growth = { dist = \"lognormal\", mean = 0, sd = 0.1 }");
  check_at(error_of(by_default), by_default, 9, "0,");
}

TEST_CASE("non-positive alpha, beta, df and lambda, and scale < 0", "[loader][errors]") {
  struct Case {
    std::string_view line, token, message;
  };
  const Case cases[] = {
      {"capex_growth = { dist = \"beta\", alpha = 0, beta = 2 }", "0,",
       "capex_growth.alpha must be > 0, got 0"},
      {"capex_growth = { dist = \"beta\", alpha = 2, beta = -1 }", "-1",
       "capex_growth.beta must be > 0, got -1"},
      {"capex_growth = { dist = \"student_t\", location = 0.3, scale = 0.1, df = 0 }", "0 }",
       "capex_growth.df must be > 0, got 0"},
      {"capex_growth = { dist = \"pert\", min = 0, mode = 0.3, max = 1, lambda = -2 }", "-2",
       "capex_growth.lambda must be > 0, got -2"},
      {"capex_growth = { dist = \"student_t\", location = 0.3, scale = -0.1, df = 3 }", "-0.1",
       "capex_growth.scale must be >= 0, got -0.1"},
  };
  for (const Case& c : cases) {
    const std::string text = with_capex(c.line);
    INFO(text);
    const InputError error = error_of(text);
    check_at(error, text, 9, c.token);
    CHECK_THAT(what(error), Contains(std::string(c.message)));
  }
}

TEST_CASE("non-finite numbers are rejected wherever a number is read", "[loader][errors]") {
  const std::string base = replaced(with_lines(kCapex), "ocf = 100", "ocf = inf");
  const InputError error = error_of(base);
  check_at(error, base, 7, "inf");
  CHECK_THAT(what(error), Contains("base.ocf must be a finite number, not inf"));

  const std::string mean = with_capex("capex_growth = { dist = \"normal\", mean = nan, sd = 0.1 }");
  check_at(error_of(mean), mean, 9, "nan");
  CHECK_THAT(what(error_of(mean)), Contains("capex_growth.mean must be a finite number, not nan"));

  const std::string values =
      with_capex("capex_growth = { dist = \"empirical\", values = [0.1, -inf] }");
  check_at(error_of(values), values, 9, "-inf");
}

TEST_CASE("missing required keys point at the table that lacks them", "[loader][errors]") {
  SECTION("[simulation]") {
    const std::string text = "\n" + std::string(kCompanyHead) + std::string(kCapex) + "\n";
    const InputError error = error_of(text);
    CHECK(error.line() == 1);
    CHECK_THAT(what(error), Contains("missing [simulation] table"));
  }
  struct Case {
    std::string_view from, to;
    int line;
    std::string_view token, message;
  };
  const Case cases[] = {
      {"name = \"t\"\n", "", 1, "[simulation]", "missing required key simulation.name"},
      {"base_year = 2023\n", "", 1, "[simulation]", "missing required key simulation.base_year"},
      {"years = [2024, 2025, 2026]\n", "", 1, "[simulation]",
       "missing required key simulation.years"},
      {"name = \"meta\"\n", "", 5, "[[company]]", "company #1: missing required key name"},
      {"base = { ocf = 100, buybacks = 20, dividends = 5, capex = 40 }\n", "", 5, "[[company]]",
       "company \"meta\": missing required key base"},
      {"ocf = 100, ", "", 7, "{", "company \"meta\": missing required key base.ocf"},
      {"dividends = 5, ", "", 7, "{", "missing required key base.dividends"},
      {"ocf_growth = { dist = \"fixed\", value = 0.15 }\n", "", 5, "[[company]]",
       "missing required key ocf_growth"},
      {"dist = \"fixed\", value = 0.15", "value = 0.15", 8, "{",
       "missing required key ocf_growth.dist"},
      {"dist = \"fixed\", value = 0.15", "dist = \"normal\", mean = 0.15", 8, "{",
       "missing required key ocf_growth.sd"},
      {"dist = \"fixed\", value = 0.15", "dist = \"empirical\"", 8, "{",
       "missing required key ocf_growth.values"},
  };
  for (const Case& c : cases) {
    const std::string text = replaced(with_lines(kCapex), c.from, c.to);
    INFO(text);
    const InputError error = error_of(text);
    check_at(error, text, c.line, c.token);
    CHECK_THAT(what(error), Contains(std::string(c.message)));
  }
  SECTION("capex_growth") {
    const std::string text = with_lines("");
    check_at(error_of(text), text, 5, "[[company]]");
    CHECK_THAT(what(error_of(text)), Contains("missing required key capex_growth"));
  }
}

TEST_CASE("years must be consecutive from base_year + 1 and not empty", "[loader][errors]") {
  struct Case {
    std::string_view years, token, message;
  };
  const Case cases[] = {
      {"[2025, 2026]", "2025", "base_year + 1 = 2024: expected 2024, not 2025"},
      {"[2024, 2026]", "2026", "expected 2025, not 2026"},
      {"[2024, 2025, 2025]", "2025]", "expected 2026, not 2025"},
      {"[]", "[]", "simulation.years must list at least one year"},
  };
  for (const Case& c : cases) {
    const std::string text = replaced(with_lines(kCapex), "[2024, 2025, 2026]", c.years);
    INFO(text);
    const InputError error = error_of(text);
    check_at(error, text, 4, c.token);
    CHECK_THAT(what(error), Contains(std::string(c.message)));
  }
  const std::string year = replaced(with_lines(kCapex), "2023", "0");
  check_at(error_of(year), year, 3, "0");
}

TEST_CASE("paths < 1 and seed < 0 are rejected", "[loader][errors]") {
  const std::string paths = replaced(with_lines(kCapex), "base_year", "paths = 0\nbase_year");
  check_at(error_of(paths), paths, 3, "0");
  CHECK_THAT(what(error_of(paths)), Contains("simulation.paths must be >= 1, not 0"));
  const std::string seed = replaced(with_lines(kCapex), "base_year", "seed = -1\nbase_year");
  check_at(error_of(seed), seed, 3, "-1");
  CHECK_THAT(what(error_of(seed)), Contains("simulation.seed must be >= 0, not -1"));
}

TEST_CASE("base OCF must be positive, the other base flows non-negative", "[loader][errors]") {
  struct Case {
    std::string_view from, to, token, message;
  };
  const Case cases[] = {
      {"ocf = 100", "ocf = 0", "0,", "base.ocf must be > 0"},
      {"ocf = 100", "ocf = -5.5", "-5.5", "base.ocf must be > 0"},
      {"capex = 40", "capex = -1", "-1", "base.capex must be >= 0, got -1"},
      {"buybacks = 20", "buybacks = -1", "-1", "base.buybacks must be >= 0, got -1"},
      {"dividends = 5", "dividends = -0.5", "-0.5", "base.dividends must be >= 0, got -0.5"},
  };
  for (const Case& c : cases) {
    const std::string text = replaced(with_lines(kCapex), c.from, c.to);
    INFO(text);
    const InputError error = error_of(text);
    check_at(error, text, 7, c.token);
    CHECK_THAT(what(error), Contains("company \"meta\": " + std::string(c.message)));
  }
}

TEST_CASE("company names are unique, non-empty and not `total`", "[loader][errors]") {
  const std::string twice = with_lines(kCapex) + std::string(kCompanyHead) + std::string(kCapex);
  const InputError error = error_of(twice);
  check_at(error, twice, 11, "\"meta\"");
  CHECK_THAT(what(error), Contains("company \"meta\" is defined twice (first at line 6)"));

  const std::string total = replaced(with_lines(kCapex), "\"meta\"", "\"total\"");
  check_at(error_of(total), total, 6, "\"total\"");
  CHECK_THAT(what(error_of(total)), Contains("company #1: name \"total\" is reserved"));

  const std::string empty = replaced(with_lines(kCapex), "\"meta\"", "\"\"");
  check_at(error_of(empty), empty, 6, "\"\"");
}

TEST_CASE("the company list must be a non-empty array of tables", "[loader][errors]") {
  const std::string missing = std::string(kSimulation);
  CHECK_THAT(what(error_of(missing)), StartsWith("x.toml:1:1: no companies"));

  const std::string empty = "company = []\n" + std::string(kSimulation);
  check_at(error_of(empty), empty, 1, "[]");
  CHECK_THAT(what(error_of(empty)), Contains("company must list at least one company"));

  const std::string single = replaced(with_lines(kCapex), "[[company]]", "[company]");
  check_at(error_of(single), single, 5, "[company]");
  CHECK_THAT(what(error_of(single)), Contains("write each one as [[company]]"));
}

TEST_CASE("an unknown dist lists the distributions", "[loader][errors]") {
  const std::string text = with_capex("capex_growth = { dist = \"gauss\", mean = 0.3, sd = 0.1 }");
  const InputError error = error_of(text);
  check_at(error, text, 9, "\"gauss\"");
  CHECK_THAT(what(error), Contains("capex_growth.dist \"gauss\" is not a distribution (one of: "
                                   "fixed, normal, uniform, triangular, lognormal, pert, beta, "
                                   "student_t, empirical)"));
}

TEST_CASE("empirical values must be non-empty lists, one per year when nested",
          "[loader][errors]") {
  const std::string empty = with_capex("capex_growth = { dist = \"empirical\", values = [] }");
  check_at(error_of(empty), empty, 9, "[]");
  CHECK_THAT(what(error_of(empty)), Contains("capex_growth.values must not be empty"));

  const std::string short_list =
      with_capex("capex_growth = { dist = \"empirical\", values = [[0.1], [0.2]] }");
  check_at(error_of(short_list), short_list, 9, "[[");
  CHECK_THAT(what(error_of(short_list)), Contains("has 2 entries but there are 3"));

  const std::string hole =
      with_capex("capex_growth = { dist = \"empirical\", values = [[0.1], [], [0.3]] }");
  check_at(error_of(hole), hole, 9, "[]");

  const std::string mixed =
      with_capex("capex_growth = { dist = \"empirical\", values = [[0.1], 0.2, [0.3]] }");
  check_at(error_of(mixed), mixed, 9, "0.2");
  CHECK_THAT(what(error_of(mixed)), Contains("capex_growth.values must be an array, not a float"));
}

TEST_CASE("a normal truncated far from its mean is rejected at the bound", "[loader][errors]") {
  const std::string text =
      with_capex("capex_growth = { dist = \"normal\", mean = 0, sd = 0.01, min = 1 }");
  const InputError error = error_of(text);
  check_at(error, text, 9, "1 }");
  CHECK_THAT(what(error), Contains("capex_growth.min leaves no probability"));
}

TEST_CASE("a factory's own rejection still becomes an InputError at the table",
          "[loader][errors]") {
  // Within 37 sd, but too narrow to hold a representable probability: only the factory sees it.
  const std::string text = with_capex(
      "capex_growth = { dist = \"normal\", mean = 0, sd = 1, min = 36.9, max = 36.900000000001 }");
  const InputError error = error_of(text);
  check_at(error, text, 9, "{");
  CHECK_THAT(what(error),
             Contains("company \"meta\": capex_growth: normal:") && Contains("for 2024"));
}

TEST_CASE("errors in [company.x] sub-tables point into the sub-table", "[loader][errors]") {
  const std::string text = with_lines(
      "[company.capex_growth]\n"
      "dist = \"normal\"\n"
      "mean = 0.3\n"
      "sd = -0.1");
  const InputError error = error_of(text);
  CHECK(error.line() == 12);
  CHECK(error.column() == 6);
  CHECK_THAT(what(error), Contains("capex_growth.sd must be >= 0"));
}

TEST_CASE("a missing or unreadable file is an InputError naming it", "[loader][errors]") {
  const std::string missing = "scenarios/no-such-scenario.toml";
  try {
    load_scenario(missing);
    FAIL("no error");
  } catch (const InputError& error) {
    CHECK(error.file() == missing);
    CHECK_THAT(what(error), StartsWith(missing + ": cannot open scenario file"));
  }
  const std::string folder = std::filesystem::temp_directory_path().string();
  try {
    load_scenario(folder);
    FAIL("no error");
  } catch (const InputError& error) {
    CHECK_THAT(what(error), StartsWith(folder + ": ") && Contains("directory"));
  }
}

TEST_CASE("errors in a loaded file name its path", "[loader][errors]") {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / "capexsim-test-loader-bad.toml";
  std::ofstream(path) << with_capex("capex_growth = { dist = \"normal\", mean = 0.3, sd = -0.1 }");
  try {
    load_scenario(path.string());
    FAIL("no error");
  } catch (const InputError& error) {
    CHECK(what(error) ==
          path.string() + ":9:52: company \"meta\": capex_growth.sd must be >= 0, got -0.1");
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace capexsim::test
