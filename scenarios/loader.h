//! Reads a scenario TOML file into a validated Scenario (format: docs/scenario-format.md).
#pragma once

#include <string>
#include <string_view>

#include "models/scenario.h"

namespace capexsim {

//! Parses and validates; throws InputError naming file, line, column and key on any problem
//! (unknown key, wrong type, wrong array length, invalid parameter, ...).
Scenario load_scenario(const std::string& path);

//! Same, from text already in memory; `path` is used in messages and stored in the scenario.
Scenario parse_scenario(std::string_view text, const std::string& path);

}  // namespace capexsim
