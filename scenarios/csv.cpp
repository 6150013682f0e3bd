// RFC 4180 records with positions, and the cell checks the data-file readers share.
#include "scenarios/csv.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "models/errors.h"
#include "scenarios/history.h"

namespace capexsim::csv {
namespace {

//! A cursor over the text that keeps the line and column of the next character.
struct Cursor {
  std::string_view text;
  std::size_t i = 0;
  int line = 1, column = 1;

  bool done() const { return i >= text.size(); }
  char peek() const { return text[i]; }
  bool at_line_end() const { return !done() && (text[i] == '\n' || text[i] == '\r'); }
  void advance() {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    ++i;
  }
};

//! A double-quoted field from its opening quote to just after its closing one.
Field quoted_field(Cursor& c, const std::string& path) {
  Field field{"", c.line, c.column};
  c.advance();
  for (;;) {
    if (c.done()) throw InputError(path, field.line, field.column, "quoted field is never closed");
    if (c.peek() == '"') {
      c.advance();
      if (!c.done() && c.peek() == '"') {
        field.text += '"';
        c.advance();
        continue;
      }
      break;
    }
    field.text += c.peek();
    c.advance();
  }
  if (!c.done() && c.peek() != ',' && !c.at_line_end())
    throw InputError(path, c.line, c.column, "text after a closing quote (write \"\" for a quote)");
  return field;
}

Record read_record(Cursor& c, const std::string& path) {
  Record record;
  record.line = c.line;
  for (;;) {
    Field field{"", c.line, c.column};
    if (!c.done() && c.peek() == '"') {
      field = quoted_field(c, path);
    } else {
      while (!c.done() && c.peek() != ',' && !c.at_line_end()) {
        field.text += c.peek();
        c.advance();
      }
    }
    record.fields.push_back(std::move(field));
    if (!c.done() && c.peek() == ',') {
      c.advance();
      continue;
    }
    if (!c.done() && c.peek() == '\r') c.advance();
    if (!c.done() && c.peek() == '\n') c.advance();
    return record;
  }
}

}  // namespace

std::vector<Record> parse(std::string_view text, const std::string& path) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 byte-order mark
  std::vector<Record> records;
  Cursor c{text};
  while (!c.done()) {
    const bool blank =
        c.peek() == '\n' || (c.peek() == '\r' && c.i + 1 < text.size() && text[c.i + 1] == '\n');
    if (blank) {
      while (!c.done() && c.peek() != '\n') c.advance();
      c.advance();
      continue;
    }
    records.push_back(read_record(c, path));
  }
  return records;
}

void require_width(const Record& record, std::size_t width, const std::string& path) {
  if (record.fields.size() != width)
    throw InputError(path, record.line, 1,
                     "row has " + std::to_string(record.fields.size()) + " fields, the header " +
                         std::to_string(width) + " (quote fields that hold commas)");
}

std::string_view trimmed(std::string_view t) {
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  return t;
}

std::optional<double> number(const Field& f, std::string_view column, bool negative_ok,
                             bool outflow, const std::string& path) {
  const std::string_view t = trimmed(f.text);
  if (t.empty()) return std::nullopt;
  const std::string s(t);
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v) || errno == ERANGE)
    throw InputError(path, f.line, f.column,
                     std::string(column) + " must be a finite number, not \"" + f.text + "\"");
  if (!negative_ok && v < 0)
    throw InputError(path, f.line, f.column,
                     std::string(column) +
                         (outflow ? " is an outflow written as a positive amount, got "
                                  : " must be >= 0, got ") +
                         s);
  return v;
}

std::optional<int> year_of(std::string_view digits) {
  if (digits.empty() || digits.size() > 4 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  const int year = std::atoi(std::string(digits).c_str());
  if (year < 1) return std::nullopt;
  return year;
}

std::optional<std::chrono::year_month_day> date_of(std::string_view t) {
  const auto digits = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (t.size() != 10 || t[4] != '-' || t[7] != '-' || !digits(t.substr(0, 4)) ||
      !digits(t.substr(5, 2)) || !digits(t.substr(8, 2)))
    return std::nullopt;
  const auto n = [&](std::size_t at, std::size_t len) {
    return std::atoi(std::string(t.substr(at, len)).c_str());
  };
  namespace chr = std::chrono;
  const chr::year_month_day d{chr::year{n(0, 4)}, chr::month{static_cast<unsigned>(n(5, 2))},
                              chr::day{static_cast<unsigned>(n(8, 2))}};
  if (!d.ok()) return std::nullopt;
  return d;
}

void require_known_company(const Field& f, const std::vector<std::string>& known,
                           const std::string& path) {
  if (known.empty()) return;
  const std::string name = lowercase(f.text);
  if (std::none_of(known.begin(), known.end(),
                   [&](const std::string& k) { return lowercase(k) == name; }))
    throw InputError(path, f.line, f.column, "unknown company \"" + f.text + "\"");
}

}  // namespace capexsim::csv
