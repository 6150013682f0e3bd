#include "scenarios/company_section.h"

#include <array>

#include "models/errors.h"
#include "scenarios/param_spec.h"
#include "scenarios/policy_section.h"

namespace capexsim {
namespace {

constexpr std::array<std::string_view, 6> kCompanyKeys = {
    "name", "base", "ocf_growth", "capex_growth", "buyback_ratio", "dividend_ratio"};
constexpr std::array<std::string_view, 4> kBaseKeys = {"ocf", "buybacks", "dividends", "capex"};
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
  for (int p = 0; p < kParamCount; ++p) {
    company.params[p] = std::move(params[p].spec);
    out.persistence[p] = params[p].persistence;
  }
  company.policy = parse_policy(table, site);
  return out;
}

}  // namespace capexsim
