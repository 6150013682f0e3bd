//! The CSV layer shared by the data-file readers (history.h, guidance.h): RFC 4180 records with
//! each field's line and column, and the cell checks they have in common. Every error is an
//! InputError at the file, line and column (from 1) of the offending field.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace capexsim::csv {

struct Field {
  std::string text;
  int line = 0, column = 0;
};

struct Record {
  std::vector<Field> fields;
  int line = 0;
};

//! Splits `text` into records of fields (RFC 4180: comma-separated, double-quoted fields may hold
//! commas, quotes written twice and line breaks; CRLF or LF line ends). Blank lines are skipped;
//! a leading UTF-8 byte-order mark is dropped.
std::vector<Record> parse(std::string_view text, const std::string& path);

//! Throws unless `record` has as many fields as the header (`width`).
void require_width(const Record& record, std::size_t width, const std::string& path);

//! The cell without surrounding blanks and tabs.
std::string_view trimmed(std::string_view text);

//! An empty cell is no value; otherwise a finite number, `>= 0` unless `negative_ok`. `column`
//! names the column in messages; `outflow` words the sign error for cash-flow outflows.
std::optional<double> number(const Field& f, std::string_view column, bool negative_ok,
                             bool outflow, const std::string& path);

//! A whole number of 1 to 4 digits, >= 1 (a year), or nothing.
std::optional<int> year_of(std::string_view digits);

//! "2025-07-01" (exactly YYYY-MM-DD) as a calendar date, or nothing when it is not a valid one.
std::optional<std::chrono::year_month_day> date_of(std::string_view text);

//! Case-insensitive match of `name` in `known` (empty `known`: every name is known); throws an
//! InputError at the field otherwise.
void require_known_company(const Field& f, const std::vector<std::string>& known,
                           const std::string& path);

}  // namespace capexsim::csv
