//! Scenarios built in code for the engine and sampling tests.
#pragma once

#include <string>
#include <vector>

#include "models/balance.h"
#include "models/dependence.h"
#include "models/scenario.h"

namespace capexsim::test {

//! The same distribution in every one of `years` years.
inline ParamSpec all_years(const Distribution& d, int years) {
  return ParamSpec{std::vector<Distribution>(static_cast<std::size_t>(years), d)};
}

inline Company make_company(const std::string& name, Flows base, int years,
                            const Distribution& ocf_growth, const Distribution& capex_growth,
                            const Distribution& buyback_ratio, const Distribution& dividend_ratio) {
  Company c;
  c.name = name;
  c.base = base;
  const ParamSpec none = all_years(Distribution::fixed(0.0), years);  // no financing
  c.params = {all_years(ocf_growth, years),
              all_years(capex_growth, years),
              all_years(buyback_ratio, years),
              all_years(dividend_ratio, years),
              none,
              none,
              none};
  return c;
}

//! Gives company `c` of `s` financing with these drawn rates and other flows (every year the
//! same) and refreshes the scenario's (independent) dependence so the drawn ones are variables.
inline void give_financing(Scenario& s, std::size_t c, const Financing& f,
                           const Distribution& cash_yield, const Distribution& debt_rate,
                           const Distribution& other_flows = Distribution::fixed(0.0)) {
  const int years = s.year_count();
  Company& company = s.companies[c];
  company.financing = f;
  company.params[static_cast<int>(Param::cash_yield)] = all_years(cash_yield, years);
  company.params[static_cast<int>(Param::debt_rate)] = all_years(debt_rate, years);
  company.params[static_cast<int>(Param::other_flows)] = all_years(other_flows, years);
  s.dependence = independent(s.companies);
}

//! Two independent companies over 2024-2026 drawing from six distribution families (and fixed
//! dividend ratios): the engine tests' small scenario. `a_capex_mode`: the mode of company a's
//! triangular capex growth.
inline Scenario two_company_scenario(const std::string& name, double a_capex_mode = 0.2) {
  Scenario s;
  s.name = name;
  s.base_year = 2023;
  s.years = {2024, 2025, 2026};
  s.companies = {make_company("a", {100, 20, 5, 60}, 3, Distribution::normal(0.1, 0.1, -0.3),
                              Distribution::triangular(0.0, a_capex_mode, 0.5),
                              Distribution::uniform(0.1, 0.3), Distribution::fixed(0.05)),
                 make_company("b", {80, 10, 10, 50}, 3, Distribution::lognormal(0.1, 0.15, -1.0),
                              Distribution::pert(-0.1, 0.2, 0.6), Distribution::beta(2, 5, 0, 0.3),
                              Distribution::fixed(0.1))};
  s.dependence = independent(s.companies);
  return s;
}

//! `s` with the same financing on every company: base-year `cash` and `debt`, the two drawn
//! rates in every year, a cash floor of `min_cash_ratio` x OCF and debt up to `max_debt_to_ocf`
//! x OCF, no equity.
inline Scenario with_financing(Scenario s, double cash, double debt, const Distribution& cash_yield,
                               const Distribution& debt_rate, double min_cash_ratio,
                               double max_debt_to_ocf) {
  for (std::size_t c = 0; c < s.companies.size(); ++c) {
    Financing f;
    f.base = {cash, debt};
    f.min_cash_ratio.assign(s.years.size(), min_cash_ratio);
    f.max_debt_to_ocf = max_debt_to_ocf;
    give_financing(s, c, f, cash_yield, debt_rate);
  }
  return s;
}

}  // namespace capexsim::test
