#include "scenarios/param_spec.h"

#include <array>
#include <span>
#include <stdexcept>
#include <string>

#include "scenarios/dist_params.h"
#include "scenarios/year_values.h"

namespace capexsim {
namespace {

constexpr std::array<DistKind, 9> kKinds = {
    DistKind::fixed,      DistKind::normal,    DistKind::uniform,
    DistKind::triangular, DistKind::lognormal, DistKind::pert,
    DistKind::beta,       DistKind::student_t, DistKind::empirical};

std::vector<std::string_view> allowed_keys(DistKind kind) {
  std::vector<std::string_view> keys = {"dist"};
  if (kind == DistKind::empirical) keys.push_back("values");
  for (const ParamKey& param : numeric_keys(kind)) keys.push_back(param.key);
  keys.push_back("persistence");
  return keys;
}

DistKind parse_kind(const toml::table& table, std::string_view name, const ErrorSite& site) {
  const std::string path = key_path(name, "dist");
  const toml::node& node = require_key(table, "dist", name, site);
  const std::string text = read_string(node, path, site);
  std::vector<std::string_view> names;
  for (DistKind kind : kKinds) {
    if (text == dist_kind_name(kind)) return kind;
    names.push_back(dist_kind_name(kind));
  }
  site.fail(node, path + " \"" + text + "\" is not a distribution (one of: " + join(names) + ")");
}

std::vector<YearValues> read_numeric_keys(std::span<const ParamKey> keys, const toml::table& table,
                                          std::string_view name, const std::vector<int>& years,
                                          const ErrorSite& site) {
  std::vector<YearValues> values;
  for (const ParamKey& param : keys) {
    const toml::node* node = table.get(param.key);
    if (node == nullptr && param.fallback)
      values.push_back(default_year_values(*param.fallback, years.size()));
    else
      values.push_back(read_year_values(require_key(table, param.key, name, site),
                                        key_path(name, param.key), years, site));
  }
  return values;
}

ParamSpec parse_parametric(DistKind kind, const toml::table& table, std::string_view name,
                           const std::vector<int>& years, const ErrorSite& site) {
  const std::span<const ParamKey> keys = numeric_keys(kind);
  const std::vector<YearValues> values = read_numeric_keys(keys, table, name, years, site);
  ParamSpec spec;
  for (std::size_t i = 0; i < years.size(); ++i) {
    const YearArgs args(keys, values, i, years[i], name, table, site);
    check_rules(kind, args);
    try {
      spec.by_year.push_back(make_distribution(kind, args));
    } catch (const std::invalid_argument& error) {
      args.fail_factory(error);
    }
  }
  return spec;
}

ParamSpec parse_empirical(const toml::table& table, std::string_view name,
                          const std::vector<int>& years, const ErrorSite& site) {
  const toml::node& node = require_key(table, "values", name, site);
  ParamSpec spec;
  const auto samples = read_year_samples(node, key_path(name, "values"), years, site);
  for (std::size_t i = 0; i < years.size(); ++i) {
    try {
      spec.by_year.push_back(Distribution::empirical(samples[i]));
    } catch (const std::invalid_argument& error) {
      site.fail(node, std::string(name) + ": " + error.what() + " for " + std::to_string(years[i]));
    }
  }
  return spec;
}

//! A number in [-1, 1], on a parameter drawn in at least one year.
double parse_persistence(const toml::node& node, const ParamSpec& spec, std::string_view name,
                         const ErrorSite& site) {
  const std::string path = key_path(name, "persistence");
  const double value = read_number(node, path, site);
  if (value < -1 || value > 1)
    site.fail(node, path + " must be within [-1, 1], got " + format_number(value));
  bool drawn = false;
  for (const Distribution& d : spec.by_year) drawn = drawn || !d.is_fixed();
  if (!drawn)
    site.fail(node, path + " needs a drawn parameter, but " + std::string(name) +
                        " is fixed in every year");
  return value;
}

}  // namespace

ParsedParam parse_param_spec(const toml::node& node, std::string_view name,
                             const std::vector<int>& years, const ErrorSite& site) {
  if (!node.is_table())
    site.fail(node, std::string(name) +
                        " must be a distribution table such as { dist = \"fixed\", value = 0.15 }");
  const toml::table& table = *node.as_table();
  const DistKind kind = parse_kind(table, name, site);
  check_keys(table, allowed_keys(kind), name, site);
  ParsedParam out;
  out.spec = kind == DistKind::empirical ? parse_empirical(table, name, years, site)
                                         : parse_parametric(kind, table, name, years, site);
  if (const toml::node* persistence = table.get("persistence"))
    out.persistence = parse_persistence(*persistence, out.spec, name, site);
  return out;
}

}  // namespace capexsim
