//! What one block of paths adds up for the balance sheet (docs/model.md, "Balance sheet"):
//! per (entity, year) the shifted sums of the eight balance variables and the event counts, per
//! entity the paths on which an event never happens. Empty when the scenario has no financing.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "models/balance.h"
#include "sim/mean_var.h"

namespace capexsim {

//! The balance variables, in the order of BalanceResults' means.
enum class BalanceVar { cash, debt, net_cash, issued, equity, shortfall, interest, other_flows };
inline constexpr int kBalanceVarCount = 8;
inline constexpr std::array<const char*, kBalanceVarCount> kBalanceVarNames = {
    "cash", "debt", "net_cash", "issued", "equity", "shortfall", "interest", "other_flows"};

//! A balance variable's or event's words for messages and file attributes.
struct BalanceText {
  const char* long_name;    //!< e.g. "net cash", "net debt"
  const char* description;  //!< what it is; for an event its condition, e.g. "net_cash < 0"
};
//! In BalanceVar order.
inline constexpr std::array<BalanceText, kBalanceVarCount> kBalanceVarText = {{
    {"cash", "Year-end cash"},
    {"debt", "Year-end debt"},
    {"net cash", "Year-end cash - debt"},
    {"debt issued", "Debt issued in the year to keep cash at min_cash_ratio x OCF"},
    {"equity issued", "Equity issued in the year for what debt could not cover"},
    {"shortfall", "Part of the year's financing need that neither debt nor equity covered"},
    {"net interest", "Interest on the change in cash and debt since the base year"},
    {"other flows", "Other cash flows (acquisitions, securities, taxes, FX): other_flows x OCF"},
}};

//! The balance variables whose quantiles RunOptions::balance_quantiles adds to net cash's, in the
//! order of their per-path rows (BalanceRows::quantities).
inline constexpr std::array<BalanceVar, kBalanceVarCount - 1> kQuantileVars = {
    BalanceVar::cash,      BalanceVar::debt,     BalanceVar::issued,     BalanceVar::equity,
    BalanceVar::shortfall, BalanceVar::interest, BalanceVar::other_flows};

//! The events counted per year and by their first year: net_cash < 0, issued > 0, shortfall > 0.
enum class BalanceEvent { net_debt, issued, shortfall };
inline constexpr int kBalanceEventCount = 3;
inline constexpr std::array<const char*, kBalanceEventCount> kBalanceEventNames = {
    "net_debt", "issued", "shortfall"};
//! In BalanceEvent order: the event's name and its condition.
inline constexpr std::array<BalanceText, kBalanceEventCount> kBalanceEventText = {{
    {"net debt", "net_cash < 0"},
    {"debt issued", "issued > 0"},
    {"shortfall", "shortfall > 0"},
}};

//! The values of one year in BalanceVar order.
inline std::array<double, kBalanceVarCount> balance_values(const BalanceYear& y) {
  return {y.cash, y.debt, y.net_cash, y.issued, y.equity, y.shortfall, y.interest, y.other};
}

//! The same into out[0..kBalanceVarCount), one store each (an array built first and copied
//! would be written as doubles and read back in pairs, which the CPU cannot forward).
inline void store_balance_values(const BalanceYear& y, double* out) {
  out[0] = y.cash;
  out[1] = y.debt;
  out[2] = y.net_cash;
  out[3] = y.issued;
  out[4] = y.equity;
  out[5] = y.shortfall;
  out[6] = y.interest;
  out[7] = y.other;
}

//! The events of one year in BalanceEvent order.
inline std::array<bool, kBalanceEventCount> balance_events(const BalanceYear& y) {
  return {y.net_cash<0.0, y.issued> 0.0, y.shortfall > 0.0};
}

struct BalanceCell {
  ShiftedSums values[kBalanceVarCount];
  std::int64_t events[kBalanceEventCount] = {};  //!< paths on which the event holds that year
  std::int64_t first[kBalanceEventCount] = {};   //!< paths on which it first holds that year
};

struct BalanceBlockStats {
  std::vector<BalanceCell> cells;                                   // (entity, year)
  std::vector<std::array<std::int64_t, kBalanceEventCount>> never;  // (entity)

  void resize(std::size_t entity_years, std::size_t entities) {
    cells.assign(entity_years, BalanceCell{});
    never.assign(entities, {});
  }
};

}  // namespace capexsim
