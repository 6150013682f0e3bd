// Reads a capex guidance CSV (guidance.h) with the history files' CSV layer: every error is an
// InputError at the file, line and column of the offending field, naming its column.
#include "scenarios/guidance.h"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

#include "models/errors.h"
#include "scenarios/csv.h"
#include "scenarios/history.h"
#include "scenarios/text_file.h"

namespace capexsim {
namespace {

enum Column { kCompany, kYear, kLow, kHigh, kBasis, kDate, kSource, kQuote, kColumns };
constexpr std::array<std::string_view, kColumns> kNames = {
    "company", "year", "capex_low", "capex_high", "basis", "date", "source", "quote"};
constexpr std::array<CapexBasis, 3> kBases = {CapexBasis::purchases, CapexBasis::finance_leases,
                                              CapexBasis::net_of_proceeds};

std::string allowed_bases() {
  std::string out;
  for (CapexBasis b : kBases)
    out += (out.empty() ? "\"" : ", \"") + std::string(basis_text(b)) + "\"";
  return out;
}

std::string column_list() {
  std::string out;
  for (std::string_view n : kNames) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

std::array<int, kColumns> read_header(const csv::Record& header, const std::string& path) {
  std::array<int, kColumns> at{};
  at.fill(-1);
  for (std::size_t c = 0; c < header.fields.size(); ++c) {
    const csv::Field& f = header.fields[c];
    const auto* const it = std::find(kNames.begin(), kNames.end(), lowercase(csv::trimmed(f.text)));
    if (it == kNames.end())
      throw InputError(path, f.line, f.column,
                       "unknown column \"" + f.text + "\" (a guidance file has the columns " +
                           column_list() + ")");
    const auto k = static_cast<std::size_t>(it - kNames.begin());
    if (at[k] >= 0)
      throw InputError(path, f.line, f.column, "column \"" + f.text + "\" appears twice");
    at[k] = static_cast<int>(c);
  }
  for (std::size_t k = 0; k < kColumns; ++k)
    if (at[k] < 0)
      throw InputError(path, header.line, 1, "missing column \"" + std::string(kNames[k]) + "\"");
  return at;
}

CapexBasis read_basis(const csv::Field& f, const std::string& path) {
  const std::string text = lowercase(csv::trimmed(f.text));
  for (CapexBasis b : kBases)
    if (text == basis_text(b)) return b;
  throw InputError(
      path, f.line, f.column,
      (text.empty() ? std::string("basis is empty") : "unknown basis \"" + f.text + "\"") +
          ": say what the guided capex counts, one of " + allowed_bases());
}

//! capex_low and capex_high: both present, finite, >= 0, low <= high.
void read_range(const csv::Field& low, const csv::Field& high, const std::string& path,
                Guidance& g) {
  const auto bound = [&](const csv::Field& f, std::string_view name) {
    const std::optional<double> v = csv::number(f, name, false, false, path);
    if (!v)
      throw InputError(path, f.line, f.column,
                       std::string(name) + " is empty (a point guidance repeats its value)");
    return *v;
  };
  g.low = bound(low, "capex_low");
  g.high = bound(high, "capex_high");
  if (g.low > g.high)
    throw InputError(path, high.line, high.column,
                     "capex_high " + std::string(csv::trimmed(high.text)) + " is below capex_low " +
                         std::string(csv::trimmed(low.text)));
}

Guidance read_row(const csv::Record& rec, const std::array<int, kColumns>& at,
                  const std::string& path, const std::vector<std::string>& known) {
  const auto field = [&](Column k) -> const csv::Field& {
    return rec.fields[static_cast<std::size_t>(at[static_cast<std::size_t>(k)])];
  };
  Guidance g;
  g.line = rec.line;
  g.company = field(kCompany).text;
  if (g.company.empty())
    throw InputError(path, field(kCompany).line, field(kCompany).column, "company is empty");
  csv::require_known_company(field(kCompany), known, path);
  const std::optional<int> year = csv::year_of(csv::trimmed(field(kYear).text));
  if (!year)
    throw InputError(path, field(kYear).line, field(kYear).column,
                     "year must be an integer from 1 to 9999, not \"" + field(kYear).text + "\"");
  g.year = *year;
  read_range(field(kLow), field(kHigh), path, g);
  g.basis = read_basis(field(kBasis), path);
  g.date = std::string(csv::trimmed(field(kDate).text));
  if (!csv::date_of(g.date))
    throw InputError(
        path, field(kDate).line, field(kDate).column,
        "date must be the day it was said, YYYY-MM-DD, not \"" + field(kDate).text + "\"");
  g.source = field(kSource).text;
  if (csv::trimmed(g.source).empty())
    throw InputError(path, field(kSource).line, field(kSource).column,
                     "source is empty: name where the guidance was said");
  g.quote = field(kQuote).text;
  return g;
}

}  // namespace

std::string_view basis_text(CapexBasis basis) {
  switch (basis) {
    case CapexBasis::finance_leases:
      return "including finance leases";
    case CapexBasis::net_of_proceeds:
      return "cash capex net of proceeds";
    case CapexBasis::purchases:
      break;
  }
  return "purchases of property and equipment";
}

GuidanceFile read_guidance(const std::string& path,
                           const std::vector<std::string>& known_companies) {
  return parse_guidance(read_text_file(path, "guidance file"), path, known_companies);
}

GuidanceFile parse_guidance(std::string_view text, const std::string& path,
                            const std::vector<std::string>& known_companies) {
  const std::vector<csv::Record> records = csv::parse(text, path);
  if (records.empty()) throw InputError(path, 0, 0, "empty guidance file (no header row)");
  const std::array<int, kColumns> at = read_header(records.front(), path);
  GuidanceFile file;
  file.path = path;
  std::map<std::pair<std::string, int>, int> seen;  // (company, year) -> line
  for (std::size_t r = 1; r < records.size(); ++r) {
    csv::require_width(records[r], records.front().fields.size(), path);
    Guidance g = read_row(records[r], at, path, known_companies);
    const auto [first, inserted] = seen.emplace(std::pair(lowercase(g.company), g.year), g.line);
    if (!inserted) {
      const csv::Field& f = records[r].fields[static_cast<std::size_t>(at[kYear])];
      throw InputError(path, f.line, f.column,
                       "duplicate guidance for " + g.company + " " + std::to_string(g.year) +
                           " (first at line " + std::to_string(first->second) + ")");
    }
    file.rows.push_back(std::move(g));
  }
  return file;
}

const Guidance* GuidanceFile::find(const std::string& company, int year) const {
  for (const Guidance& g : rows)
    if (g.year == year && lowercase(g.company) == lowercase(company)) return &g;
  return nullptr;
}

}  // namespace capexsim
