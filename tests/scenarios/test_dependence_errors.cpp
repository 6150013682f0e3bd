// Every invalid [[correlation]] table or persistence key is an InputError at the offending
// node (file, line, column) whose message names the key and the problem.
#include "dependence_fixture.h"
#include "scenario_fixture.h"

namespace capexsim::test {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

//! The three companies with `lines` from line 21; the error at `line`, where `token` starts.
void check_error(std::string_view lines, int line, std::string_view token,
                 const std::string& message) {
  const std::string text = three_companies(lines);
  INFO(text);
  const InputError error = error_of(text);
  check_at(error, text, line, token);
  CHECK_THAT(error.message(), Contains(message));
}

TEST_CASE("correlation names: unknown, malformed, fixed or repeated", "[dependence][errors]") {
  const std::string head = "[[correlation]]\nbetween = [\"meta.ocf_growth\", ";
  SECTION("unknown company") {
    check_error(head + "\"metaa.capex_growth\"]\nrho = 0.5", 22, "\"metaa",
                "correlation.between: unknown company \"metaa\" in \"metaa.capex_growth\" "
                "(companies: meta, amazon, alphabet; or * for every company)");
  }
  SECTION("unknown parameter") {
    check_error(head + "\"meta.capex\"]\nrho = 0.5", 22, "\"meta.capex\"",
                "correlation.between: unknown parameter \"capex\" in \"meta.capex\" (one of: "
                "ocf_growth, capex_growth, buyback_ratio, dividend_ratio, cash_yield, debt_rate, "
                "other_flows)");
  }
  SECTION("no parameter") {
    check_error(head + "\"amazon\"]\nrho = 0.5", 22, "\"amazon\"",
                "correlation.between: \"amazon\" is not a <company>.<parameter> name such as "
                "\"meta.capex_growth\"");
  }
  SECTION("a fixed parameter named explicitly") {
    check_error(head + "\"amazon.capex_growth\"]\nrho = 0.5", 22, "\"amazon.capex",
                "correlation.between: \"amazon.capex_growth\" is fixed: a correlation needs a "
                "drawn parameter");
    // meta's buyback ratio is fixed by default (absent from the file).
    check_error(head + "\"meta.buyback_ratio\"]\nrho = 0.5", 22, "\"meta.buyback",
                "\"meta.buyback_ratio\" is fixed: a correlation needs a drawn parameter");
  }
  SECTION("a wildcard that matches nothing") {
    check_error(head + "\"*.dividend_ratio\"]\nrho = 0.5", 22, "\"*.div",
                "correlation.between: \"*.dividend_ratio\" matches no drawn parameter: every "
                "company's dividend_ratio is fixed");
  }
  SECTION("listed twice") {
    check_error(
        "[[correlation]]\nbetween = [\n\"meta.ocf_growth\",\n\"meta.ocf_growth\"]\n"
        "rho = 0.5",
        24, "\"meta", "correlation.between: \"meta.ocf_growth\" is listed twice");
  }
  SECTION("listed twice through a wildcard") {
    check_error(head + "\"*.ocf_growth\"]\nrho = 0.5", 22, "\"*.ocf",
                "correlation.between: \"meta.ocf_growth\" is listed twice (as "
                "\"meta.ocf_growth\" and as \"*.ocf_growth\")");
  }
  SECTION("fewer than two") {
    check_error("[[correlation]]\nbetween = [\"meta.ocf_growth\"]\nrho = 0.5", 22, "[",
                "correlation.between must name at least two drawn parameters, got 1");
    check_error("[[correlation]]\nbetween = []\nrho = 0.5", 22, "[",
                "correlation.between must name at least two drawn parameters, got 0");
  }
  SECTION("wrong types") {
    check_error("[[correlation]]\nbetween = \"*.ocf_growth\"\nrho = 0.5", 22, "\"*",
                "correlation.between must be an array, not a string");
    check_error("[[correlation]]\nbetween = [\"meta.ocf_growth\", 3]\nrho = 0.5", 22, "3",
                "correlation.between must be a string, not an integer");
  }
}

TEST_CASE("correlation tables: keys, rho, kind and repair", "[dependence][errors]") {
  const std::string head = "[[correlation]]\nbetween = [\"*.ocf_growth\"]\n";
  SECTION("unknown key") {
    check_error(head + "rho = 0.5\nrhoo = 0.5", 24, "rhoo",
                "unknown key \"rhoo\" in correlation (allowed: between, rho, matrix, kind, "
                "repair)");
  }
  SECTION("missing between") {
    check_error("[[correlation]]\nrho = 0.5", 21, "[[", "missing required key correlation.between");
  }
  SECTION("neither rho nor matrix") {
    check_error(head + "kind = \"pearson\"", 21, "[[",
                "missing correlation.rho or correlation.matrix: give rho = R for every pair, or "
                "matrix = [[1, R], [R, 1]]");
  }
  SECTION("both rho and matrix: at the second") {
    check_error(head + "matrix = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]\nrho = 0.5", 24, "0.5",
                "give either correlation.rho (every pair) or correlation.matrix, not both");
  }
  SECTION("rho outside [-1, 1]") {
    check_error(head + "rho = 1.5", 23, "1.5", "correlation.rho must be within [-1, 1], got 1.5");
    check_error(head + "rho = -1.01", 23, "-1.01",
                "correlation.rho must be within [-1, 1], got -1.01");
  }
  SECTION("rho of the wrong type") {
    check_error(head + "rho = \"0.5\"", 23, "\"0.5\"",
                "correlation.rho must be a number, not a string");
  }
  SECTION("unknown kind") {
    check_error(head + "rho = 0.5\nkind = \"kendall\"", 24, "\"kendall\"",
                "correlation.kind \"kendall\" is not a kind of correlation (one of: pearson, "
                "spearman)");
  }
  SECTION("unknown repair") {
    check_error(head + "rho = 0.5\nrepair = \"closest\"", 24, "\"closest\"",
                "correlation.repair \"closest\" is not a repair (the only one: nearest)");
  }
  SECTION("correlation is not an array of tables") {
    // A top-level key goes before the first table.
    const std::string scalar = "correlation = 0.5\n" + three_companies("");
    check_at(error_of(scalar), scalar, 1, "0.5");
    CHECK_THAT(error_of(scalar).message(),
               Equals("correlation must be an array of tables: write each one as "
                      "[[correlation]]"));
    const std::string empty = "correlation = []\n" + three_companies("");
    check_at(error_of(empty), empty, 1, "[");
    CHECK_THAT(error_of(empty).message(),
               Equals("correlation must list at least one table (or be left out)"));
  }
}

TEST_CASE("correlation matrices: size, range, diagonal, symmetry", "[dependence][errors]") {
  const std::string head = "[[correlation]]\nbetween = [\"*.ocf_growth\"]\n";
  SECTION("rows") {
    check_error(head + "matrix = [[1, 0], [0, 1]]", 23, "[[",
                "correlation.matrix has 2 rows but between names 3 parameters");
  }
  SECTION("row length") {
    check_error(head + "matrix = [[1, 0, 0], [0, 1], [0, 0, 1]]", 23, "[0, 1]",
                "correlation.matrix row 2 has 2 entries but between names 3 parameters");
  }
  SECTION("entry outside [-1, 1]") {
    check_error(head + "matrix = [[1, 0, 1.2], [0, 1, 0], [1.2, 0, 1]]", 23, "1.2",
                "correlation.matrix row 1, column 3 must be within [-1, 1], got 1.2");
  }
  SECTION("diagonal") {
    check_error(head + "matrix = [[1, 0, 0], [0, 0.9, 0], [0, 0, 1]]", 23, "0.9",
                "correlation.matrix row 2, column 2 is on the diagonal and must be 1, got 0.9");
  }
  SECTION("symmetry: at the entry below the diagonal") {
    check_error(head + "matrix = [[1, 0.4, 0], [0.3, 1, 0], [0, 0, 1]]", 23, "0.3",
                "correlation.matrix is not symmetric: row 2, column 1 is 0.3 but row 1, column "
                "2 is 0.4");
  }
  SECTION("types") {
    check_error(head + "matrix = [1, 0, 0]", 23, "1",
                "correlation.matrix must be an array, not an integer");
    check_error(head + "matrix = [[1, 0, 0], [0, 1, \"0\"], [0, 0, 1]]", 23, "\"0\"",
                "correlation.matrix must be a number, not a string");
  }
}

TEST_CASE("a pair set to two different values names both lines", "[dependence][errors]") {
  check_error(
      "[[correlation]]\n"
      "between = [\"*.ocf_growth\"]\n"
      "rho = 0.5\n"
      "[[correlation]]\n"
      "between = [\"alphabet.ocf_growth\", \"amazon.ocf_growth\"]\n"
      "rho = 0.4\n",
      26, "0.4",
      "the correlation of amazon.ocf_growth and alphabet.ocf_growth is 0.4 here but 0.5 "
      "at line 23");
  check_error(
      "[[correlation]]\n"
      "between = [\"*.ocf_growth\"]\n"
      "rho = 0.5\n"
      "[[correlation]]\n"
      "between = [\"meta.ocf_growth\", \"amazon.ocf_growth\"]\n"
      "rho = 0.5\n"
      "kind = \"spearman\"\n",
      26, "0.5",
      "the correlation of meta.ocf_growth and amazon.ocf_growth is 0.517638090205041"
      "5 here but 0.5 at line 23 (normal-score values)");
}

TEST_CASE("a matrix that is not positive semi-definite: its smallest eigenvalue and the fix",
          "[dependence][errors]") {
  // Eigenvalues 1 - 0.9 * 2 = -0.8, 1.9, 1.9.
  const std::string text = three_companies(
      "[[correlation]]\n"
      "between = [\"meta.ocf_growth\", \"amazon.ocf_growth\"]\n"
      "rho = 0.9\n"
      "[[correlation]]\n"
      "between = [\"amazon.ocf_growth\", \"alphabet.ocf_growth\"]\n"
      "rho = 0.9\n"
      "[[correlation]]\n"
      "between = [\"meta.ocf_growth\", \"alphabet.ocf_growth\"]\n"
      "rho = -0.9\n");
  const InputError error = error_of(text);
  check_at(error, text, 21, "[[");
  CHECK_THAT(error.message(),
             Equals("correlation matrix is not positive semi-definite (smallest eigenvalue "
                    "-0.8): lower some correlations, or add repair = \"nearest\" to a "
                    "[[correlation]] table"));

  // A frustrated triangle (a, a, -a) has eigenvalues 1 - 2a, 1 + a, 1 + a: six digits shown.
  const InputError six =
      error_of(three_companies("[[correlation]]\n"
                               "between = [\"*.ocf_growth\"]\n"
                               "matrix = [[1, 0.6123456, -0.6123456],"
                               " [0.6123456, 1, 0.6123456],"
                               " [-0.6123456, 0.6123456, 1]]\n"));
  CHECK_THAT(six.message(), Contains("(smallest eigenvalue -0.224691):"));
}

TEST_CASE("persistence: a number in [-1, 1] on a drawn parameter", "[dependence][errors]") {
  SECTION("out of range") {
    const std::string text =
        with_lines("capex_growth = { dist = \"normal\", mean = 0.3, sd = 0.1, persistence = 1.5 }");
    const InputError error = error_of(text);
    check_at(error, text, 9, "1.5");
    CHECK_THAT(error.message(),
               Equals("company \"meta\": capex_growth.persistence must be within [-1, 1], got "
                      "1.5"));
  }
  SECTION("on a fixed parameter") {
    const std::string text = with_lines(
        "capex_growth = { dist = \"fixed\", value = [0.3, 0.2, 0.1], persistence = "
        "0.5 }");
    const InputError error = error_of(text);
    check_at(error, text, 9, "0.5 }");
    CHECK_THAT(error.message(),
               Equals("company \"meta\": capex_growth.persistence needs a drawn parameter, but "
                      "capex_growth is fixed in every year"));
  }
  SECTION("in a sub-table") {
    const std::string text = with_lines(
        "[company.capex_growth]\ndist = \"uniform\"\nmin = 0\nmax = 1\npersistence = -2");
    const InputError error = error_of(text);
    check_at(error, text, 13, "-2");
    CHECK_THAT(error.message(),
               Contains("capex_growth.persistence must be within [-1, 1], got -2"));
  }
  SECTION("not a number") {
    const std::string text = with_lines(
        "capex_growth = { dist = \"uniform\", min = 0, max = 1, persistence = [0.1, 0.2, 0.3] }");
    const InputError error = error_of(text);
    check_at(error, text, 9, "[0.1");
    CHECK_THAT(error.message(),
               Contains("capex_growth.persistence must be a number, not an array"));
  }
  SECTION("listed among the allowed keys") {
    const std::string text =
        with_lines("capex_growth = { dist = \"uniform\", min = 0, max = 1, persistance = 0.5 }");
    CHECK_THAT(error_of(text).message(),
               Contains("unknown key \"persistance\" in capex_growth (allowed: dist, min, max, "
                        "persistence)"));
  }
}

}  // namespace
}  // namespace capexsim::test
