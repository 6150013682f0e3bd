#include "scenarios/policy_section.h"

#include <string>

namespace capexsim {
namespace {

constexpr std::array<std::string_view, 2> kCutKeys = {"when", "factor"};
//! The only condition supported: the company's own surplus in the previous projection year.
constexpr std::string_view kDeficit = "surplus < 0";

std::optional<PayoutCut> parse_cut(const toml::table& company, std::string_view key,
                                   const ErrorSite& site) {
  const toml::node* node = company.get(key);
  if (node == nullptr) return std::nullopt;
  const toml::table& rule = read_table(*node, key, site);
  check_keys(rule, kCutKeys, key, site);
  const toml::node& when = require_key(rule, "when", key, site);
  const std::string condition = read_string(when, key_path(key, "when"), site);
  if (condition != kDeficit)
    site.fail(when, key_path(key, "when") + " must be \"" + std::string(kDeficit) + "\", got \"" +
                        condition + "\" (no other condition is supported)");
  const toml::node& factor_node = require_key(rule, "factor", key, site);
  const double factor = read_number(factor_node, key_path(key, "factor"), site);
  if (factor < 0 || factor > 1)
    site.fail(factor_node,
              key_path(key, "factor") + " must be in [0, 1], got " + format_number(factor));
  return PayoutCut{factor};
}

std::optional<double> parse_share(const toml::table& company, std::string_view key,
                                  const ErrorSite& site) {
  const toml::node* node = company.get(key);
  if (node == nullptr) return std::nullopt;
  const double share = read_number(*node, key, site);
  if (share < 0)
    site.fail(*node,
              std::string(key) + " must be >= 0 (a share of OCF), got " + format_number(share));
  return share;
}

}  // namespace

Policy parse_policy(const toml::table& company, const ErrorSite& site) {
  Policy policy;
  policy.buyback_cut = parse_cut(company, "buyback_cut", site);
  policy.dividend_cut = parse_cut(company, "dividend_cut", site);
  policy.capex_floor = parse_share(company, "capex_floor", site);
  policy.capex_ceiling = parse_share(company, "capex_ceiling", site);
  if (policy.capex_floor && policy.capex_ceiling && *policy.capex_floor > *policy.capex_ceiling) {
    // At the first of the two in the file, like every rule between two values.
    const toml::node& floor = *company.get("capex_floor");
    const toml::node& ceiling = *company.get("capex_ceiling");
    const bool floor_first = floor.source().begin < ceiling.source().begin;
    site.fail(floor_first ? floor : ceiling,
              "capex_floor must be <= capex_ceiling, got capex_floor = " +
                  format_number(*policy.capex_floor) +
                  " and capex_ceiling = " + format_number(*policy.capex_ceiling));
  }
  return policy;
}

}  // namespace capexsim
