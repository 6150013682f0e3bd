//! Company history in the CSV shapes of scenarios/data/ (docs/data.md). The header tells the kind:
//! - annual:    company,year,ocf,capex,buybacks,dividends,source,confidence
//! - quarterly: company,quarter,ocf,capex,buybacks,dividends,source,confidence
//! - balance:   company,year,cash_and_securities,total_debt,source,confidence (at December 31)
//! - fiscal:    company,fiscal_year,period,ocf,capex,buybacks,dividends,
//!              cash_and_securities_jun30,total_debt_jun30,source,confidence
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace capexsim {

enum class HistoryKind {
  annual,     //!< calendar-year flows
  quarterly,  //!< calendar-quarter flows
  balance,    //!< year-end (December 31) cash and securities, and debt
  fiscal,     //!< fiscal-year flows (a dated period, e.g. July-June) and period-end balances
};

//! "an annual flow history", "a balance-sheet file", ... for messages.
std::string_view kind_phrase(HistoryKind kind);

struct HistoryRow {
  std::string company;  //!< as written in the file, e.g. "Meta"
  //! Calendar year; for a fiscal row the year its period ends in (FY2026: 2026).
  int year = 0;
  int quarter = 0;  //!< 1-4 in quarterly files, 0 otherwise
  //! Flows (annual, quarterly and fiscal files); empty cells stay empty.
  std::optional<double> ocf, capex, buybacks, dividends;
  //! Balances (balance and fiscal files): at December 31 of `year`, or at a fiscal period's end.
  std::optional<double> cash, debt;
  //! The period as a label: "2023", "2024Q1", "FY2026".
  std::string label;
  //! Fiscal rows only: the period's first and last days, "2025-07-01" and "2026-06-30".
  std::string first_day, last_day;
  std::string source, confidence;
  int line = 0;  //!< line in the file, for messages
};

struct History {
  std::string path;
  HistoryKind kind = HistoryKind::annual;
  bool quarterly = false;        //!< kind == quarterly (kept for the flow callers)
  std::vector<HistoryRow> rows;  //!< in file order

  //! Rows of one company (case-insensitive name match), ordered by time.
  std::vector<const HistoryRow*> company(const std::string& name) const;
  //! The row of (company, year) with no quarter (annual, balance or fiscal), if present.
  const HistoryRow* find(const std::string& company, int year) const;
};

//! A company name folded to lower case: history matches names case-insensitively.
std::string lowercase(std::string_view s);

//! "2023" for an annual period (quarter 0), "2023Q4" for a quarter.
std::string period_label(int year, int quarter);

//! Reads and validates a history file of any kind; throws InputError(file, line, column,
//! message) on a missing or unknown column, a non-numeric or non-finite value, a negative
//! outflow or balance, a duplicate company-period, an unknown company (when `known_companies`
//! is non-empty, compared case-insensitively), a bad period.
History read_history(const std::string& path, const std::vector<std::string>& known_companies = {});
//! The same from text in memory (a leading UTF-8 byte-order mark is skipped); `path` is used in
//! messages and stored in the history.
History parse_history(std::string_view text, const std::string& path,
                      const std::vector<std::string>& known_companies = {});

//! Throws an InputError at the header (line 1, column 1) unless `history` holds calendar flows
//! (an annual or quarterly file): what calibrate, backtest and evaluate read.
void require_calendar_flows(const History& history);

}  // namespace capexsim
