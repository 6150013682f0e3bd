//! One input distribution of a company, `{ dist = "normal", mean = 0.15, sd = 0.05 }`, read into
//! one Distribution per projection year with every parameter checked where it is written.
#pragma once

#include <string_view>
#include <vector>

#include "models/scenario.h"
#include "scenarios/toml_fields.h"

namespace capexsim {

//! `name` is the parameter's key ("capex_growth"), used in messages.
ParamSpec parse_param_spec(const toml::node& node, std::string_view name,
                           const std::vector<int>& years, const ErrorSite& site);

}  // namespace capexsim
