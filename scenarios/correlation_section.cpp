// Spearman's r is converted to the normal-score (Gaussian copula) correlation by
// rho = 2 sin(pi r / 6), exact for the bivariate normal (K. Pearson 1907; W. H. Kruskal,
// "Ordinal measures of association", JASA 53 (1958) 814-861, section 9). Positive
// semi-definiteness is read from the smallest eigenvalue (Eigen's SelfAdjointEigenSolver); the
// repair is Higham's nearest correlation matrix (models/correlation_repair.h).
#include "scenarios/correlation_section.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <stdexcept>
#include <string>
#include <string_view>

#include "models/correlation_repair.h"
#include "scenarios/correlation_names.h"

namespace capexsim {
namespace {

constexpr std::string_view kSection = "correlation";
constexpr std::array<std::string_view, 5> kKeys = {"between", "rho", "matrix", "kind", "repair"};
//! Eigenvalues down to this count as zero: the matrix is positive semi-definite.
constexpr double kPsdTolerance = 1e-10;

//! One off-diagonal entry declared by a table, as a normal-score correlation, and where.
struct Pair {
  int a = 0, b = 0;  //!< indices into Dependence::variables
  double rho = 0;
  const toml::node* at = nullptr;
  bool spearman = false;
};

struct Block {
  std::vector<Pair> pairs;
  bool repair = false;
};

std::string path_of(std::string_view key) { return key_path(kSection, key); }

bool parse_spearman(const toml::table& table, const ErrorSite& site) {
  const toml::node* node = table.get("kind");
  if (node == nullptr) return false;
  const std::string kind = read_string(*node, path_of("kind"), site);
  if (kind != "pearson" && kind != "spearman")
    site.fail(*node, path_of("kind") + " \"" + kind +
                         "\" is not a kind of correlation (one of: " + "pearson, spearman)");
  return kind == "spearman";
}

bool parse_repair(const toml::table& table, const ErrorSite& site) {
  const toml::node* node = table.get("repair");
  if (node == nullptr) return false;
  const std::string repair = read_string(*node, path_of("repair"), site);
  if (repair != "nearest")
    site.fail(*node, path_of("repair") + " \"" + repair +
                         "\" is not a repair (the only one: " + "nearest)");
  return true;
}

double read_correlation(const toml::node& node, const std::string& label, const ErrorSite& site) {
  const double value = read_number(node, path_of("matrix"), site);
  if (value < -1 || value > 1)
    site.fail(node, label + " must be within [-1, 1], got " + format_number(value));
  return value;
}

double normal_score(double r, bool spearman) {
  return spearman ? 2 * std::sin(std::numbers::pi * r / 6) : r;
}

std::vector<Pair> pairs_from_rho(const toml::node& node, const std::vector<int>& vars,
                                 bool spearman, const ErrorSite& site) {
  const double r = read_number(node, path_of("rho"), site);
  if (r < -1 || r > 1)
    site.fail(node, path_of("rho") + " must be within [-1, 1], got " + format_number(r));
  std::vector<Pair> pairs;
  for (std::size_t i = 0; i < vars.size(); ++i)
    for (std::size_t j = i + 1; j < vars.size(); ++j)
      pairs.push_back({vars[i], vars[j], normal_score(r, spearman), &node, spearman});
  return pairs;
}

std::string entry_label(std::size_t row, std::size_t column) {
  return path_of("matrix") + " row " + std::to_string(row + 1) + ", column " +
         std::to_string(column + 1);
}

//! Square of the size `between` expands to, unit diagonal, symmetric, entries in [-1, 1].
std::vector<Pair> pairs_from_matrix(const toml::node& node, const std::vector<int>& vars,
                                    bool spearman, const ErrorSite& site) {
  const std::size_t n = vars.size();
  const std::string size = " but between names " + std::to_string(n) + " parameters";
  const toml::array& rows = read_array(node, path_of("matrix"), site);
  if (rows.size() != n)
    site.fail(node, path_of("matrix") + " has " + std::to_string(rows.size()) + " rows" + size);
  std::vector<std::vector<const toml::node*>> at(n);
  std::vector<std::vector<double>> value(n);
  for (std::size_t i = 0; i < n; ++i) {
    const toml::array& row = read_array(rows[i], path_of("matrix"), site);
    if (row.size() != n)
      site.fail(rows[i], path_of("matrix") + " row " + std::to_string(i + 1) + " has " +
                             std::to_string(row.size()) + " entries" + size);
    for (std::size_t j = 0; j < n; ++j) {
      const double v = read_correlation(row[j], entry_label(i, j), site);
      if (i == j && v != 1)
        site.fail(row[j],
                  entry_label(i, j) + " is on the diagonal and must be 1, got " + format_number(v));
      if (j < i && v != value[j][i])
        site.fail(row[j], path_of("matrix") + " is not symmetric: row " + std::to_string(i + 1) +
                              ", column " + std::to_string(j + 1) + " is " + format_number(v) +
                              " but row " + std::to_string(j + 1) + ", column " +
                              std::to_string(i + 1) + " is " + format_number(value[j][i]));
      at[i].push_back(&row[j]);
      value[i].push_back(v);
    }
  }
  std::vector<Pair> pairs;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j)
      pairs.push_back({vars[i], vars[j], normal_score(value[i][j], spearman), at[i][j], spearman});
  return pairs;
}

Block parse_block(const toml::table& table, const std::vector<Company>& companies,
                  const std::vector<Variable>& variables, const ErrorSite& site) {
  check_keys(table, kKeys, kSection, site);
  const toml::node& between = require_key(table, "between", kSection, site);
  const std::vector<int> vars = resolve_between(between, companies, variables, site);
  if (vars.size() < 2)
    site.fail(between, path_of("between") + " must name at least two drawn parameters, got " +
                           std::to_string(vars.size()));
  const bool spearman = parse_spearman(table, site);
  Block block;
  block.repair = parse_repair(table, site);
  const toml::node* rho = table.get("rho");
  const toml::node* matrix = table.get("matrix");
  if (rho != nullptr && matrix != nullptr)
    site.fail(
        rho->source().begin < matrix->source().begin ? *matrix : *rho,
        "give either " + path_of("rho") + " (every pair) or " + path_of("matrix") + ", not both");
  if (rho == nullptr && matrix == nullptr)
    site.fail(table, "missing " + path_of("rho") + " or " + path_of("matrix") +
                         ": give rho = R for every pair, or matrix = [[1, R], [R, 1]]");
  block.pairs = rho != nullptr ? pairs_from_rho(*rho, vars, spearman, site)
                               : pairs_from_matrix(*matrix, vars, spearman, site);
  return block;
}

[[noreturn]] void fail_conflict(const Pair& pair, const Pair& prior,
                                const std::vector<Variable>& variables, const ErrorSite& site) {
  const auto [low, high] = std::minmax(pair.a, pair.b);
  const std::string& first = variables[static_cast<std::size_t>(low)].name;
  const std::string& second = variables[static_cast<std::size_t>(high)].name;
  site.fail(*pair.at, "the correlation of " + first + " and " + second + " is " +
                          format_number(pair.rho) + " here but " + format_number(prior.rho) +
                          " at line " + std::to_string(prior.at->source().begin.line) +
                          (pair.spearman || prior.spearman ? " (normal-score values)" : ""));
}

//! Identity, with each declared pair set; a pair declared twice must agree.
Eigen::MatrixXd assemble(const std::vector<Block>& blocks, const std::vector<Variable>& variables,
                         const ErrorSite& site) {
  const std::size_t k = variables.size();
  Eigen::MatrixXd matrix =
      Eigen::MatrixXd::Identity(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(k));
  std::vector<const Pair*> set_by(k * k, nullptr);
  for (const Block& block : blocks) {
    for (const Pair& pair : block.pairs) {
      const auto [low, high] = std::minmax(pair.a, pair.b);
      const Pair*& prior =
          set_by[static_cast<std::size_t>(low) * k + static_cast<std::size_t>(high)];
      if (prior != nullptr && prior->rho != pair.rho) fail_conflict(pair, *prior, variables, site);
      prior = &pair;
      matrix(pair.a, pair.b) = matrix(pair.b, pair.a) = pair.rho;
    }
  }
  return matrix;
}

std::string six_digits(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

//! Accepts a positive semi-definite matrix as it is; otherwise repairs it when asked to.
void check_or_repair(const std::vector<Block>& blocks, const toml::array& tables,
                     Dependence& dependence, const ErrorSite& site) {
  const double lowest = smallest_eigenvalue(dependence.declared);
  if (lowest >= -kPsdTolerance) return;
  bool repair = false;
  for (const Block& block : blocks) repair = repair || block.repair;
  if (!repair)
    site.fail(tables[0], "correlation matrix is not positive semi-definite (smallest eigenvalue " +
                             six_digits(lowest) +
                             "): lower some correlations, or add repair = \"nearest\" to a "
                             "[[correlation]] table");
  const NearestCorrelation nearest = nearest_correlation(dependence.declared);
  if (!nearest.converged)
    site.fail(tables[0], "repair = \"nearest\" did not converge in " +
                             std::to_string(nearest.iterations) + " iterations");
  if (Eigen::LLT<Eigen::MatrixXd>(nearest.matrix).info() != Eigen::Success)
    throw std::logic_error(
        "nearest_correlation: result has no Cholesky factor (smallest "
        "eigenvalue " +
        six_digits(smallest_eigenvalue(nearest.matrix)) + ")");
  dependence.correlation = nearest.matrix;
  dependence.repaired = true;
  dependence.repair_distance = (nearest.matrix - dependence.declared).norm();
}

}  // namespace

void parse_correlations(const toml::node& node, const std::vector<Company>& companies,
                        Dependence& dependence, const ErrorSite& site) {
  const toml::array* tables = node.as_array();
  if (tables != nullptr && tables->empty())
    site.fail(node, "correlation must list at least one table (or be left out)");
  if (tables == nullptr || !tables->is_array_of_tables())
    site.fail(node, "correlation must be an array of tables: write each one as [[correlation]]");
  std::vector<Block> blocks;
  for (const toml::node& table : *tables)
    blocks.push_back(parse_block(*table.as_table(), companies, dependence.variables, site));
  dependence.declared = assemble(blocks, dependence.variables, site);
  dependence.correlation = dependence.declared;
  dependence.repaired = false;
  dependence.repair_distance = 0;
  check_or_repair(blocks, *tables, dependence, site);
}

}  // namespace capexsim
