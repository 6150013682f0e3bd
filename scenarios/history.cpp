// Reads a history CSV of any kind (history.h) and validates every row. Each error is an
// InputError at the file, line and column (from 1) of the offending field, naming its column.
#include "scenarios/history.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <map>
#include <tuple>

#include "models/errors.h"
#include "scenarios/csv.h"
#include "scenarios/history_layout.h"
#include "scenarios/text_file.h"

namespace capexsim {
namespace {

using history_layout::Layout;
using history_layout::Slot;
namespace chr = std::chrono;

//! "2024" (annual, balance) or "2024Q1" (quarterly) into row.year, row.quarter and row.label.
void read_period(const csv::Field& f, bool quarterly, const std::string& path, HistoryRow& row) {
  const std::string_view t = f.text;
  const std::string_view digits = quarterly ? t.substr(0, t.size() >= 2 ? t.size() - 2 : 0) : t;
  const std::optional<int> year = csv::year_of(digits);
  const bool ok_quarter =
      !quarterly || (t.size() >= 2 && (t[t.size() - 2] == 'Q' || t[t.size() - 2] == 'q') &&
                     t.back() >= '1' && t.back() <= '4');
  if (!year || !ok_quarter)
    throw InputError(path, f.line, f.column,
                     quarterly ? "quarter must look like 2024Q1, not \"" + f.text + "\""
                               : "year must be an integer from 1 to 9999, not \"" + f.text + "\"");
  row.year = *year;
  row.quarter = quarterly ? t.back() - '0' : 0;
  row.label = period_label(row.year, row.quarter);
}

//! "FY2026" (FY in any case) into row.year (2026) and row.label ("FY2026").
void read_fiscal_year(const csv::Field& f, const std::string& path, HistoryRow& row) {
  const std::string_view t = f.text;
  const std::optional<int> year =
      t.size() > 2 && lowercase(t.substr(0, 2)) == "fy" ? csv::year_of(t.substr(2)) : std::nullopt;
  if (!year)
    throw InputError(path, f.line, f.column,
                     "fiscal_year must look like FY2026, not \"" + f.text + "\"");
  row.year = *year;
  row.label = "FY" + std::to_string(*year);
}

//! "2025-07-01..2026-06-30": twelve months ending on June 30 of the row's fiscal year (the
//! balance columns are as of June 30).
void read_fiscal_period(const csv::Field& f, const std::string& path, HistoryRow& row) {
  const std::string_view t = csv::trimmed(f.text);
  const std::size_t dots = t.find("..");
  const auto first =
      dots == std::string_view::npos ? std::nullopt : csv::date_of(t.substr(0, dots));
  const auto last =
      dots == std::string_view::npos ? std::nullopt : csv::date_of(t.substr(dots + 2));
  const auto fail = [&](const std::string& why) {
    throw InputError(path, f.line, f.column, "period \"" + f.text + "\": " + why);
  };
  if (!first || !last) fail("must be FIRST..LAST as dates, such as 2025-07-01..2026-06-30");
  if (static_cast<int>(last->year()) != row.year || last->month() != chr::June ||
      last->day() != chr::day{30})
    fail("must end on June 30 of " + row.label + " (the balances are as of June 30)");
  const chr::year_month_day next_first = *first + chr::years{1};
  if (!next_first.ok() || chr::sys_days(*last) + chr::days{1} != chr::sys_days(next_first))
    fail("must be the twelve months to its last day (" + std::to_string(row.year - 1) + "-07-01.." +
         std::string(t.substr(dots + 2)) + ")");
  row.first_day = std::string(t.substr(0, dots));
  row.last_day = std::string(t.substr(dots + 2));
}

void read_cells(const Layout& layout, const csv::Record& rec, const std::string& path,
                HistoryRow& row) {
  const auto cell = [&](Slot s) -> std::optional<double> {
    if (layout.at[s] < 0) return std::nullopt;
    const bool ocf = s == history_layout::kOcf;
    const bool balance = s == history_layout::kCash || s == history_layout::kDebt;
    return csv::number(rec.fields[static_cast<std::size_t>(layout.at[s])], layout.name[s], ocf,
                       !balance, path);
  };
  row.ocf = cell(history_layout::kOcf);
  row.capex = cell(history_layout::kCapex);
  row.buybacks = cell(history_layout::kBuybacks);
  row.dividends = cell(history_layout::kDividends);
  row.cash = cell(history_layout::kCash);
  row.debt = cell(history_layout::kDebt);
}

HistoryRow read_row(const Layout& layout, const csv::Record& rec, const std::string& path,
                    const std::vector<std::string>& known_companies) {
  const auto field = [&](Slot s) -> const csv::Field& {
    return rec.fields[static_cast<std::size_t>(layout.at[s])];
  };
  HistoryRow row;
  row.line = rec.line;
  const csv::Field& company = field(history_layout::kCompany);
  row.company = company.text;
  if (row.company.empty()) throw InputError(path, company.line, company.column, "company is empty");
  csv::require_known_company(company, known_companies, path);
  if (layout.kind == HistoryKind::fiscal) {
    read_fiscal_year(field(history_layout::kPeriod), path, row);
    read_fiscal_period(field(history_layout::kRange), path, row);
  } else {
    read_period(field(history_layout::kPeriod), layout.kind == HistoryKind::quarterly, path, row);
  }
  read_cells(layout, rec, path, row);
  row.source = field(history_layout::kSource).text;
  row.confidence = field(history_layout::kConfidence).text;
  return row;
}

}  // namespace

std::string_view kind_phrase(HistoryKind kind) {
  switch (kind) {
    case HistoryKind::quarterly:
      return "a quarterly flow history";
    case HistoryKind::balance:
      return "a balance-sheet file";
    case HistoryKind::fiscal:
      return "a fiscal-year file";
    case HistoryKind::annual:
      break;
  }
  return "an annual flow history";
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string period_label(int year, int quarter) {
  std::string out = std::to_string(year);
  if (quarter != 0) {
    out += 'Q';
    out += std::to_string(quarter);
  }
  return out;
}

History read_history(const std::string& path, const std::vector<std::string>& known_companies) {
  return parse_history(read_text_file(path, "history file"), path, known_companies);
}

History parse_history(std::string_view text, const std::string& path,
                      const std::vector<std::string>& known_companies) {
  const std::vector<csv::Record> records = csv::parse(text, path);
  if (records.empty()) throw InputError(path, 0, 0, "empty history file (no header row)");
  const Layout layout = history_layout::read(records.front(), path);
  History history;
  history.path = path;
  history.kind = layout.kind;
  history.quarterly = layout.kind == HistoryKind::quarterly;
  std::map<std::tuple<std::string, int, int>, int> seen;  // (company, year, quarter) -> line
  for (std::size_t r = 1; r < records.size(); ++r) {
    const csv::Record& rec = records[r];
    csv::require_width(rec, records.front().fields.size(), path);
    HistoryRow row = read_row(layout, rec, path, known_companies);
    const auto [first, inserted] =
        seen.emplace(std::tuple(lowercase(row.company), row.year, row.quarter), rec.line);
    if (!inserted) {
      const csv::Field& f =
          rec.fields[static_cast<std::size_t>(layout.at[history_layout::kPeriod])];
      throw InputError(path, f.line, f.column,
                       "duplicate row for " + row.company + " " + f.text + " (first at line " +
                           std::to_string(first->second) + ")");
    }
    history.rows.push_back(std::move(row));
  }
  return history;
}

void require_calendar_flows(const History& history) {
  if (history.kind == HistoryKind::annual || history.kind == HistoryKind::quarterly) return;
  throw InputError(history.path, 1, 1,
                   std::string(kind_phrase(history.kind)) +
                       ", not a flow history; calendar-year or calendar-quarter flows (ocf, capex, "
                       "buybacks, dividends) are read from a file with a year or quarter column, "
                       "such as scenarios/data/annual.csv or scenarios/data/quarterly.csv");
}

std::vector<const HistoryRow*> History::company(const std::string& name) const {
  std::vector<const HistoryRow*> out;
  for (const HistoryRow& row : rows)
    if (lowercase(row.company) == lowercase(name)) out.push_back(&row);
  std::stable_sort(out.begin(), out.end(), [](const HistoryRow* a, const HistoryRow* b) {
    return std::tie(a->year, a->quarter) < std::tie(b->year, b->quarter);
  });
  return out;
}

const HistoryRow* History::find(const std::string& company, int year) const {
  for (const HistoryRow& row : rows)
    if (row.quarter == 0 && row.year == year && lowercase(row.company) == lowercase(company))
      return &row;
  return nullptr;
}

}  // namespace capexsim
