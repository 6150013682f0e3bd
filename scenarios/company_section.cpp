#include "scenarios/company_section.h"

#include <array>
#include <optional>
#include <string>
#include <utility>

#include "models/errors.h"
#include "scenarios/financing_section.h"
#include "scenarios/param_spec.h"
#include "scenarios/policy_section.h"

namespace capexsim {
namespace {

constexpr std::array<std::string_view, 8> kCompanyKeys = {
    "name",         "base",          "known",          "ocf_growth",
    "capex_growth", "buyback_ratio", "dividend_ratio", "financing"};
//! cash and debt: the base year's balances, read with financing (scenarios/financing_section.h).
constexpr std::array<std::string_view, 6> kBaseKeys = {"ocf",   "buybacks", "dividends",
                                                       "capex", "cash",     "debt"};
constexpr std::array<std::string_view, 7> kKnownKeys = {
    "through", "ocf", "capex", "buybacks", "dividends", "debt_issued", "equity_issued"};
//! The entity holding the sum over companies in the results.
constexpr std::string_view kReservedName = "total";

std::string parse_name(const toml::table& table, const ErrorSite& site) {
  const toml::node& node = require_key(table, "name", "", site);
  std::string name = read_string(node, "name", site);
  if (name.empty()) site.fail(node, "name must not be empty");
  if (name == kReservedName)
    site.fail(node, "name \"total\" is reserved for the sum over all companies");
  return name;
}

double parse_flow(const toml::table& base, std::string_view key, const ErrorSite& site) {
  const std::string path = key_path("base", key);
  const toml::node& node = require_key(base, key, "base", site);
  const double value = read_number(node, path, site);
  if (key == "ocf" && value <= 0)
    site.fail(node, path + " must be > 0 (the payout ratios are shares of it), got " +
                        format_number(value));
  if (value < 0) site.fail(node, path + " must be >= 0, got " + format_number(value));
  return value;
}

//! An unknown key is named with the company keys and, after them, the policy rules.
void check_company_keys(const toml::table& table, const ErrorSite& site) {
  toml::table others = table;
  for (std::string_view key : kPolicyKeys) others.erase(key);
  try {
    check_keys(others, kCompanyKeys, "company", site);
  } catch (const InputError& error) {
    throw InputError(error.file(), error.line(), error.column(),
                     error.message() + " or a policy rule (" + join(kPolicyKeys) + ")");
  }
}

Flows parse_base(const toml::node& node, const ErrorSite& site) {
  const toml::table& base = read_table(node, "base", site);
  check_keys(base, kBaseKeys, "base", site);
  Flows flows;
  flows.ocf = parse_flow(base, "ocf", site);
  flows.buybacks = parse_flow(base, "buybacks", site);
  flows.dividends = parse_flow(base, "dividends", site);
  flows.capex = parse_flow(base, "capex", site);
  return flows;
}

//! "YYYYQn" -> {YYYY, n}; nullopt when the text has another form.
std::optional<std::pair<int, int>> split_quarter(std::string_view text) {
  if (text.size() != 6 || text[4] != 'Q') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5})
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  return std::pair{std::stoi(std::string(text.substr(0, 4))), text[5] - '0'};
}

//! `through = "YYYYQn"`: YYYY the first projection year, n in 1..3.
void parse_through(const toml::table& known, int first_year, KnownPart& out,
                   const ErrorSite& site) {
  const toml::node& node = require_key(known, "through", "known", site);
  const std::string text = read_string(node, "known.through", site);
  const auto quarter = split_quarter(text);
  if (!quarter)
    site.fail(node, "known.through must name a year and quarter as \"YYYYQn\" (e.g. \"" +
                        std::to_string(first_year) + "Q2\"), got \"" + text + "\"");
  const auto [year, n] = *quarter;
  if (year != first_year)
    site.fail(node, "known.through = \"" + text + "\" must be in the first projection year " +
                        std::to_string(first_year) + " (simulation.base_year + 1), not " +
                        std::to_string(year));
  if (n == 4)
    site.fail(node, "known.through = \"" + text + "\" covers the whole year " +
                        std::to_string(year) + ": make " + std::to_string(year) +
                        " the base year (simulation.base_year, base = its flows) instead");
  if (n < 1 || n > 3)
    site.fail(node, "known.through = \"" + text + "\": the quarter must be 1, 2 or 3, not " +
                        std::to_string(n));
  out.year = year;
  out.quarters = n;
}

double parse_known_flow(const toml::table& known, std::string_view key, const ErrorSite& site) {
  const std::string path = key_path("known", key);
  const toml::node& node = require_key(known, key, "known", site);
  const double value = read_number(node, path, site);
  if (key != "ocf" && value < 0)
    site.fail(node, path + " must be >= 0, got " + format_number(value));
  return value;
}

//! `known = { through = "YYYYQn", ocf, capex, buybacks, dividends }`: actuals of the first
//! projection year so far. OCF may be negative (a bad half year happens); outflows may not.
KnownPart parse_known(const toml::node& node, int first_year, const ErrorSite& site) {
  const toml::table& known = read_table(node, "known", site);
  check_keys(known, kKnownKeys, "known", site);
  KnownPart out;
  parse_through(known, first_year, out, site);
  out.flows.ocf = parse_known_flow(known, "ocf", site);
  out.flows.capex = parse_known_flow(known, "capex", site);
  out.flows.buybacks = parse_known_flow(known, "buybacks", site);
  out.flows.dividends = parse_known_flow(known, "dividends", site);
  for (auto [key, value] :
       {std::pair{"debt_issued", &out.debt_issued}, std::pair{"equity_issued", &out.equity_issued}})
    if (known.contains(key)) *value = parse_known_flow(known, key, site);
  return out;
}

//! known.debt_issued and known.equity_issued move the balance sheet: refused without financing.
void reject_known_financing_without_financing(const toml::table& table, const ErrorSite& site) {
  const toml::table* known = table.get_as<toml::table>("known");
  if (known == nullptr) return;
  for (std::string_view key : {"debt_issued", "equity_issued"})
    if (const toml::node* node = known->get(key))
      site.fail(*node, "known." + std::string(key) +
                           " is read only with financing: add a financing table or remove it");
}

ParsedParam parse_ratio(const toml::table& table, Param param, double base_ratio,
                        const std::vector<int>& years, const ErrorSite& site) {
  const std::string_view name = kParamNames[static_cast<int>(param)];
  if (const toml::node* node = table.get(name)) return parse_param_spec(*node, name, years, site);
  return {ParamSpec{std::vector<Distribution>(years.size(), Distribution::fixed(base_ratio))}};
}

}  // namespace

CompanySection parse_company(const toml::table& table, std::size_t index,
                             const std::vector<int>& years, const std::string& file) {
  ErrorSite site{file, "company #" + std::to_string(index) + ": "};
  CompanySection out;
  Company& company = out.company;
  company.name = parse_name(table, site);
  site.prefix = "company \"" + company.name + "\": ";
  check_company_keys(table, site);
  company.base = parse_base(require_key(table, "base", "", site), site);
  if (const toml::node* known = table.get("known"))
    company.known = parse_known(*known, years.front(), site);

  std::array<ParsedParam, kParamCount> params;
  for (Param growth : {Param::ocf_growth, Param::capex_growth}) {
    const std::string_view name = kParamNames[static_cast<int>(growth)];
    params[static_cast<int>(growth)] =
        parse_param_spec(require_key(table, name, "", site), name, years, site);
  }
  params[static_cast<int>(Param::buyback_ratio)] = parse_ratio(
      table, Param::buyback_ratio, company.base.buybacks / company.base.ocf, years, site);
  params[static_cast<int>(Param::dividend_ratio)] = parse_ratio(
      table, Param::dividend_ratio, company.base.dividends / company.base.ocf, years, site);
  company.policy = parse_policy(table, site);
  const toml::table& base = *table.get("base")->as_table();  // parse_base checked it
  for (Param p : {Param::cash_yield, Param::debt_rate, Param::other_flows})
    params[static_cast<int>(p)] = no_financing_param(years.size());
  if (const toml::node* financing = table.get("financing")) {
    FinancingSection section = parse_financing(*financing, base, years, site);
    company.financing = std::move(section.financing);
    params[static_cast<int>(Param::cash_yield)] = std::move(section.cash_yield);
    params[static_cast<int>(Param::debt_rate)] = std::move(section.debt_rate);
    params[static_cast<int>(Param::other_flows)] = std::move(section.other_flows);
  } else {
    reject_balances_without_financing(base, site);
    reject_known_financing_without_financing(table, site);
  }
  for (int p = 0; p < kParamCount; ++p) {
    company.params[p] = std::move(params[p].spec);
    out.persistence[p] = params[p].persistence;
  }
  return out;
}

}  // namespace capexsim
