//! Scenarios built in code for the engine and sampling tests.
#pragma once

#include <string>
#include <vector>

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
  c.params = {all_years(ocf_growth, years), all_years(capex_growth, years),
              all_years(buyback_ratio, years), all_years(dividend_ratio, years)};
  return c;
}

}  // namespace capexsim::test
