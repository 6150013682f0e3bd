//! The policy rules of one [[company]] table (docs/policy.md): `buyback_cut`, `dividend_cut`,
//! `capex_floor` and `capex_ceiling`, each optional.
#pragma once

#include <array>
#include <string_view>

#include "models/policy.h"
#include "scenarios/toml_fields.h"

namespace capexsim {

//! The [[company]] keys that hold policy rules.
inline constexpr std::array<std::string_view, 4> kPolicyKeys = {"buyback_cut", "dividend_cut",
                                                                "capex_floor", "capex_ceiling"};

//! Reads the rules present in a company table; every bad value is an InputError at its node.
Policy parse_policy(const toml::table& company, const ErrorSite& site);

}  // namespace capexsim
