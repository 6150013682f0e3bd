#include "scenarios/simulation_section.h"

#include <array>

namespace capexsim {
namespace {

constexpr std::string_view kSection = "simulation";
constexpr std::array<std::string_view, 6> kKeys = {"name", "base_year", "years",
                                                   "unit", "paths",     "seed"};
// Calendar years; the bounds keep every projection year inside an int.
constexpr std::int64_t kMinYear = 1;
constexpr std::int64_t kMaxYear = 9999;

std::vector<int> parse_years(const toml::node& node, int base_year, const ErrorSite& site) {
  const toml::array& array = read_array(node, "simulation.years", site);
  if (array.empty()) site.fail(node, "simulation.years must list at least one year");
  if (array.size() > kMaxYears)
    site.fail(node, "simulation.years lists " + std::to_string(array.size()) +
                        " years, more than the maximum " + std::to_string(kMaxYears) +
                        " (docs/resource-limits.md)");
  std::vector<int> years;
  for (const toml::node& element : array) {
    const std::int64_t year = read_integer(element, "simulation.years", site);
    const int expected = base_year + 1 + static_cast<int>(years.size());
    if (year != expected)
      site.fail(element, "simulation.years must be consecutive years starting at base_year + 1 = " +
                             std::to_string(base_year + 1) + ": expected " +
                             std::to_string(expected) + ", not " + std::to_string(year));
    years.push_back(expected);
  }
  return years;
}

std::optional<std::uint64_t> parse_count(const toml::table& table, std::string_view key,
                                         std::int64_t min, const ErrorSite& site) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::nullopt;
  const std::string path = key_path(kSection, key);
  const std::int64_t value = read_integer(*node, path, site);
  if (value < min)
    site.fail(*node,
              path + " must be >= " + std::to_string(min) + ", not " + std::to_string(value));
  return static_cast<std::uint64_t>(value);
}

}  // namespace

SimulationSection parse_simulation(const toml::table& table, const ErrorSite& site) {
  check_keys(table, kKeys, kSection, site);
  SimulationSection section;

  const toml::node& name = require_key(table, "name", kSection, site);
  section.name = read_string(name, "simulation.name", site);
  if (section.name.empty()) site.fail(name, "simulation.name must not be empty");

  const toml::node& base_year = require_key(table, "base_year", kSection, site);
  const std::int64_t year = read_integer(base_year, "simulation.base_year", site);
  if (year < kMinYear || year > kMaxYear)
    site.fail(base_year, "simulation.base_year must be a calendar year between " +
                             std::to_string(kMinYear) + " and " + std::to_string(kMaxYear));
  section.base_year = static_cast<int>(year);

  section.years = parse_years(require_key(table, "years", kSection, site), section.base_year, site);
  if (const toml::node* unit = table.get("unit"))
    section.unit = read_string(*unit, "simulation.unit", site);
  section.paths = parse_count(table, "paths", 1, site);
  section.seed = parse_count(table, "seed", 0, site);
  return section;
}

}  // namespace capexsim
