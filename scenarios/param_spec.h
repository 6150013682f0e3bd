//! One input distribution of a company, `{ dist = "normal", mean = 0.15, sd = 0.05 }`, read into
//! one Distribution per projection year with every parameter checked where it is written, and its
//! optional `persistence` across years.
#pragma once

#include <string_view>
#include <vector>

#include "models/scenario.h"
#include "scenarios/toml_fields.h"

namespace capexsim {

//! A parameter as written: one distribution per year, and `persistence`, the AR(1) coefficient
//! of its normal scores from one year to the next (docs/dependence.md; 0 when not given).
struct ParsedParam {
  ParamSpec spec;
  double persistence = 0;
};

//! `name` is the parameter's key ("capex_growth"), used in messages.
ParsedParam parse_param_spec(const toml::node& node, std::string_view name,
                             const std::vector<int>& years, const ErrorSite& site);

}  // namespace capexsim
