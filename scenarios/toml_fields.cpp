#include "scenarios/toml_fields.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "models/errors.h"

namespace capexsim {
namespace {

std::string_view type_name(toml::node_type type) {
  switch (type) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

[[noreturn]] void fail_type(const toml::node& node, std::string_view path, std::string_view wanted,
                            const ErrorSite& site) {
  site.fail(node, std::string(path) + " must be " + std::string(wanted) + ", not " +
                      std::string(type_name(node.type())));
}

}  // namespace

void ErrorSite::fail(const toml::source_position& at, const std::string& message) const {
  throw InputError(file, static_cast<int>(at.line), static_cast<int>(at.column), prefix + message);
}

void ErrorSite::fail(const toml::node& at, const std::string& message) const {
  fail(at.source().begin, message);
}

std::string key_path(std::string_view section, std::string_view key) {
  if (section.empty()) return std::string(key);
  return std::string(section) + '.' + std::string(key);
}

std::string format_number(double value) {
  char buffer[32];
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
    if (std::isnan(value) || std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
}

std::string join(std::span<const std::string_view> words) {
  std::string out;
  for (std::string_view word : words) {
    if (!out.empty()) out += ", ";
    out += word;
  }
  return out;
}

void check_keys(const toml::table& table, std::span<const std::string_view> allowed,
                std::string_view section, const ErrorSite& site) {
  const toml::key* first_unknown = nullptr;
  for (auto&& [key, value] : table) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
    if (first_unknown == nullptr || key.source().begin < first_unknown->source().begin)
      first_unknown = &key;
  }
  if (first_unknown == nullptr) return;
  const std::string where = section.empty() ? "at the top level" : "in " + std::string(section);
  site.fail(first_unknown->source().begin, "unknown key \"" + std::string(first_unknown->str()) +
                                               "\" " + where + " (allowed: " + join(allowed) + ")");
}

const toml::node& require_key(const toml::table& table, std::string_view key,
                              std::string_view section, const ErrorSite& site) {
  const toml::node* node = table.get(key);
  if (node == nullptr) site.fail(table, "missing required key " + key_path(section, key));
  return *node;
}

const toml::table& read_table(const toml::node& node, std::string_view path,
                              const ErrorSite& site) {
  if (const toml::table* table = node.as_table()) return *table;
  fail_type(node, path, "a table", site);
}

const toml::array& read_array(const toml::node& node, std::string_view path,
                              const ErrorSite& site) {
  if (const toml::array* array = node.as_array()) return *array;
  fail_type(node, path, "an array", site);
}

std::string read_string(const toml::node& node, std::string_view path, const ErrorSite& site) {
  if (const auto* text = node.as_string()) return text->get();
  fail_type(node, path, "a string", site);
}

std::int64_t read_integer(const toml::node& node, std::string_view path, const ErrorSite& site) {
  if (const auto* integer = node.as_integer()) return integer->get();
  fail_type(node, path, "an integer", site);
}

double read_number(const toml::node& node, std::string_view path, const ErrorSite& site) {
  if (const auto* integer = node.as_integer()) return static_cast<double>(integer->get());
  const auto* floating = node.as_floating_point();
  if (floating == nullptr) fail_type(node, path, "a number", site);
  const double value = floating->get();
  if (!std::isfinite(value))
    site.fail(node, std::string(path) + " must be a finite number, not " + format_number(value));
  return value;
}

}  // namespace capexsim
