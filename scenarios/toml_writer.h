//! Writes a toml++ table back as TOML text whose numbers read back bit for bit (shortest
//! round-trip form), for scenario text that was changed in memory (--set overrides, sweeps).
#pragma once

#include <string>

#include <toml++/toml.h>

namespace capexsim {

//! The table as TOML: plain keys first, then sub-tables and arrays of tables as [headers];
//! inline tables and arrays stay inline. Keys appear in toml++'s (sorted) order.
std::string to_toml(const toml::table& root);

//! One value as TOML text (an inline table for a table).
std::string to_toml_value(const toml::node& value);

}  // namespace capexsim
