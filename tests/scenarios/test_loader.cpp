// Valid scenario text loads into exactly the values written, with the documented defaults.
#include <cmath>
#include <filesystem>
#include <fstream>

#include "scenario_fixture.h"

namespace capexsim::test {
namespace {

const ParamSpec& capex(const Scenario& s) { return s.companies.at(0).param(Param::capex_growth); }

//! The scenario with `line` as its capex_growth line.
Scenario with_capex(std::string_view line) { return parse_scenario(with_lines(line), "x.toml"); }

TEST_CASE("InputError::what() is file:line:column: message", "[loader]") {
  CHECK(std::string(InputError("a.toml", 3, 7, "bad").what()) == "a.toml:3:7: bad");
  CHECK(std::string(InputError("a.toml", 3, 0, "bad").what()) == "a.toml:3: bad");
  CHECK(std::string(InputError("a.toml", 0, 0, "bad").what()) == "a.toml: bad");
  const InputError bare("just this");
  CHECK(std::string(bare.what()) == "just this");
  CHECK(bare.file().empty());
  CHECK(bare.line() == 0);
  CHECK(InputError("a.toml", 3, 7, "bad").message() == "bad");
}

TEST_CASE("a minimal scenario loads with the exact values and defaults", "[loader]") {
  const std::string text = with_lines(kCapex);
  const Scenario s = parse_scenario(text, "dir/x.toml");
  CHECK(s.name == "t");
  CHECK(s.base_year == 2023);
  CHECK(s.years == std::vector<int>{2024, 2025, 2026});
  CHECK(s.year_count() == 3);
  CHECK(s.unit.empty());
  CHECK_FALSE(s.paths.has_value());
  CHECK_FALSE(s.seed.has_value());
  CHECK(s.source_path == "dir/x.toml");
  CHECK(s.source_text == text);
  REQUIRE(s.company_count() == 1);

  const Company& meta = s.companies[0];
  CHECK(meta.name == "meta");
  // Integers are accepted where floats are expected.
  CHECK(meta.base.ocf == 100.0);
  CHECK(meta.base.buybacks == 20.0);
  CHECK(meta.base.dividends == 5.0);
  CHECK(meta.base.capex == 40.0);
  for (const ParamSpec& spec : meta.params) REQUIRE(spec.by_year.size() == 3);
  for (int y = 0; y < 3; ++y) {
    const Distribution& ocf = meta.param(Param::ocf_growth).by_year[y];
    CHECK(ocf.is_fixed());
    CHECK(ocf.mean() == 0.15);
    CHECK(capex(s).by_year[y].mean() == 0.3);
    // Absent payout ratios are fixed at exactly the base-year ratios.
    const Distribution& buybacks = meta.param(Param::buyback_ratio).by_year[y];
    const Distribution& dividends = meta.param(Param::dividend_ratio).by_year[y];
    CHECK(buybacks.is_fixed());
    CHECK(buybacks.mean() == 20.0 / 100.0);
    CHECK(dividends.is_fixed());
    CHECK(dividends.mean() == 5.0 / 100.0);
  }
}

TEST_CASE("optional [simulation] keys are read", "[loader]") {
  std::string text = with_lines(kCapex);
  text.insert(text.find("years"), "unit = \"USD 100 million\"\npaths = 1\nseed = 0\n");
  const Scenario s = parse_scenario(text, "x.toml");
  CHECK(s.unit == "USD 100 million");
  REQUIRE(s.paths.has_value());
  CHECK(*s.paths == 1);
  REQUIRE(s.seed.has_value());
  CHECK(*s.seed == 0);
}

TEST_CASE("a one-year horizon is a horizon", "[loader]") {
  std::string text = with_lines("capex_growth = { dist = \"fixed\", value = [0.5] }");
  text.replace(text.find("[2024, 2025, 2026]"), 18, "[2024]");
  const Scenario s = parse_scenario(text, "x.toml");
  CHECK(s.years == std::vector<int>{2024});
  REQUIRE(capex(s).by_year.size() == 1);
  CHECK(capex(s).by_year[0].mean() == 0.5);
}

TEST_CASE("per-year arrays give one distribution per year and scalars repeat", "[loader]") {
  const Scenario fixed = with_capex("capex_growth = { dist = \"fixed\", value = [0.5, 0.3, 0.2] }");
  CHECK(capex(fixed).by_year[0].mean() == 0.5);
  CHECK(capex(fixed).by_year[1].mean() == 0.3);
  CHECK(capex(fixed).by_year[2].mean() == 0.2);

  const Scenario normal =
      with_capex("capex_growth = { dist = \"normal\", mean = [0.5, 0.3, 0.1], sd = 0.2 }");
  const double means[] = {0.5, 0.3, 0.1};
  for (int y = 0; y < 3; ++y) {
    const Distribution& d = capex(normal).by_year[y];
    CHECK(d.kind() == DistKind::normal);
    CHECK(d.mean() == Approx(means[y]).margin(1e-15));
    CHECK(d.variance() == Approx(0.04));
  }
}

TEST_CASE("every distribution kind is built with its parameters and defaults", "[loader]") {
  SECTION("normal, untruncated and truncated") {
    const Distribution plain =
        capex(with_capex("capex_growth = { dist = \"normal\", mean = 0.3, sd = 0.1 }")).by_year[0];
    CHECK(plain.kind() == DistKind::normal);
    CHECK(plain.mean() == Approx(0.3));
    CHECK(plain.variance() == Approx(0.01));
    CHECK(std::isinf(plain.support_min()));
    const Distribution cut = capex(with_capex("capex_growth = { dist = \"normal\", mean = 0.3, "
                                              "sd = 0.1, min = 0.25, max = 0.9 }"))
                                 .by_year[2];
    CHECK(cut.support_min() == 0.25);
    CHECK(cut.support_max() == 0.9);
    CHECK(cut.mean() > 0.3);
  }
  SECTION("uniform") {
    const Distribution d =
        capex(with_capex("capex_growth = { dist = \"uniform\", min = 0, max = 1 }")).by_year[1];
    CHECK(d.kind() == DistKind::uniform);
    CHECK(d.support_min() == 0.0);
    CHECK(d.support_max() == 1.0);
    CHECK(d.mean() == Approx(0.5));
  }
  SECTION("triangular") {
    const Distribution d = capex(with_capex("capex_growth = { dist = \"triangular\", min = 0.1, "
                                            "mode = 0.2, max = 0.6 }"))
                               .by_year[0];
    CHECK(d.kind() == DistKind::triangular);
    CHECK(d.support_min() == 0.1);
    CHECK(d.support_max() == 0.6);
    CHECK(d.mean() == Approx(0.9 / 3));
  }
  SECTION("lognormal, with the default shift 0 and with a shift") {
    const Distribution plain =
        capex(with_capex("capex_growth = { dist = \"lognormal\", mean = 0.3, sd = 0.1 }"))
            .by_year[0];
    CHECK(plain.kind() == DistKind::lognormal);
    CHECK(plain.support_min() == 0.0);
    CHECK(plain.mean() == Approx(0.3));
    const Distribution shifted = capex(with_capex("capex_growth = { dist = \"lognormal\", "
                                                  "mean = 0.15, sd = 0.3, shift = -1 }"))
                                     .by_year[0];
    CHECK(shifted.support_min() == -1.0);
    CHECK(shifted.mean() == Approx(0.15));
    CHECK(shifted.variance() == Approx(0.09));
  }
  SECTION("pert, with the default lambda 4 and with a lambda") {
    const Distribution classic = capex(with_capex("capex_growth = { dist = \"pert\", min = 0, "
                                                  "mode = 0.3, max = 1.2 }"))
                                     .by_year[0];
    CHECK(classic.kind() == DistKind::pert);
    CHECK(classic.mean() == Approx((0 + 4 * 0.3 + 1.2) / 6));
    const Distribution flat = capex(with_capex("capex_growth = { dist = \"pert\", min = 0, "
                                               "mode = 0.3, max = 1.2, lambda = 2 }"))
                                  .by_year[0];
    CHECK(flat.mean() == Approx((0 + 2 * 0.3 + 1.2) / 4));
  }
  SECTION("beta, on [0, 1] by default and on [min, max]") {
    const Distribution unit =
        capex(with_capex("capex_growth = { dist = \"beta\", alpha = 2, beta = 6 }")).by_year[0];
    CHECK(unit.kind() == DistKind::beta);
    CHECK(unit.support_min() == 0.0);
    CHECK(unit.support_max() == 1.0);
    CHECK(unit.mean() == Approx(0.25));
    const Distribution scaled = capex(with_capex("capex_growth = { dist = \"beta\", alpha = 2, "
                                                 "beta = 6, min = 0.2, max = 0.6 }"))
                                    .by_year[0];
    CHECK(scaled.support_min() == 0.2);
    CHECK(scaled.support_max() == 0.6);
    CHECK(scaled.mean() == Approx(0.3));
  }
  SECTION("student_t") {
    const Distribution d = capex(with_capex("capex_growth = { dist = \"student_t\", "
                                            "location = 0.3, scale = 0.1, df = 5 }"))
                               .by_year[0];
    CHECK(d.kind() == DistKind::student_t);
    CHECK(d.mean() == Approx(0.3));
    CHECK(d.variance() == Approx(0.01 * 5 / 3));
  }
  SECTION("empirical, one list for every year or one per year") {
    const Scenario shared =
        with_capex("capex_growth = { dist = \"empirical\", values = [0.1, 0.2, 0.6] }");
    for (const Distribution& d : capex(shared).by_year) {
      CHECK(d.kind() == DistKind::empirical);
      CHECK(d.support_min() == 0.1);
      CHECK(d.support_max() == 0.6);
      CHECK(d.mean() == Approx(0.3));
    }
    const Scenario per_year = with_capex(
        "capex_growth = { dist = \"empirical\", values = [[0.5], [0.2, 0.4], [1, 2, 3]] }");
    CHECK(capex(per_year).by_year[0].mean() == 0.5);
    CHECK(capex(per_year).by_year[1].mean() == Approx(0.3));
    CHECK(capex(per_year).by_year[2].mean() == Approx(2.0));
  }
}

TEST_CASE("explicit payout ratios replace the base-year defaults", "[loader]") {
  const Scenario s = parse_scenario(
      with_lines(std::string(kCapex) +
                 "\nbuyback_ratio = { dist = \"uniform\", min = 0.1, max = 0.3 }"
                 "\ndividend_ratio = { dist = \"fixed\", value = [0.01, 0.02, 0.03] }"),
      "x.toml");
  const Company& c = s.companies[0];
  CHECK(c.param(Param::buyback_ratio).by_year[0].kind() == DistKind::uniform);
  CHECK(c.param(Param::buyback_ratio).by_year[2].support_max() == 0.3);
  CHECK(c.param(Param::dividend_ratio).by_year[2].mean() == 0.03);
}

TEST_CASE("distributions may be written as [company.x] sub-tables", "[loader]") {
  const Scenario s = parse_scenario(with_lines("[company.capex_growth]\n"
                                               "dist = \"uniform\"\n"
                                               "min = [0, 0, 0.5]\n"
                                               "max = 1"),
                                    "x.toml");
  CHECK(capex(s).by_year[2].support_min() == 0.5);
  CHECK(capex(s).by_year[2].support_max() == 1.0);
}

TEST_CASE("companies keep their file order", "[loader]") {
  std::string text = with_lines(kCapex) + std::string(kCompanyHead) + std::string(kCapex);
  text.replace(text.rfind("\"meta\""), 6, "\"amazon\"");
  const Scenario s = parse_scenario(text, "x.toml");
  REQUIRE(s.company_count() == 2);
  CHECK(s.companies[0].name == "meta");
  CHECK(s.companies[1].name == "amazon");
}

TEST_CASE("load_scenario reads the file and keeps its text and path", "[loader]") {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / "capexsim-test-loader-good.toml";
  const std::string text = with_lines(kCapex);
  std::ofstream(path) << text;
  const Scenario s = load_scenario(path.string());
  CHECK(s.source_path == path.string());
  CHECK(s.source_text == text);
  CHECK(s.companies.at(0).name == "meta");
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace capexsim::test
