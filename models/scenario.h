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

//! The drawn parameters of a company, in the order used for stream ids and results: the four of
//! the cash-flow model, then the balance sheet's (docs/model.md, "Balance sheet"), which are
//! fixed at 0 without financing and so draw nothing.
enum class Param {
  ocf_growth = 0,
  capex_growth = 1,
  buyback_ratio = 2,
  dividend_ratio = 3,
  cash_yield = 4,
  debt_rate = 5,
  other_flows = 6
};
inline constexpr int kParamCount = 7;
//! The parameters of the cash-flow model, read from the company table; the rest from `financing`.
inline constexpr int kFlowParamCount = 4;
inline constexpr std::array<const char*, kParamCount> kParamNames = {
    "ocf_growth", "capex_growth", "buyback_ratio", "dividend_ratio",
    "cash_yield", "debt_rate",    "other_flows"};

struct Company {
  std::string name;
  Flows base;  //!< base-year OCF, buybacks, dividends, capex
  //! Actuals of the first projection year so far (`known`); only the rest of that year is drawn.
  std::optional<KnownPart> known;
  //! One distribution per projection year; the balance sheet's (cash_yield, debt_rate,
  //! other_flows) may have none when the company has no financing: they are 0 and never drawn.
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
