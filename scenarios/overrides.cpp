// Overrides edit the parsed TOML tree before the loader reads it, so every override goes through
// the same checks as the file itself; only the addressing (which table, which company) and the
// type of a replaced value are checked here.
#include "scenarios/overrides.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "models/errors.h"
#include "scenarios/toml_fields.h"

namespace capexsim {
namespace {

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return s.substr(first, last - first + 1);
}

[[noreturn]] void fail(const Override& o, const std::string& message) {
  throw InputError("--set " + o.text() + ": " + message);
}

std::vector<std::string> split_key(const Override& o) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto dot = o.key.find('.', start);
    parts.push_back(o.key.substr(start, dot - start));
    if (parts.back().empty()) fail(o, "the key has an empty part");
    if (dot == std::string::npos) return parts;
    start = dot + 1;
  }
}

//! The value text as a node (the single key of "v = VALUE").
toml::table parse_value(const Override& o) {
  try {
    toml::table wrapper = toml::parse("v = " + o.value);
    if (wrapper.size() != 1 || wrapper.get("v") == nullptr)
      fail(o, "the value must be a single TOML value");
    return wrapper;
  } catch (const toml::parse_error& error) {
    fail(o, "\"" + o.value + "\" is not a TOML value (" + std::string(error.description()) +
                "); strings need quotes, e.g. KEY='\"uniform\"'");
  }
}

enum class Shape { number, number_array, array, table, string, boolean, other };

Shape shape_of(const toml::node& node) {
  if (node.is_number()) return Shape::number;
  if (const toml::array* array = node.as_array()) {
    for (const toml::node& element : *array)
      if (!element.is_number()) return Shape::array;
    return array->empty() ? Shape::array : Shape::number_array;
  }
  if (node.is_table()) return Shape::table;
  if (node.is_string()) return Shape::string;
  if (node.is_boolean()) return Shape::boolean;
  return Shape::other;
}

const char* shape_name(Shape s) {
  switch (s) {
    case Shape::number:
      return "a number";
    case Shape::number_array:
      return "an array of numbers";
    case Shape::array:
      return "an array";
    case Shape::table:
      return "a table";
    case Shape::string:
      return "a string";
    case Shape::boolean:
      return "a boolean";
    case Shape::other:
      break;
  }
  return "a date or time";
}

bool compatible(Shape existing, Shape given) {
  const auto numeric = [](Shape s) { return s == Shape::number || s == Shape::number_array; };
  if (numeric(existing)) return numeric(given);
  if (existing == Shape::array) return given == Shape::array || given == Shape::number_array;
  return existing == given;
}

//! The tables the key's parents name: one, or every company for `company.*`. `leaf` is set to
//! the index of the last part (the key set in each table).
std::vector<toml::table*> resolve(toml::table& root, const Override& o,
                                  const std::vector<std::string>& parts) {
  std::vector<toml::table*> tables{&root};
  std::size_t i = 0;
  if (parts.size() >= 2 && (parts[0] == "company" || parts[0] == "correlation")) {
    toml::array* array = root[parts[0]].as_array();
    if (array == nullptr || !array->is_array_of_tables())
      fail(o, "the scenario has no [[" + parts[0] + "]] tables");
    tables.clear();
    if (parts[0] == "company") {
      std::string names;
      for (toml::node& node : *array) {
        toml::table& company = *node.as_table();
        const std::string name = company["name"].value_or(std::string());
        names += (names.empty() ? "" : ", ") + name;
        if (parts[1] == "*" || parts[1] == name) tables.push_back(&company);
      }
      if (tables.empty())
        fail(o, "no company \"" + parts[1] + "\" (the scenario has: " + names + "; or use *)");
    } else {
      char* end = nullptr;
      const long n = std::strtol(parts[1].c_str(), &end, 10);
      if (end != parts[1].c_str() + parts[1].size() || n < 1 ||
          static_cast<std::size_t>(n) > array->size())
        fail(o, "correlation tables are numbered 1 to " + std::to_string(array->size()) +
                    " in file order, not \"" + parts[1] + "\"");
      tables.push_back(array->get(static_cast<std::size_t>(n - 1))->as_table());
    }
    i = 2;
    if (i == parts.size()) fail(o, "name a key inside " + parts[0] + "." + parts[1]);
  }
  for (; i + 1 < parts.size(); ++i) {
    for (toml::table*& table : tables) {
      toml::node* node = table->get(parts[i]);
      if (node == nullptr || !node->is_table())
        fail(o, node == nullptr
                    ? "there is no table \"" + parts[i] + "\" to set a key in"
                    : "\"" + parts[i] + "\" is " + shape_name(shape_of(*node)) + ", not a table");
      table = node->as_table();
    }
  }
  return tables;
}

void shift_node(toml::node& node, double delta, const Override& o);

//! x + delta to 15 significant digits, so that 0.52 + -0.1 is 0.42, not 0.42000000000000004:
//! the scenario written back reads as a person would write it, at a cost below 1e-15 relative.
double rounded_sum(double x, double delta) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.15g", x + delta);
  return std::strtod(buffer, nullptr);
}

//! Adds delta to a number in place; false when it is an integer and delta is not a whole
//! number, in which case the caller replaces it by the float sum.
bool shift_number(toml::node& node, double delta) {
  if (toml::value<std::int64_t>* integer = node.as_integer()) {
    if (delta != std::floor(delta)) return false;
    integer->get() += static_cast<std::int64_t>(delta);
  } else {
    double& value = node.as_floating_point()->get();
    value = rounded_sum(value, delta);
  }
  return true;
}

double float_sum(const toml::node& node, double delta) {
  return rounded_sum(static_cast<double>(node.as_integer()->get()), delta);
}

void shift_key(toml::table& table, const std::string& key, double delta, const Override& o) {
  toml::node& node = *table.get(key);
  if (node.is_number()) {
    if (!shift_number(node, delta)) table.insert_or_assign(key, float_sum(node, delta));
    return;
  }
  shift_node(node, delta, o);
}

//! The location parameters of each distribution kind: adding delta to them moves it by delta.
const std::map<std::string, std::vector<std::string>, std::less<>> kLocationKeys = {
    {"fixed", {"value"}},
    {"normal", {"mean", "min", "max"}},
    {"uniform", {"min", "max"}},
    {"triangular", {"min", "mode", "max"}},
    {"pert", {"min", "mode", "max"}},
    {"lognormal", {"mean", "shift"}},
    {"beta", {"min", "max"}},
    {"student_t", {"location"}},
    {"empirical", {"values"}}};

void shift_distribution(toml::table& table, double delta, const Override& o) {
  const std::string dist = table["dist"].value_or(std::string());
  const auto keys = kLocationKeys.find(dist);
  if (keys == kLocationKeys.end())
    fail(o, "+= on a table needs a distribution (a table with a known dist), not \"" + dist + "\"");
  if (dist == "lognormal" && table.get("shift") == nullptr) table.insert("shift", 0.0);
  if (dist == "beta") {
    if (table.get("min") == nullptr) table.insert("min", 0.0);
    if (table.get("max") == nullptr) table.insert("max", 1.0);
  }
  for (const std::string& key : keys->second)
    if (table.get(key) != nullptr) shift_key(table, key, delta, o);
}

void shift_node(toml::node& node, double delta, const Override& o) {
  if (toml::array* array = node.as_array()) {
    for (auto it = array->begin(); it != array->end(); ++it) {
      if (it->is_number() && !shift_number(*it, delta))
        it = array->replace(it, float_sum(*it, delta));
      else if (!it->is_number())
        shift_node(*it, delta, o);
    }
    return;
  }
  if (toml::table* table = node.as_table()) return shift_distribution(*table, delta, o);
  fail(o, "+= needs a number, an array of numbers or a distribution, not " +
              std::string(shape_name(shape_of(node))));
}

}  // namespace

std::string Override::text() const { return key + (op == Op::shift ? "+=" : "=") + value; }

Override parse_override(std::string_view text) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos)
    throw InputError("--set " + std::string(text) + ": write KEY=VALUE or KEY+=VALUE");
  Override o;
  const bool shift = eq > 0 && text[eq - 1] == '+';
  o.op = shift ? Override::Op::shift : Override::Op::set;
  o.key = std::string(trim(text.substr(0, shift ? eq - 1 : eq)));
  o.value = std::string(trim(text.substr(eq + 1)));
  if (o.key.empty()) throw InputError("--set " + std::string(text) + ": the key is empty");
  if (o.value.empty()) throw InputError("--set " + std::string(text) + ": the value is empty");
  parse_value(o);  // reject bad TOML now, before any work
  return o;
}

std::vector<Override> parse_overrides(std::span<const std::string> texts) {
  std::vector<Override> overrides;
  for (const std::string& text : texts) overrides.push_back(parse_override(text));
  return overrides;
}

void apply_override(toml::table& root, const Override& o) {
  const std::vector<std::string> parts = split_key(o);
  std::vector<toml::table*> tables = resolve(root, o, parts);
  const std::string& leaf = parts.back();
  toml::table parsed = parse_value(o);
  toml::node& value = *parsed.get("v");
  if (o.op == Override::Op::shift) {
    if (!value.is_number()) fail(o, "+= needs a number");
    const double delta = value.value_or(0.0);
    for (toml::table* table : tables) {
      if (table->get(leaf) == nullptr) fail(o, "there is no \"" + leaf + "\" to add to");
      shift_key(*table, leaf, delta, o);
    }
    return;
  }
  for (toml::table* table : tables) {
    if (const toml::node* existing = table->get(leaf)) {
      const Shape was = shape_of(*existing), given = shape_of(value);
      if (!compatible(was, given))
        fail(o, leaf + " is " + shape_name(was) + ", not " + shape_name(given));
    }
    value.visit([&](const auto& concrete) { table->insert_or_assign(leaf, concrete); });
  }
}

void apply_overrides(toml::table& root, std::span<const Override> overrides) {
  for (const Override& o : overrides) apply_override(root, o);
}

std::string join_overrides(std::span<const Override> overrides, std::string_view separator) {
  std::string out;
  for (const Override& o : overrides) {
    if (!out.empty()) out += separator;
    out += o.text();
  }
  return out;
}

}  // namespace capexsim
