//! A scenario in memory: horizon, companies, base values and per-year input distributions.
//! Built by the scenario loader (scenarios/loader.h); knows nothing about files.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/balance.h"
#include "models/cashflow.h"
#include "models/dependence.h"
#include "models/distribution.h"
#include "models/nowcast.h"
#include "models/policy.h"

namespace capexsim {

//! The drawn parameters of a company, in the order used for stream ids and results.
enum class Param { ocf_growth = 0, capex_growth = 1, buyback_ratio = 2, dividend_ratio = 3 };
inline constexpr int kParamCount = 4;
inline constexpr std::array<const char*, kParamCount> kParamNames = {
    "ocf_growth", "capex_growth", "buyback_ratio", "dividend_ratio"};

struct Company {
  std::string name;
  Flows base;  //!< base-year OCF, buybacks, dividends, capex
  //! Actuals of the first projection year so far (`known`); only the rest of that year is drawn.
  std::optional<KnownPart> known;
  std::array<ParamSpec, kParamCount> params;
  Policy policy;  //!< management rules applied along each path (none by default)
  //! Balance sheet and financing rules (docs/model.md, "Balance sheet"); none by default.
  std::optional<Financing> financing;
  const ParamSpec& param(Param p) const { return params[static_cast<int>(p)]; }
};

struct Scenario {
  std::string name;
  int base_year = 0;
  std::vector<int> years;  //!< consecutive projection years, base_year + 1 onwards
  std::string unit;        //!< free text, may be empty
  std::optional<std::uint64_t> paths;
  std::optional<std::uint64_t> seed;
  std::vector<Company> companies;
  //! Correlation and persistence of the drawn parameters (identity / zero when none declared).
  Dependence dependence;
  std::string source_path;  //!< file it was read from
  std::string source_text;  //!< full TOML text as run (after any overrides)
  std::string overrides;    //!< the --set overrides applied, one per line (empty: none)

  int year_count() const { return static_cast<int>(years.size()); }
  //! Every company has financing (the loader allows all or none).
  bool has_financing() const {
    return !companies.empty() && companies.front().financing.has_value();
  }
  int company_count() const { return static_cast<int>(companies.size()); }
};

}  // namespace capexsim
