#include "scenarios/loader.h"

#include <array>
#include <map>

#include "models/errors.h"
#include "scenarios/company_section.h"
#include "scenarios/correlation_section.h"
#include "scenarios/simulation_section.h"
#include "scenarios/text_file.h"
#include "scenarios/toml_fields.h"
#include "scenarios/toml_writer.h"

namespace capexsim {
namespace {

constexpr std::array<std::string_view, 3> kTopKeys = {"simulation", "company", "correlation"};

toml::table parse_toml(std::string_view text, const std::string& path) {
  try {
    return toml::parse(text, std::string_view(path));
  } catch (const toml::parse_error& error) {
    const toml::source_position at = error.source().begin;
    throw InputError(path, static_cast<int>(at.line), static_cast<int>(at.column),
                     "invalid TOML: " + std::string(error.description()));
  }
}

const toml::table& simulation_table(const toml::table& root, const ErrorSite& site) {
  const toml::node* node = root.get("simulation");
  if (node == nullptr) site.fail(root, "missing [simulation] table");
  if (!node->is_table()) site.fail(*node, "simulation must be a table: write [simulation]");
  return *node->as_table();
}

const toml::array& company_array(const toml::table& root, const ErrorSite& site) {
  const toml::node* node = root.get("company");
  if (node == nullptr) site.fail(root, "no companies: add at least one [[company]] table");
  const toml::array* array = node->as_array();
  if (array != nullptr && array->empty())
    site.fail(*node, "company must list at least one company");
  if (array == nullptr || !array->is_array_of_tables())
    site.fail(*node, "company must be an array of tables: write each one as [[company]]");
  if (array->size() > kMaxCompanies) {
    // Four variables a company: two K x K correlation matrices of doubles before any repair.
    const std::size_t k = 4 * array->size();
    site.fail(*node, std::to_string(array->size()) + " companies are more than the maximum " +
                         std::to_string(kMaxCompanies) + " (their correlation matrices alone " +
                         "would take " + std::to_string((2 * k * k * sizeof(double)) >> 20) +
                         " MiB; docs/resource-limits.md)");
  }
  return *array;
}

//! `financing` is given to every company or to none: the total's balance sums them all.
void check_financing_everywhere(const toml::array& array,
                                const std::vector<CompanySection>& companies,
                                const ErrorSite& site) {
  const bool first = companies.front().company.financing.has_value();
  for (std::size_t i = 1; i < companies.size(); ++i) {
    const Company& c = companies[i].company;
    if (c.financing.has_value() == first) continue;
    const Company& with = first ? companies.front().company : c;
    const Company& without = first ? c : companies.front().company;
    const toml::table& at = *array[first ? i : 0].as_table();
    site.fail(at, "company \"" + with.name + "\" has financing but company \"" + without.name +
                      "\" has none: give financing to every company or to none (the total's "
                      "balance sheet sums them all)");
  }
}

std::vector<CompanySection> parse_companies(const toml::array& array, const std::vector<int>& years,
                                            const ErrorSite& site) {
  std::vector<CompanySection> companies;
  std::map<std::string, toml::source_position> seen;
  for (const toml::node& node : array) {
    const toml::table& table = *node.as_table();
    companies.push_back(parse_company(table, companies.size() + 1, years, site.file));
    const std::string& name = companies.back().company.name;
    const auto [first, inserted] = seen.emplace(name, table["name"].node()->source().begin);
    if (!inserted)
      site.fail(*table["name"].node(), "company \"" + name + "\" is defined twice (first at line " +
                                           std::to_string(first->second.line) + ")");
  }
  check_financing_everywhere(array, companies, site);
  return companies;
}

//! The drawn parameters, each with its persistence, and the declared correlations.
Dependence parse_dependence(const toml::table& root, const std::vector<CompanySection>& sections,
                            const std::vector<Company>& companies, const ErrorSite& site) {
  Dependence dependence = independent(companies);
  for (std::size_t k = 0; k < dependence.variables.size(); ++k) {
    const Variable& v = dependence.variables[k];
    dependence.persistence[k] = sections[static_cast<std::size_t>(v.company)]
                                    .persistence[static_cast<std::size_t>(v.param)];
  }
  if (const toml::node* node = root.get("correlation"))
    parse_correlations(*node, companies, dependence, site);
  return dependence;
}

//! Validates a parsed scenario; `text` is stored as its source.
Scenario scenario_from_table(const toml::table& root, const std::string& path, std::string text) {
  const ErrorSite site{path, ""};
  check_keys(root, kTopKeys, "", site);
  SimulationSection simulation = parse_simulation(simulation_table(root, site), site);

  Scenario scenario;
  const toml::array& companies = company_array(root, site);
  if (companies.size() * simulation.years.size() > kMaxCompanyYears)
    site.fail(companies,
              std::to_string(companies.size()) + " companies x " +
                  std::to_string(simulation.years.size()) +
                  " years = " + std::to_string(companies.size() * simulation.years.size()) +
                  " company-years, more than the maximum " + std::to_string(kMaxCompanyYears) +
                  ": simulate fewer years or companies (docs/resource-limits.md)");
  std::vector<CompanySection> sections = parse_companies(companies, simulation.years, site);
  for (CompanySection& section : sections) scenario.companies.push_back(std::move(section.company));
  scenario.dependence = parse_dependence(root, sections, scenario.companies, site);
  scenario.name = std::move(simulation.name);
  scenario.base_year = simulation.base_year;
  scenario.years = std::move(simulation.years);
  scenario.unit = std::move(simulation.unit);
  scenario.paths = simulation.paths;
  scenario.seed = simulation.seed;
  scenario.source_path = path;
  scenario.source_text = std::move(text);
  return scenario;
}

//! `text` for one comment line: control characters, which a TOML comment may not hold (a value
//! can span lines: --set 'years=[2024,\n2025]'), written as \xHH.
std::string comment_text(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t') || byte == 0x7F) {
      constexpr const char* kHex = "0123456789ABCDEF";
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

Scenario parse_scenario(std::string_view text, const std::string& path) {
  return scenario_from_table(parse_toml(text, path), path, std::string(text));
}

Scenario load_scenario(const std::string& path) {
  return parse_scenario(read_text_file(path, "scenario file"), path);
}

ScenarioDocument parse_scenario_document(std::string_view text, const std::string& path) {
  return ScenarioDocument{path, std::string(text), parse_toml(text, path)};
}

ScenarioDocument read_scenario_document(const std::string& path) {
  return parse_scenario_document(read_text_file(path, "scenario file"), path);
}

Scenario scenario_from_document(const ScenarioDocument& document,
                                std::span<const Override> overrides) {
  if (overrides.empty()) return scenario_from_table(document.root, document.path, document.text);
  toml::table root = document.root;
  apply_overrides(root, overrides);
  std::string text = "# ";
  text += comment_text(document.path);
  text += " with overrides (written back by capexsim; the\n# original's comments are not kept):\n";
  for (const Override& o : overrides) {
    text += "#   --set ";
    text += comment_text(o.text());
    text += '\n';
  }
  const std::string body = to_toml(root);
  if (!body.starts_with('\n')) text += '\n';
  text += body;
  try {
    Scenario scenario = scenario_from_table(root, document.path, std::move(text));
    scenario.overrides = join_overrides(overrides, "\n");
    return scenario;
  } catch (const InputError& e) {
    if (e.line() != 0) throw;  // at a position in the file as written
    throw InputError(e.file() + " after --set " + join_overrides(overrides, ", "), 0, 0,
                     e.message());
  }
}

Scenario load_scenario(const std::string& path, std::span<const Override> overrides) {
  return scenario_from_document(read_scenario_document(path), overrides);
}

}  // namespace capexsim
