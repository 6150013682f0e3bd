//! A company's `financing` table and its base-year balances (`base.cash`, `base.debt`), read into
//! a Financing with every rule checked where it is written (docs/scenario-format.md).
#pragma once

#include <cstddef>
#include <vector>

#include "models/balance.h"
#include "scenarios/param_spec.h"
#include "scenarios/toml_fields.h"

namespace capexsim {

//! The fixed rules, and the drawn parameters cash_yield, debt_rate and other_flows (fixed at 0
//! when absent) with their persistence.
struct FinancingSection {
  Financing financing;
  ParsedParam cash_yield, debt_rate, other_flows;
};

//! `financing` is the node of the company's `financing` key, `base` its `base` table.
FinancingSection parse_financing(const toml::node& financing, const toml::table& base,
                                 const std::vector<int>& years, const ErrorSite& site);

//! Without financing the balance sheet's parameters are fixed at 0 (they draw nothing).
ParsedParam no_financing_param(std::size_t years);

//! base.cash and base.debt are read only with financing: without it, either one is an error.
void reject_balances_without_financing(const toml::table& base, const ErrorSite& site);

}  // namespace capexsim
