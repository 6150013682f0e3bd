//! The [simulation] table of a scenario file: name, horizon, unit and default run size.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/toml_fields.h"

namespace capexsim {

//! The longest horizon a scenario may have (simulation.years); docs/resource-limits.md.
inline constexpr std::size_t kMaxYears = 1000;

struct SimulationSection {
  std::string name;
  int base_year = 0;
  std::vector<int> years;  //!< base_year + 1, base_year + 2, ...
  std::string unit;
  std::optional<std::uint64_t> paths;  //!< >= 1
  std::optional<std::uint64_t> seed;   //!< >= 0
};

SimulationSection parse_simulation(const toml::table& table, const ErrorSite& site);

}  // namespace capexsim
