//! Command-line overrides of a scenario (`--set KEY=VALUE`, `--set KEY+=DELTA`): a dotted path
//! into the scenario's TOML, companies addressed by name or `*`, values written as TOML values
//! (docs/scenario-format.md, "Overrides").
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

namespace capexsim {

struct Override {
  enum class Op { set, shift };
  std::string key;    //!< e.g. "company.meta.capex_growth.mean", "company.*.ocf_growth"
  Op op = Op::set;    //!< set: replace the value; shift: add a number to it
  std::string value;  //!< TOML value text, e.g. "0.4", "[2024, 2025]", "{ dist = \"fixed\" }"

  //! "KEY=VALUE" or "KEY+=VALUE", as given.
  std::string text() const;
};

//! Parses "KEY=VALUE" or "KEY+=VALUE"; throws InputError naming the option on a malformed one.
Override parse_override(std::string_view text);

//! parse_override of each text, in order (the values of repeated --set options).
std::vector<Override> parse_overrides(std::span<const std::string> texts);

//! Applies one override to a scenario's TOML tree. The key must lead through existing tables
//! (`company.NAME` is the [[company]] whose name is NAME, `company.*` every company,
//! `correlation.N` the N-th [[correlation]] table from 1). `set` may add a key the loader then
//! checks; it replaces an existing value only by one of a compatible type (a number for a number
//! or a per-year array, a table for a table, ...). `shift` adds a number to a number, to every
//! number of a per-year array, or, on a distribution table, to its location parameters (the
//! distribution moves by the number; docs/scenario-format.md). Throws InputError naming the key.
void apply_override(toml::table& root, const Override& override_);

//! All of them, in order.
void apply_overrides(toml::table& root, std::span<const Override> overrides);

//! "KEY=VALUE, KEY+=VALUE" for messages and the results' `overrides` attribute (newline-joined).
std::string join_overrides(std::span<const Override> overrides, std::string_view separator);

}  // namespace capexsim
