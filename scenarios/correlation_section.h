//! The [[correlation]] tables of a scenario file (docs/dependence.md): each table's pairs,
//! assembled into one normal-score correlation matrix over the drawn parameters, checked to be
//! positive semi-definite and, where a table asks for it, repaired to the nearest valid one.
#pragma once

#include <vector>

#include "models/scenario.h"
#include "scenarios/toml_fields.h"

namespace capexsim {

//! `node` is the top-level `correlation` value. `dependence.variables` must already hold the
//! drawn parameters (independent(companies)); fills correlation, declared, repaired and
//! repair_distance.
void parse_correlations(const toml::node& node, const std::vector<Company>& companies,
                        Dependence& dependence, const ErrorSite& site);

}  // namespace capexsim
