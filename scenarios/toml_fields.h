//! Typed, position-aware reads of toml++ nodes for the scenario loader: every failure is an
//! InputError at the offending node's line and column, worded with its dotted key path.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <toml++/toml.h>

namespace capexsim {

//! Where messages go: the file, and a prefix naming the section being read (`company "meta": `).
struct ErrorSite {
  std::string file;
  std::string prefix;

  [[noreturn]] void fail(const toml::source_position& at, const std::string& message) const;
  [[noreturn]] void fail(const toml::node& at, const std::string& message) const;
};

//! "section.key", or "key" at the top level.
std::string key_path(std::string_view section, std::string_view key);

//! Shortest text that reads back as the same double ("0.1", "-inf", "nan").
std::string format_number(double value);

//! "a, b, c".
std::string join(std::span<const std::string_view> words);

//! Rejects the first key (in file order) that is not in `allowed`, listing the allowed ones.
void check_keys(const toml::table& table, std::span<const std::string_view> allowed,
                std::string_view section, const ErrorSite& site);

//! The node at `key`; its absence is an error at the table's position.
const toml::node& require_key(const toml::table& table, std::string_view key,
                              std::string_view section, const ErrorSite& site);

const toml::table& read_table(const toml::node& node, std::string_view path, const ErrorSite& site);
const toml::array& read_array(const toml::node& node, std::string_view path, const ErrorSite& site);
std::string read_string(const toml::node& node, std::string_view path, const ErrorSite& site);
std::int64_t read_integer(const toml::node& node, std::string_view path, const ErrorSite& site);
//! A float or an integer (TOML `1` for `1.0`); inf and nan are rejected.
double read_number(const toml::node& node, std::string_view path, const ErrorSite& site);

}  // namespace capexsim
