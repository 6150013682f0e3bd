//! The `between` list of a [[correlation]] table: "<company>.<parameter>" names, with "*" for
//! every company that draws the parameter, resolved to the copula's variables.
#pragma once

#include <vector>

#include "models/scenario.h"
#include "scenarios/toml_fields.h"

namespace capexsim {

//! Indices into `variables` (Dependence::variables) in listing order, wildcards expanded in
//! company order. An unknown company or parameter, a fixed parameter named explicitly, a wildcard
//! that matches nothing and a name listed twice are errors at the offending entry.
std::vector<int> resolve_between(const toml::node& between, const std::vector<Company>& companies,
                                 const std::vector<Variable>& variables, const ErrorSite& site);

}  // namespace capexsim
