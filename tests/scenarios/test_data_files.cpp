// The history reader on every kind of file in scenarios/data/ (annual, quarterly, balance,
// Microsoft fiscal): kind detection from the header, gaps, the checks of each kind with the
// file:line:column they name, and the refusal of a non-flow file where flows are needed.
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <string>
#include <tuple>

#include "models/errors.h"
#include "scenarios/history.h"

namespace capexsim {
namespace {

namespace fs = std::filesystem;

const std::string kData = std::string(CAPEXSIM_SOURCE_DIR) + "/scenarios/data/";
const std::vector<std::string> kFour = {"meta", "microsoft", "alphabet", "amazon"};
const std::string kBalance = "company,year,cash_and_securities,total_debt,source,confidence\n";
const std::string kFiscal =
    "company,fiscal_year,period,ocf,capex,buybacks,dividends,cash_and_securities_jun30,"
    "total_debt_jun30,source,confidence\n";

//! The message of the InputError that parse_history throws for `text` (file "h.csv").
std::string error_of(const std::string& text) {
  try {
    parse_history(text, "h.csv");
  } catch (const InputError& e) {
    return e.what();
  }
  FAIL("no InputError for:\n" << text);
  return "";
}

HistoryKind kind_of(const std::string& header) { return parse_history(header, "h.csv").kind; }

TEST_CASE("every shipped history file reads, with the four companies", "[history][data]") {
  const std::map<std::string, std::tuple<HistoryKind, std::size_t>> expected = {
      {"annual.csv", {HistoryKind::annual, 56}},
      {"quarterly.csv", {HistoryKind::quarterly, 60}},
      {"balance.csv", {HistoryKind::balance, 56}},
      {"microsoft_fiscal.csv", {HistoryKind::fiscal, 19}},
      {"archive/annual_v1.csv", {HistoryKind::annual, 24}}};
  std::size_t seen = 0;
  for (const fs::path& dir : {fs::path(kData), fs::path(kData) / "archive"})
    for (const auto& entry : fs::directory_iterator(dir)) {
      const std::string name = fs::relative(entry.path(), kData).generic_string();
      if (entry.path().extension() != ".csv" || name.rfind("guidance", 0) == 0) continue;
      INFO(name);
      REQUIRE(expected.count(name) == 1);  // a new data file gets a line above
      const History h = read_history(entry.path().string(), kFour);
      CHECK(h.kind == std::get<0>(expected.at(name)));
      CHECK(h.rows.size() == std::get<1>(expected.at(name)));
      ++seen;
    }
  CHECK(seen == expected.size());
}

TEST_CASE("the balance file: year-end cash and debt, gaps empty", "[history][data]") {
  const History h = read_history(kData + "balance.csv", kFour);
  CHECK(h.kind == HistoryKind::balance);
  CHECK_FALSE(h.quarterly);
  const HistoryRow* meta = h.find("Meta", 2025);
  REQUIRE(meta != nullptr);
  CHECK(*meta->cash == 81.592);
  CHECK(*meta->debt == 58.744);
  CHECK_FALSE(meta->ocf.has_value());
  CHECK(meta->label == "2025");
  const HistoryRow* msft = h.find("Microsoft", 2023);  // Dec-31 balances not found
  REQUIRE(msft != nullptr);
  CHECK_FALSE(msft->cash.has_value());
  CHECK_FALSE(msft->debt.has_value());
  CHECK(h.company("alphabet").size() == 14);
}

TEST_CASE("the Microsoft fiscal file: FY labels, dated periods, June-30 balances",
          "[history][data]") {
  const History h = read_history(kData + "microsoft_fiscal.csv", kFour);
  CHECK(h.kind == HistoryKind::fiscal);
  REQUIRE(h.rows.size() == 19);
  const HistoryRow& fy26 = h.rows.back();
  CHECK(fy26.label == "FY2026");
  CHECK(fy26.year == 2026);
  CHECK(fy26.quarter == 0);
  CHECK(fy26.first_day == "2025-07-01");
  CHECK(fy26.last_day == "2026-06-30");
  CHECK(*fy26.capex == 115.948);
  CHECK(*fy26.cash == 76.843);
  CHECK(*fy26.debt == 40.294);
  CHECK(h.find("microsoft", 2026) == &fy26);
  CHECK(h.rows.front().label == "FY2008");
  CHECK_FALSE(h.rows.front().cash.has_value());  // FY2008's balance sheet was not read
  CHECK(*h.rows.front().ocf == 21.612);
}

TEST_CASE("the shipped scenarios' data vintage differs from annual.csv only where corrected",
          "[history][data]") {
  // scenarios/data/README.md: Microsoft's calendar 2020 and 2021 OCF, capex and buybacks and its
  // 2025 buybacks were corrected; every other 2020-2025 cell is unchanged.
  const History v1 = read_history(kData + "archive/annual_v1.csv");
  const History now = read_history(kData + "annual.csv");
  int changed = 0;
  for (const HistoryRow& old : v1.rows) {
    const HistoryRow* row = now.find(old.company, old.year);
    REQUIRE(row != nullptr);
    const std::map<std::string, std::pair<std::optional<double>, std::optional<double>>> cells = {
        {"ocf", {old.ocf, row->ocf}},
        {"capex", {old.capex, row->capex}},
        {"buybacks", {old.buybacks, row->buybacks}},
        {"dividends", {old.dividends, row->dividends}}};
    for (const auto& [flow, values] : cells) {
      const bool corrected =
          old.company == "Microsoft" &&
          ((old.year <= 2021 && flow != "dividends") || (old.year == 2025 && flow == "buybacks"));
      INFO(old.company << " " << old.year << " " << flow);
      CHECK((values.first != values.second) == corrected);
      changed += values.first != values.second ? 1 : 0;
    }
  }
  CHECK(changed == 7);
}

TEST_CASE("the header tells the kind of file", "[history]") {
  CHECK(kind_of("company,year,ocf,capex,buybacks,dividends,source,confidence\n") ==
        HistoryKind::annual);
  CHECK(kind_of("Company,Quarter,OCF,capex,buybacks,dividends,source,confidence\n") ==
        HistoryKind::quarterly);
  CHECK(kind_of("confidence,source,total_debt,cash_and_securities,year,company\n") ==
        HistoryKind::balance);
  CHECK(kind_of(kFiscal) == HistoryKind::fiscal);
  // Flows and balances in one file: the flow kind, whose columns the message lists.
  CHECK(error_of("company,year,ocf,capex,buybacks,dividends,cash_and_securities,source,"
                 "confidence\n") ==
        "h.csv:1:43: unknown column \"cash_and_securities\" (an annual flow history has the "
        "columns company, year, ocf, capex, buybacks, dividends, source, confidence)");
  CHECK(error_of("company,year,cash_and_securities,source,confidence\n") ==
        "h.csv:1:1: missing column \"total_debt\"");
  CHECK(error_of("company,cash_and_securities,total_debt,source,confidence\n") ==
        "h.csv:1:1: missing column \"year\"");
  CHECK(error_of("company,period,ocf,capex,buybacks,dividends,cash_and_securities_jun30,"
                 "total_debt_jun30,source,confidence\n") ==
        "h.csv:1:1: missing column \"fiscal_year\"");
  CHECK(error_of("company,year,fiscal_year,period\n") ==
        "h.csv:1:14: column \"fiscal_year\": a file has only one of the period columns year, "
        "quarter and fiscal_year");
  CHECK(error_of("company,fiscal_year,period,ocf,capex,buybacks,dividends,cash_and_securities,"
                 "total_debt_jun30,source,confidence\n")
            .rfind("h.csv:1:57: unknown column \"cash_and_securities\" (a fiscal-year file has "
                   "the columns company, fiscal_year, period, ocf,",
                   0) == 0);
}

TEST_CASE("a balance or fiscal-year file is refused where calendar flows are needed", "[history]") {
  CHECK_NOTHROW(require_calendar_flows(read_history(kData + "annual.csv")));
  CHECK_NOTHROW(require_calendar_flows(read_history(kData + "quarterly.csv")));
  const auto refusal = [](const std::string& file) {
    try {
      require_calendar_flows(read_history(kData + file));
    } catch (const InputError& e) {
      CHECK(e.line() == 1);
      CHECK(e.column() == 1);
      return std::string(e.what()).substr(kData.size());
    }
    FAIL("no InputError for " << file);
    return std::string();
  };
  CHECK(refusal("balance.csv") ==
        "balance.csv:1:1: a balance-sheet file, not a flow history; calendar-year or "
        "calendar-quarter flows (ocf, capex, buybacks, dividends) are read from a file with a "
        "year or quarter column, such as scenarios/data/annual.csv or "
        "scenarios/data/quarterly.csv");
  CHECK(refusal("microsoft_fiscal.csv")
            .rfind("microsoft_fiscal.csv:1:1: a fiscal-year file, not a flow history; ", 0) == 0);
}

TEST_CASE("balance rows: each bad cell names line, column and column name", "[history]") {
  CHECK(error_of(kBalance + "Meta,2024,1,2,s,c\nMeta,2025,-1,2,s,c\n") ==
        "h.csv:3:11: cash_and_securities must be >= 0, got -1");
  CHECK(error_of(kBalance + "Meta,2025,1,two,s,c\n") ==
        "h.csv:2:13: total_debt must be a finite number, not \"two\"");
  CHECK(error_of(kBalance + "Meta,2025Q1,1,2,s,c\n") ==
        "h.csv:2:6: year must be an integer from 1 to 9999, not \"2025Q1\"");
  CHECK(error_of(kBalance + "Meta,2025,1,2,s,c\nmeta,2025,,,s,c\n") ==
        "h.csv:3:6: duplicate row for meta 2025 (first at line 2)");
  const History gaps = parse_history(kBalance + "Meta,2025,,,,\n", "h.csv");
  REQUIRE(gaps.rows.size() == 1);
  CHECK_FALSE(gaps.rows[0].cash.has_value());
}

TEST_CASE("fiscal rows: the fiscal year and its dated period are checked", "[history]") {
  const std::string good = "Microsoft,FY2026,2025-07-01..2026-06-30,1,2,3,4,5,6,s,c\n";
  const History h = parse_history(kFiscal + good, "h.csv");
  CHECK(h.rows[0].label == "FY2026");
  CHECK(*h.rows[0].debt == 6);
  const History gaps =
      parse_history(kFiscal + "Microsoft,fy2008,2007-07-01..2008-06-30,,,,,,,,\n", "h.csv");
  CHECK(gaps.rows[0].label == "FY2008");
  CHECK_FALSE(gaps.rows[0].ocf.has_value());
  CHECK(error_of(kFiscal + "Microsoft,2026,2025-07-01..2026-06-30,1,2,3,4,5,6,s,c\n") ==
        "h.csv:2:11: fiscal_year must look like FY2026, not \"2026\"");
  CHECK(error_of(kFiscal + "Microsoft,FY2026,2025-07-01 to 2026-06-30,1,2,3,4,5,6,s,c\n") ==
        "h.csv:2:18: period \"2025-07-01 to 2026-06-30\": must be FIRST..LAST as dates, such as "
        "2025-07-01..2026-06-30");
  CHECK(error_of(kFiscal + "Microsoft,FY2026,2025-07-01..2026-06-31,1,2,3,4,5,6,s,c\n")
            .rfind("h.csv:2:18: period \"2025-07-01..2026-06-31\": must be FIRST..LAST", 0) == 0);
  CHECK(error_of(kFiscal + "Microsoft,FY2026,2024-07-01..2025-06-30,1,2,3,4,5,6,s,c\n") ==
        "h.csv:2:18: period \"2024-07-01..2025-06-30\": must end on June 30 of FY2026 (the "
        "balances are as of June 30)");
  CHECK(error_of(kFiscal + "Microsoft,FY2026,2025-10-01..2026-06-30,1,2,3,4,5,6,s,c\n") ==
        "h.csv:2:18: period \"2025-10-01..2026-06-30\": must be the twelve months to its last "
        "day (2025-07-01..2026-06-30)");
  CHECK(error_of(kFiscal + "Microsoft,FY2026,2025-07-01..2026-06-30,1,-2,3,4,5,6,s,c\n") ==
        "h.csv:2:43: capex is an outflow written as a positive amount, got -2");
  CHECK(error_of(kFiscal + "Microsoft,FY2026,2025-07-01..2026-06-30,1,2,3,4,x,6,s,c\n") ==
        "h.csv:2:49: cash_and_securities_jun30 must be a finite number, not \"x\"");
  CHECK(error_of(kFiscal + good + good) ==
        "h.csv:3:11: duplicate row for Microsoft FY2026 (first at line 2)");
}

}  // namespace
}  // namespace capexsim
