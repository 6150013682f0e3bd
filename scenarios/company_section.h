//! One [[company]] table: its name, base-year flows and four input distributions. The payout
//! ratios, when absent, are fixed at their base-year values (base.buybacks / base.ocf, ...).
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "models/scenario.h"
#include "scenarios/toml_fields.h"

namespace capexsim {

//! A company and the persistence of each of its parameters (0 where none is given).
struct CompanySection {
  Company company;
  std::array<double, kParamCount> persistence{};
};

//! `index` counts from 1 and names the company in messages until its name is known.
CompanySection parse_company(const toml::table& table, std::size_t index,
                             const std::vector<int>& years, const std::string& file);

}  // namespace capexsim
