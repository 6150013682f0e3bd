// A history file's header: the kind, then every column against the kind's list, so that an
// unknown column's message can say which columns that kind of file has.
#include "scenarios/history_layout.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "models/errors.h"

namespace capexsim::history_layout {
namespace {

using Columns = std::vector<std::pair<std::string_view, Slot>>;

const Columns& columns_of(HistoryKind kind) {
  static const Columns annual = {{"company", kCompany},   {"year", kPeriod},
                                 {"ocf", kOcf},           {"capex", kCapex},
                                 {"buybacks", kBuybacks}, {"dividends", kDividends},
                                 {"source", kSource},     {"confidence", kConfidence}};
  static const Columns quarterly = [] {
    Columns c = annual;
    c[1].first = "quarter";
    return c;
  }();
  static const Columns balance = {
      {"company", kCompany}, {"year", kPeriod},   {"cash_and_securities", kCash},
      {"total_debt", kDebt}, {"source", kSource}, {"confidence", kConfidence}};
  static const Columns fiscal = {{"company", kCompany},       {"fiscal_year", kPeriod},
                                 {"period", kRange},          {"ocf", kOcf},
                                 {"capex", kCapex},           {"buybacks", kBuybacks},
                                 {"dividends", kDividends},   {"cash_and_securities_jun30", kCash},
                                 {"total_debt_jun30", kDebt}, {"source", kSource},
                                 {"confidence", kConfidence}};
  switch (kind) {
    case HistoryKind::quarterly:
      return quarterly;
    case HistoryKind::balance:
      return balance;
    case HistoryKind::fiscal:
      return fiscal;
    case HistoryKind::annual:
      break;
  }
  return annual;
}

bool any_of_names(const std::vector<std::string>& names,
                  std::initializer_list<std::string_view> of) {
  return std::any_of(of.begin(), of.end(), [&](std::string_view n) {
    return std::find(names.begin(), names.end(), n) != names.end();
  });
}

//! The kind from the one period column (year, quarter or fiscal_year); without one, the kind the
//! other columns point to, so that the missing column can be named.
HistoryKind detect(const csv::Record& header, const std::vector<std::string>& names,
                   const std::string& path) {
  std::string_view period;
  for (std::size_t c = 0; c < names.size(); ++c) {
    if (names[c] != "year" && names[c] != "quarter" && names[c] != "fiscal_year") continue;
    if (!period.empty()) {
      const csv::Field& f = header.fields[c];
      throw InputError(path, f.line, f.column,
                       "column \"" + f.text +
                           "\": a file has only one of the period columns year, quarter and "
                           "fiscal_year");
    }
    period = names[c];
  }
  const bool flows = any_of_names(names, {"ocf", "capex", "buybacks", "dividends"});
  const bool balances = any_of_names(names, {"cash_and_securities", "total_debt"});
  if (period == "quarter") return HistoryKind::quarterly;
  if (period == "fiscal_year" ||
      (period.empty() &&
       any_of_names(names, {"period", "cash_and_securities_jun30", "total_debt_jun30"})))
    return HistoryKind::fiscal;
  return balances && !flows ? HistoryKind::balance : HistoryKind::annual;
}

std::string column_list(HistoryKind kind) {
  std::string out;
  for (const auto& [name, slot] : columns_of(kind))
    out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

}  // namespace

Layout read(const csv::Record& header, const std::string& path) {
  std::vector<std::string> names;
  for (const csv::Field& f : header.fields) names.push_back(lowercase(csv::trimmed(f.text)));
  Layout layout;
  layout.kind = detect(header, names, path);
  layout.at.fill(-1);
  const Columns& columns = columns_of(layout.kind);
  for (std::size_t c = 0; c < names.size(); ++c) {
    const csv::Field& f = header.fields[c];
    const auto it = std::find_if(columns.begin(), columns.end(),
                                 [&](const auto& col) { return col.first == names[c]; });
    if (it == columns.end())
      throw InputError(path, f.line, f.column,
                       "unknown column \"" + f.text + "\" (" +
                           std::string(kind_phrase(layout.kind)) + " has the columns " +
                           column_list(layout.kind) + ")");
    if (layout.at[it->second] >= 0)
      throw InputError(path, f.line, f.column, "column \"" + f.text + "\" appears twice");
    layout.at[it->second] = static_cast<int>(c);
  }
  for (const auto& [name, slot] : columns) {
    layout.name[slot] = name;
    if (layout.at[slot] >= 0) continue;
    const bool flow_period = slot == kPeriod && layout.kind == HistoryKind::annual;
    throw InputError(path, header.line, 1,
                     flow_period ? std::string("missing column \"year\" or \"quarter\"")
                                 : "missing column \"" + std::string(name) + "\"");
  }
  return layout;
}

}  // namespace capexsim::history_layout
