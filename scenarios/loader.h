//! Reads a scenario TOML file into a validated Scenario (format: docs/scenario-format.md).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "models/scenario.h"
#include "scenarios/overrides.h"

namespace capexsim {

//! The most companies a scenario may have, and the most companies x years: every company-year
//! holds four distributions, and the copula's correlation matrices grow with the square of four
//! times the companies, all allocated before a run's memory check (docs/resource-limits.md).
inline constexpr std::size_t kMaxCompanies = 500;
inline constexpr std::size_t kMaxCompanyYears = 100000;

//! Parses and validates; throws InputError naming file, line, column and key on any problem
//! (unknown key, wrong type, wrong array length, invalid parameter, ...).
Scenario load_scenario(const std::string& path);

//! Same, from text already in memory; `path` is used in messages and stored in the scenario.
Scenario parse_scenario(std::string_view text, const std::string& path);

//! A scenario file read and parsed as TOML but not yet validated: the base that overrides and
//! sweep points edit.
struct ScenarioDocument {
  std::string path;
  std::string text;
  toml::table root;
};

//! Reads and parses the file; throws InputError on an unreadable file or bad TOML.
ScenarioDocument read_scenario_document(const std::string& path);
//! The same from text in memory.
ScenarioDocument parse_scenario_document(std::string_view text, const std::string& path);

//! The validated scenario after applying `overrides` in order (none: the file as written). With
//! overrides, the scenario's source_text is the overridden scenario written back as TOML (its
//! comments are lost; a header names the file and the overrides) and `overrides` lists them.
Scenario scenario_from_document(const ScenarioDocument& document,
                                std::span<const Override> overrides = {});

//! load_scenario with overrides.
Scenario load_scenario(const std::string& path, std::span<const Override> overrides);

}  // namespace capexsim
