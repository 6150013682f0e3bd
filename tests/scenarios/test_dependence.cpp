// [[correlation]] tables and persistence keys read into Scenario::dependence: naming and
// wildcards, rho and matrix blocks, overlap, the Spearman conversion, repair and persistence.
#include <cmath>
#include <initializer_list>
#include <numbers>
#include <string>
#include <tuple>

#include "dependence_fixture.h"
#include "models/correlation_repair.h"
#include "scenario_fixture.h"

namespace capexsim::test {
namespace {

Scenario parse(const std::string& text) { return parse_scenario(text, "x.toml"); }

//! The identity but for the listed pairs.
Eigen::MatrixXd with_pairs(std::initializer_list<std::tuple<int, int, double>> pairs) {
  Eigen::MatrixXd m = Eigen::MatrixXd::Identity(6, 6);
  for (auto [a, b, rho] : pairs) m(a, b) = m(b, a) = rho;
  return m;
}

void check_unrepaired(const Dependence& d, const Eigen::MatrixXd& expected) {
  CHECK(d.correlation == expected);
  CHECK(d.declared == expected);
  CHECK_FALSE(d.repaired);
  CHECK(d.repair_distance == 0);
}

TEST_CASE("Without [[correlation]] the dependence is the identity over the drawn parameters",
          "[dependence]") {
  const Dependence d = parse(three_companies("")).dependence;
  REQUIRE(d.variables.size() == 6);
  const char* names[] = {"meta.ocf_growth",      "meta.capex_growth",   "amazon.ocf_growth",
                         "amazon.buyback_ratio", "alphabet.ocf_growth", "alphabet.capex_growth"};
  const int companies[] = {0, 0, 1, 1, 2, 2};
  const Param params[] = {Param::ocf_growth,    Param::capex_growth, Param::ocf_growth,
                          Param::buyback_ratio, Param::ocf_growth,   Param::capex_growth};
  for (int k = 0; k < 6; ++k) {
    CHECK(d.variables[k].name == names[k]);
    CHECK(d.variables[k].company == companies[k]);
    CHECK(d.variables[k].param == static_cast<int>(params[k]));
  }
  check_unrepaired(d, Eigen::MatrixXd::Identity(6, 6));
  CHECK(d.persistence == std::vector<double>(6, 0.0));
  CHECK_FALSE(d.active());

  // A scenario with nothing drawn: no variables, empty matrices.
  const Dependence none = parse(with_lines(kCapex)).dependence;
  CHECK(none.variables.empty());
  CHECK(none.correlation.size() == 0);
  CHECK(none.declared.size() == 0);
  CHECK(none.persistence.empty());
}

TEST_CASE("rho sets every pair of the named parameters", "[dependence]") {
  const Dependence d =
      parse(three_companies("[[correlation]]\n"
                            "between = [\"meta.ocf_growth\", \"amazon.ocf_growth\","
                            " \"alphabet.capex_growth\"]\n"
                            "rho = 0.25\n"))
          .dependence;
  check_unrepaired(d, with_pairs({{meta_ocf, amazon_ocf, 0.25},
                                  {meta_ocf, alphabet_capex, 0.25},
                                  {amazon_ocf, alphabet_capex, 0.25}}));
  CHECK(d.active());
}

TEST_CASE("A wildcard stands for every company whose parameter is drawn", "[dependence]") {
  SECTION("fixed ones are skipped") {
    // amazon.capex_growth is fixed: *.capex_growth is meta's and alphabet's.
    const Dependence d =
        parse(three_companies("[[correlation]]\nbetween = [\"*.capex_growth\"]\nrho = 0.6\n"))
            .dependence;
    check_unrepaired(d, with_pairs({{meta_capex, alphabet_capex, 0.6}}));
  }
  SECTION("in company order, so a matrix follows it") {
    const Dependence d = parse(three_companies("[[correlation]]\n"
                                               "between = [\"*.ocf_growth\"]\n"
                                               "matrix = [[1, 0.1, 0.2], [0.1, 1, 0.3],"
                                               " [0.2, 0.3, 1]]\n"))
                             .dependence;
    check_unrepaired(d, with_pairs({{meta_ocf, amazon_ocf, 0.1},
                                    {meta_ocf, alphabet_ocf, 0.2},
                                    {amazon_ocf, alphabet_ocf, 0.3}}));
  }
  SECTION("mixed with names") {
    const Dependence d = parse(three_companies("[[correlation]]\n"
                                               "between = [\"amazon.buyback_ratio\", "
                                               "\"*.capex_growth\"]\n"
                                               "rho = -0.2\n"))
                             .dependence;
    check_unrepaired(d, with_pairs({{amazon_buyback, meta_capex, -0.2},
                                    {amazon_buyback, alphabet_capex, -0.2},
                                    {meta_capex, alphabet_capex, -0.2}}));
  }
}

TEST_CASE("A matrix sets the pairs of its rows and columns", "[dependence]") {
  const Dependence d = parse(three_companies("[[correlation]]\n"
                                             "between = [\"alphabet.capex_growth\", "
                                             "\"meta.ocf_growth\"]\n"
                                             "matrix = [[1.0, -0.4], [-0.4, 1.0]]\n"))
                           .dependence;
  check_unrepaired(d, with_pairs({{meta_ocf, alphabet_capex, -0.4}}));
}

TEST_CASE("Tables may overlap, and agree where they set the same pair", "[dependence]") {
  const Dependence d = parse(three_companies("[[correlation]]\n"
                                             "between = [\"*.ocf_growth\"]\n"
                                             "rho = 0.5\n"
                                             "[[correlation]]\n"
                                             "between = [\"meta.ocf_growth\", "
                                             "\"meta.capex_growth\"]\n"
                                             "rho = -0.3\n"
                                             "[[correlation]]\n"
                                             "between = [\"alphabet.ocf_growth\", "
                                             "\"meta.ocf_growth\"]\n"
                                             "matrix = [[1, 0.5], [0.5, 1]]\n"))
                           .dependence;
  check_unrepaired(d, with_pairs({{meta_ocf, amazon_ocf, 0.5},
                                  {meta_ocf, alphabet_ocf, 0.5},
                                  {amazon_ocf, alphabet_ocf, 0.5},
                                  {meta_ocf, meta_capex, -0.3}}));
}

TEST_CASE("kind = \"spearman\" converts rank correlations by 2 sin(pi r / 6)", "[dependence]") {
  const auto converted = [](double r) { return 2 * std::sin(std::numbers::pi * r / 6); };
  // 2 sin(pi / 12) = (sqrt(6) - sqrt(2)) / 2.
  CHECK(converted(0.5) == Approx((std::sqrt(6.0) - std::sqrt(2.0)) / 2).epsilon(1e-15));
  const Dependence d = parse(three_companies("[[correlation]]\n"
                                             "between = [\"*.capex_growth\"]\n"
                                             "rho = 0.5\n"
                                             "kind = \"spearman\"\n"
                                             "[[correlation]]\n"
                                             "between = [\"meta.ocf_growth\", "
                                             "\"amazon.ocf_growth\"]\n"
                                             "matrix = [[1, -0.7], [-0.7, 1]]\n"
                                             "kind = \"spearman\"\n"
                                             "[[correlation]]\n"
                                             "between = [\"amazon.buyback_ratio\", "
                                             "\"alphabet.ocf_growth\"]\n"
                                             "rho = 0.5\n"
                                             "kind = \"pearson\"\n"))
                           .dependence;
  check_unrepaired(d, with_pairs({{meta_capex, alphabet_capex, converted(0.5)},
                                  {meta_ocf, amazon_ocf, converted(-0.7)},
                                  {amazon_buyback, alphabet_ocf, 0.5}}));
}

TEST_CASE("persistence is read from the distribution table, inline or as a sub-table",
          "[dependence]") {
  const std::string text =
      "[simulation]\nname = \"t\"\nbase_year = 2023\nyears = [2024, 2025, 2026]\n"
      "[[company]]\n"
      "name = \"meta\"\n"
      "base = { ocf = 100, buybacks = 20, dividends = 5, capex = 40 }\n"
      "ocf_growth = { dist = \"normal\", mean = 0.15, sd = 0.1, persistence = 0.5 }\n"
      "buyback_ratio = { dist = \"empirical\", values = [0.1, 0.2], persistence = -1 }\n"
      "[company.capex_growth]\n"
      "dist = \"pert\"\n"
      "min = [0.2, -0.1, -0.3]\n"
      "mode = [0.4, 0.3, 0.3]\n"
      "max = [0.6, 0.7, 0.9]\n"
      "persistence = 1.0\n"
      "[[company]]\n"
      "name = \"amazon\"\n"
      "base = { ocf = 80, buybacks = 0, dividends = 0, capex = 50 }\n"
      "ocf_growth = { dist = \"lognormal\", mean = 0.15, sd = 0.3, shift = -1 }\n"
      "capex_growth = { dist = \"fixed\", value = [0.3, 0.2, 0.1] }\n";
  const Dependence d = parse(text).dependence;
  REQUIRE(d.variables.size() == 4);
  CHECK(d.variables[0].name == "meta.ocf_growth");
  CHECK(d.variables[1].name == "meta.capex_growth");
  CHECK(d.variables[2].name == "meta.buyback_ratio");
  CHECK(d.variables[3].name == "amazon.ocf_growth");
  CHECK(d.persistence == std::vector<double>{0.5, 1.0, -1.0, 0.0});
  check_unrepaired(d, Eigen::MatrixXd::Identity(4, 4));
  CHECK(d.active());
}

TEST_CASE("repair = \"nearest\" replaces a matrix that is not positive semi-definite",
          "[dependence]") {
  // Two strong positive links and a strong negative one: eigenvalues -0.8, 1.9, 1.9.
  const std::string blocks =
      "[[correlation]]\n"
      "between = [\"meta.ocf_growth\", \"meta.capex_growth\", \"alphabet.capex_growth\"]\n"
      "matrix = [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]\n";
  const Eigen::MatrixXd declared = with_pairs({{meta_ocf, meta_capex, 0.9},
                                               {meta_capex, alphabet_capex, 0.9},
                                               {meta_ocf, alphabet_capex, -0.9}});
  SECTION("in the table with the bad pairs") {
    const Dependence d = parse(three_companies(blocks + "repair = \"nearest\"\n")).dependence;
    CHECK(d.declared == declared);
    CHECK(d.repaired);
    const Eigen::MatrixXd& c = d.correlation;
    CHECK(c == c.transpose());
    for (int k = 0; k < 6; ++k) CHECK(c(k, k) == 1.0);
    CHECK(smallest_eigenvalue(c) > 0);
    CHECK(Eigen::LLT<Eigen::MatrixXd>(c).info() == Eigen::Success);
    CHECK(d.repair_distance == (c - declared).norm());
    CHECK(d.repair_distance > 0.1);
    // The pairs not declared stay independent; the repair only moves the inconsistent three.
    CHECK(c(meta_ocf, amazon_ocf) == Approx(0).margin(1e-9));
    CHECK(c(amazon_buyback, alphabet_ocf) == Approx(0).margin(1e-9));
    // By symmetry of the triangle, the nearest matrix keeps the two equal links equal.
    CHECK(c(meta_ocf, meta_capex) == Approx(c(meta_capex, alphabet_capex)).margin(1e-9));
    CHECK(c(meta_ocf, meta_capex) < 0.9);
    CHECK(c(meta_ocf, alphabet_capex) > -0.9);
  }
  SECTION("or in any other table") {
    const Dependence d = parse(three_companies(blocks + "[[correlation]]\n"
                                                        "between = [\"*.ocf_growth\"]\n"
                                                        "rho = 0\n"
                                                        "repair = \"nearest\"\n"))
                             .dependence;
    CHECK(d.declared == declared);
    CHECK(d.repaired);
  }
  SECTION("and leaves a valid matrix alone") {
    const Dependence d = parse(three_companies("[[correlation]]\n"
                                               "between = [\"*.ocf_growth\"]\n"
                                               "rho = 0.3\n"
                                               "repair = \"nearest\"\n"))
                             .dependence;
    check_unrepaired(d, with_pairs({{meta_ocf, amazon_ocf, 0.3},
                                    {meta_ocf, alphabet_ocf, 0.3},
                                    {amazon_ocf, alphabet_ocf, 0.3}}));
  }
}

TEST_CASE("A singular but positive semi-definite matrix is kept as declared", "[dependence]") {
  // rho = 1: the two parameters move as one (the engine factorizes a singular matrix).
  const Dependence d =
      parse(three_companies("[[correlation]]\nbetween = [\"*.capex_growth\"]\nrho = 1\n"))
          .dependence;
  check_unrepaired(d, with_pairs({{meta_capex, alphabet_capex, 1.0}}));
  CHECK(smallest_eigenvalue(d.correlation) == Approx(0).margin(1e-12));
}

}  // namespace
}  // namespace capexsim::test
