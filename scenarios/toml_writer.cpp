// A small TOML emitter (TOML 1.0). toml++'s own formatter prints doubles with 17 significant
// digits (0.15 as 0.14999999999999999); this one uses the shortest text that reads back as the
// same double, so a scenario written out after overrides stays readable and exact.
#include "scenarios/toml_writer.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <tuple>
#include <vector>

#include "scenarios/toml_fields.h"

namespace capexsim {
namespace {

bool bare_key(std::string_view key) {
  return !key.empty() && std::ranges::all_of(key, [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '_' || ch == '-';
  });
}

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(ch));
          out += buffer;
        } else {
          out += ch;
        }
    }
  }
  return out + '"';
}

std::string key_text(std::string_view key) {
  return bare_key(key) ? std::string(key) : quoted(key);
}

std::string float_text(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  std::string text = format_number(value);
  if (text.find_first_of(".eEn") == std::string::npos) text += ".0";  // stays a float
  return text;
}

void write_value(std::ostream& out, const toml::node& node);

std::vector<std::pair<const toml::key*, const toml::node*>> in_file_order(const toml::table& table);

void write_inline_table(std::ostream& out, const toml::table& table) {
  out << "{ ";
  bool first = true;
  for (const auto& [key_ptr, value_ptr] : in_file_order(table)) {
    const toml::key& key = *key_ptr;
    const toml::node& value = *value_ptr;
    if (!first) out << ", ";
    first = false;
    out << key_text(key.str()) << " = ";
    write_value(out, value);
  }
  out << (first ? "}" : " }");
}

void write_value(std::ostream& out, const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      out << quoted(node.as_string()->get());
      break;
    case toml::node_type::integer:
      out << node.as_integer()->get();
      break;
    case toml::node_type::floating_point:
      out << float_text(node.as_floating_point()->get());
      break;
    case toml::node_type::boolean:
      out << (node.as_boolean()->get() ? "true" : "false");
      break;
    case toml::node_type::array: {
      out << '[';
      bool first = true;
      for (const toml::node& element : *node.as_array()) {
        if (!first) out << ", ";
        first = false;
        write_value(out, element);
      }
      out << ']';
      break;
    }
    case toml::node_type::table:
      write_inline_table(out, *node.as_table());
      break;
    case toml::node_type::date:
      out << *node.as_date();
      break;
    case toml::node_type::time:
      out << *node.as_time();
      break;
    case toml::node_type::date_time:
      out << *node.as_date_time();
      break;
    case toml::node_type::none:
      break;
  }
}

bool is_section(const toml::node& node) {
  if (const toml::table* table = node.as_table()) return !table->is_inline();
  if (const toml::array* array = node.as_array())
    return !array->empty() && array->is_array_of_tables();
  return false;
}

//! The table's entries in the order the file had them (keys added in memory, which have no
//! position, last, in key order); sub-tables before arrays of tables.
std::vector<std::pair<const toml::key*, const toml::node*>> in_file_order(
    const toml::table& table) {
  std::vector<std::pair<const toml::key*, const toml::node*>> entries;
  for (auto&& [key, value] : table) entries.emplace_back(&key, &value);
  const auto rank = [](const std::pair<const toml::key*, const toml::node*>& e) {
    const toml::source_position at = e.first->source().begin;
    const int kind = !is_section(*e.second) ? 0 : e.second->is_table() ? 1 : 2;
    return std::tuple(kind, at.line == 0, at.line, at.column);
  };
  std::stable_sort(entries.begin(), entries.end(),
                   [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
  return entries;
}

void write_table(std::ostream& out, const toml::table& table, const std::string& path) {
  const auto entries = in_file_order(table);
  for (const auto& [key_ptr, value_ptr] : entries) {
    const toml::key& key = *key_ptr;
    const toml::node& value = *value_ptr;
    if (is_section(value)) continue;
    out << key_text(key.str()) << " = ";
    write_value(out, value);
    out << '\n';
  }
  for (const auto& [key_ptr, value_ptr] : entries) {
    const toml::key& key = *key_ptr;
    const toml::node& value = *value_ptr;
    if (!is_section(value)) continue;
    const std::string child = path.empty() ? key_text(key.str()) : path + '.' + key_text(key.str());
    if (const toml::table* sub = value.as_table()) {
      out << "\n[" << child << "]\n";
      write_table(out, *sub, child);
    } else {
      for (const toml::node& element : *value.as_array()) {
        out << "\n[[" << child << "]]\n";
        write_table(out, *element.as_table(), child);
      }
    }
  }
}

}  // namespace

std::string to_toml_value(const toml::node& value) {
  std::ostringstream out;
  write_value(out, value);
  return out.str();
}

std::string to_toml(const toml::table& root) {
  std::ostringstream out;
  write_table(out, root, "");
  return out.str();
}

}  // namespace capexsim
