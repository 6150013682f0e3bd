//! Company cash-flow history in the CSV shape of scenarios/data/ (annual.csv, quarterly.csv):
//! company,year|quarter,ocf,capex,buybacks,dividends,source,confidence.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace capexsim {

struct HistoryRow {
  std::string company;  //!< as written in the file, e.g. "Meta"
  int year = 0;
  int quarter = 0;  //!< 1-4 in quarterly files, 0 in annual ones
  std::optional<double> ocf, capex, buybacks, dividends;  //!< empty cells stay empty
  std::string source, confidence;
  int line = 0;  //!< line in the file, for messages
};

struct History {
  std::string path;
  bool quarterly = false;
  std::vector<HistoryRow> rows;  //!< in file order

  //! Rows of one company (case-insensitive name match), ordered by time.
  std::vector<const HistoryRow*> company(const std::string& name) const;
  //! The annual row of (company, year), if present.
  const HistoryRow* find(const std::string& company, int year) const;
};

//! A company name folded to lower case: history matches names case-insensitively.
std::string lowercase(std::string_view s);

//! "2023" for an annual period (quarter 0), "2023Q4" for a quarter.
std::string period_label(int year, int quarter);

//! Reads and validates a history file; throws InputError(file, line, column, message) on a
//! missing column, a non-numeric or non-finite value, a duplicate company-period, an unknown
//! company (when `known_companies` is non-empty, compared case-insensitively), a bad period.
History read_history(const std::string& path, const std::vector<std::string>& known_companies = {});
//! The same from text in memory (a leading UTF-8 byte-order mark is skipped); `path` is used in
//! messages and stored in the history.
History parse_history(std::string_view text, const std::string& path,
                      const std::vector<std::string>& known_companies = {});

}  // namespace capexsim
