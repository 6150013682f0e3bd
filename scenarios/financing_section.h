//! A company's `financing` table and its base-year balances (`base.cash`, `base.debt`), read into
//! a Financing with every rule checked where it is written (docs/scenario-format.md).
#pragma once

#include <vector>

#include "models/balance.h"
#include "scenarios/toml_fields.h"

namespace capexsim {

//! `financing` is the node of the company's `financing` key, `base` its `base` table.
Financing parse_financing(const toml::node& financing, const toml::table& base,
                          const std::vector<int>& years, const ErrorSite& site);

//! base.cash and base.debt are read only with financing: without it, either one is an error.
void reject_balances_without_financing(const toml::table& base, const ErrorSite& site);

}  // namespace capexsim
