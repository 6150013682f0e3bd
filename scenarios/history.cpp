// Reads a history CSV (RFC 4180: comma-separated fields, double-quoted fields may hold commas,
// quotes written twice and line breaks; CRLF or LF line ends) and validates every row. Each
// error is an InputError at the file, line and column (from 1) of the offending field.
#include "scenarios/history.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>
#include <string_view>
#include <tuple>

#include "models/errors.h"
#include "scenarios/text_file.h"

namespace capexsim {
namespace {

struct Field {
  std::string text;
  int line = 0, column = 0;
};

struct Record {
  std::vector<Field> fields;
  int line = 0;
};

//! Splits the text into records of fields (RFC 4180, section 2). Blank lines are skipped.
std::vector<Record> parse_csv(std::string_view text, const std::string& path) {
  std::vector<Record> records;
  std::size_t i = 0;
  int line = 1, column = 1;
  const auto advance = [&] {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    ++i;
  };
  while (i < text.size()) {
    if (text[i] == '\n' || (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
      while (i < text.size() && text[i] != '\n') advance();
      advance();
      continue;  // blank line
    }
    Record record;
    record.line = line;
    for (;;) {
      Field field{"", line, column};
      if (i < text.size() && text[i] == '"') {
        advance();
        for (;;) {
          if (i >= text.size())
            throw InputError(path, field.line, field.column, "quoted field is never closed");
          if (text[i] == '"') {
            advance();
            if (i < text.size() && text[i] == '"') {
              field.text += '"';
              advance();
              continue;
            }
            break;
          }
          field.text += text[i];
          advance();
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
          throw InputError(path, line, column,
                           "text after a closing quote (write \"\" for a quote)");
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          field.text += text[i];
          advance();
        }
      }
      record.fields.push_back(std::move(field));
      if (i < text.size() && text[i] == ',') {
        advance();
        continue;
      }
      if (i < text.size() && text[i] == '\r') advance();
      if (i < text.size() && text[i] == '\n') advance();
      break;
    }
    records.push_back(std::move(record));
  }
  return records;
}

enum Column { kCompany, kPeriod, kOcf, kCapex, kBuybacks, kDividends, kSource, kConfidence };
constexpr int kColumns = 8;
constexpr std::array<std::string_view, kColumns> kNames = {
    "company", "year|quarter", "ocf", "capex", "buybacks", "dividends", "source", "confidence"};

//! Maps each required column to its index in the header; sets `quarterly`.
std::array<int, kColumns> read_header(const Record& header, const std::string& path,
                                      bool& quarterly) {
  std::array<int, kColumns> at{};
  at.fill(-1);
  for (std::size_t c = 0; c < header.fields.size(); ++c) {
    const Field& f = header.fields[c];
    const std::string name = lowercase(f.text);
    int which = -1;
    for (int k = 0; k < kColumns; ++k)
      if (name == kNames[static_cast<std::size_t>(k)]) which = k;
    if (name == "year" || name == "quarter") {
      if (at[kPeriod] >= 0)
        throw InputError(path, f.line, f.column,
                         "column \"" + f.text + "\": a file has either a year or a quarter column");
      which = kPeriod;
      quarterly = name == "quarter";
    }
    if (which < 0)
      throw InputError(path, f.line, f.column,
                       "unknown column \"" + f.text +
                           "\" (the columns are company, year or quarter, ocf, capex, buybacks, "
                           "dividends, source, confidence)");
    if (at[which] >= 0)
      throw InputError(path, f.line, f.column, "column \"" + f.text + "\" appears twice");
    at[which] = static_cast<int>(c);
  }
  for (int k = 0; k < kColumns; ++k)
    if (at[k] < 0)
      throw InputError(path, header.line, 1,
                       k == kPeriod ? std::string("missing column \"year\" or \"quarter\"")
                                    : "missing column \"" +
                                          std::string(kNames[static_cast<std::size_t>(k)]) + "\"");
  return at;
}

std::optional<double> read_value(const Field& f, std::string_view column, const std::string& path) {
  std::string_view t = f.text;
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  if (t.empty()) return std::nullopt;
  const std::string s(t);
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v) || errno == ERANGE)
    throw InputError(path, f.line, f.column,
                     std::string(column) + " must be a finite number, not \"" + f.text + "\"");
  if (column != "ocf" && v < 0)
    throw InputError(path, f.line, f.column,
                     std::string(column) + " is an outflow written as a positive amount, got " + s);
  return v;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

//! "2024" (annual) or "2024Q1" (quarterly) into row.year and row.quarter.
void read_period(const Field& f, bool quarterly, const std::string& path, HistoryRow& row) {
  const std::string_view t = f.text;
  const std::string_view year = quarterly ? t.substr(0, t.size() >= 2 ? t.size() - 2 : 0) : t;
  const bool ok_year =
      all_digits(year) && year.size() <= 4 && std::atoi(std::string(year).c_str()) >= 1;
  const bool ok_quarter =
      !quarterly || (t.size() >= 2 && (t[t.size() - 2] == 'Q' || t[t.size() - 2] == 'q') &&
                     t.back() >= '1' && t.back() <= '4');
  if (!ok_year || !ok_quarter)
    throw InputError(path, f.line, f.column,
                     quarterly ? "quarter must look like 2024Q1, not \"" + f.text + "\""
                               : "year must be an integer from 1 to 9999, not \"" + f.text + "\"");
  row.year = std::atoi(std::string(year).c_str());
  row.quarter = quarterly ? t.back() - '0' : 0;
}

}  // namespace

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
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 byte-order mark
  const std::vector<Record> records = parse_csv(text, path);
  if (records.empty()) throw InputError(path, 0, 0, "empty history file (no header row)");
  History history;
  history.path = path;
  const std::array<int, kColumns> at = read_header(records.front(), path, history.quarterly);
  const std::size_t width = records.front().fields.size();
  std::map<std::tuple<std::string, int, int>, int> seen;  // (company, year, quarter) -> line
  for (std::size_t r = 1; r < records.size(); ++r) {
    const Record& rec = records[r];
    if (rec.fields.size() != width)
      throw InputError(path, rec.line, 1,
                       "row has " + std::to_string(rec.fields.size()) + " fields, the header " +
                           std::to_string(width) + " (quote fields that hold commas)");
    const auto field = [&](int k) -> const Field& {
      return rec.fields[static_cast<std::size_t>(at[static_cast<std::size_t>(k)])];
    };
    HistoryRow row;
    row.line = rec.line;
    row.company = field(kCompany).text;
    if (row.company.empty())
      throw InputError(path, field(kCompany).line, field(kCompany).column, "company is empty");
    if (!known_companies.empty() &&
        std::none_of(known_companies.begin(), known_companies.end(),
                     [&](const std::string& k) { return lowercase(k) == lowercase(row.company); }))
      throw InputError(path, field(kCompany).line, field(kCompany).column,
                       "unknown company \"" + row.company + "\"");
    read_period(field(kPeriod), history.quarterly, path, row);
    row.ocf = read_value(field(kOcf), "ocf", path);
    row.capex = read_value(field(kCapex), "capex", path);
    row.buybacks = read_value(field(kBuybacks), "buybacks", path);
    row.dividends = read_value(field(kDividends), "dividends", path);
    row.source = field(kSource).text;
    row.confidence = field(kConfidence).text;
    const auto [first, inserted] =
        seen.emplace(std::tuple(lowercase(row.company), row.year, row.quarter), rec.line);
    if (!inserted)
      throw InputError(path, field(kPeriod).line, field(kPeriod).column,
                       "duplicate row for " + row.company + " " + field(kPeriod).text +
                           " (first at line " + std::to_string(first->second) + ")");
    history.rows.push_back(std::move(row));
  }
  return history;
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
