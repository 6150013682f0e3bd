#include "scenarios/financing_section.h"

#include <array>
#include <string>
#include <string_view>
#include <utility>

#include "scenarios/param_spec.h"
#include "scenarios/year_values.h"

namespace capexsim {
namespace {

constexpr std::array<std::string_view, 6> kFinancingKeys = {
    "cash_yield", "debt_rate", "other_flows", "min_cash_ratio", "max_debt_to_ocf", "equity"};

double parse_balance(const toml::table& base, std::string_view key, const ErrorSite& site) {
  const std::string path = key_path("base", key);
  const toml::node* node = base.get(key);
  if (node == nullptr)
    site.fail(base,
              "financing needs the base year's balances: base." + std::string(key) + " is missing");
  const double value = read_number(*node, path, site);
  if (value < 0) site.fail(*node, path + " must be >= 0, got " + format_number(value));
  return value;
}

//! A drawn rate: any distribution (with persistence, correlation, per-year values like the growth
//! rates), but no value below -1 in any year (a rate of -100% loses the whole balance).
ParsedParam parse_rate(const toml::table& table, std::string_view key,
                       const std::vector<int>& years, const ErrorSite& site) {
  const std::string path = key_path("financing", key);
  const toml::node& node = require_key(table, key, "financing", site);
  ParsedParam parsed = parse_param_spec(node, path, years, site);
  const toml::table* t = node.as_table();  // parse_param_spec checked it is a table
  // Point at the value that sets the lower end: `value` (fixed), `min`, else the table.
  const toml::node* at = t->get("value") != nullptr ? t->get("value") : t->get("min");
  for (std::size_t i = 0; i < years.size(); ++i) {
    const double low = parsed.spec.by_year[i].support_min();
    if (low < -1)
      site.fail(at != nullptr ? *at : node, path + " can be below -1 in " +
                                                std::to_string(years[i]) +
                                                " (its lowest value is " + format_number(low) +
                                                "): bound it, e.g. with min = -1");
  }
  return parsed;
}

//! Other cash flows as a share of OCF (docs/model.md): any distribution; 0 when absent.
ParsedParam parse_other_flows(const toml::table& table, const std::vector<int>& years,
                              const ErrorSite& site) {
  const toml::node* node = table.get("other_flows");
  if (node == nullptr) return no_financing_param(years.size());
  return parse_param_spec(*node, key_path("financing", "other_flows"), years, site);
}

std::vector<double> parse_min_cash_ratio(const toml::table& table, const std::vector<int>& years,
                                         const ErrorSite& site) {
  const std::string path = key_path("financing", "min_cash_ratio");
  const YearValues v =
      read_year_values(require_key(table, "min_cash_ratio", "financing", site), path, years, site);
  for (std::size_t i = 0; i < v.values.size(); ++i)
    if (v.values[i] < 0)
      site.fail(*v.nodes[i], path + " must be >= 0, got " + format_number(v.values[i]) +
                                 (v.per_year ? " for " + std::to_string(years[i]) : ""));
  return v.values;
}

double parse_max_debt_to_ocf(const toml::table& table, const ErrorSite& site) {
  const std::string path = key_path("financing", "max_debt_to_ocf");
  const toml::node& node = require_key(table, "max_debt_to_ocf", "financing", site);
  const double value = read_number(node, path, site);
  if (value <= 0) site.fail(node, path + " must be > 0, got " + format_number(value));
  return value;
}

bool parse_equity(const toml::table& table, const ErrorSite& site) {
  const toml::node* node = table.get("equity");
  if (node == nullptr) return false;
  if (!node->is_boolean()) site.fail(*node, "financing.equity must be true or false");
  return node->as_boolean()->get();
}

}  // namespace

FinancingSection parse_financing(const toml::node& financing, const toml::table& base,
                                 const std::vector<int>& years, const ErrorSite& site) {
  const toml::table& table = read_table(financing, "financing", site);
  check_keys(table, kFinancingKeys, "financing", site);
  FinancingSection out;
  Financing& f = out.financing;
  f.base.cash = parse_balance(base, "cash", site);
  f.base.debt = parse_balance(base, "debt", site);
  out.cash_yield = parse_rate(table, "cash_yield", years, site);
  out.debt_rate = parse_rate(table, "debt_rate", years, site);
  out.other_flows = parse_other_flows(table, years, site);
  f.min_cash_ratio = parse_min_cash_ratio(table, years, site);
  f.max_debt_to_ocf = parse_max_debt_to_ocf(table, site);
  f.equity = parse_equity(table, site);
  return out;
}

ParsedParam no_financing_param(std::size_t years) {
  return {ParamSpec{std::vector<Distribution>(years, Distribution::fixed(0.0))}, 0.0};
}

void reject_balances_without_financing(const toml::table& base, const ErrorSite& site) {
  for (std::string_view key : {"cash", "debt"})
    if (const toml::node* node = base.get(key))
      site.fail(*node, "base." + std::string(key) +
                           " is read only with financing: add a financing table or remove it");
}

}  // namespace capexsim
