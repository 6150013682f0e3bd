// read_history: the shipped data files, RFC 4180 quoting, and one test per kind of bad input,
// each checking the file:line:column the error names.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "models/errors.h"
#include "scenarios/history.h"

namespace capexsim {
namespace {

namespace fs = std::filesystem;

const std::string kData = std::string(CAPEXSIM_SOURCE_DIR) + "/scenarios/data/";
const std::string kHeader = "company,year,ocf,capex,buybacks,dividends,source,confidence\n";

//! Writes `text` to a fresh temporary file and returns its path.
std::string temp_csv(const std::string& text) {
  static int counter = 0;
  const fs::path path =
      fs::temp_directory_path() /
      ("capexsim_history_" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + ".csv");
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

//! The InputError read_history throws for `text`, with the temporary path replaced by "h.csv".
std::string error_of(const std::string& text, const std::vector<std::string>& known = {}) {
  const std::string path = temp_csv(text);
  try {
    read_history(path, known);
  } catch (const InputError& e) {
    fs::remove(path);
    std::string what = e.what();
    if (what.rfind(path, 0) == 0) what = "h.csv" + what.substr(path.size());
    return what;
  }
  fs::remove(path);
  FAIL("no InputError for:\n" << text);
  return "";
}

TEST_CASE("read_history reads the shipped annual file, gaps stay empty", "[history]") {
  const History h = read_history(kData + "annual.csv", {"meta", "alphabet", "amazon", "microsoft"});
  CHECK(h.kind == HistoryKind::annual);
  CHECK_FALSE(h.quarterly);
  REQUIRE(h.rows.size() == 56);  // 4 companies x 2012-2025
  const HistoryRow* meta = h.find("META", 2023);
  REQUIRE(meta != nullptr);
  CHECK(*meta->ocf == 71.113);
  CHECK(*meta->capex == 27.045);
  CHECK(meta->line == 13);
  CHECK(meta->label == "2023");
  CHECK_FALSE(meta->cash.has_value());
  // Row 2's source and confidence are quoted and hold commas and doubled quotes.
  CHECK(h.rows[0].source.find("(copy of https://data.sec.gov/api/xbrl/companyfacts/") !=
        std::string::npos);
  CHECK(h.rows[0].confidence.find("capex = \"Purchases of property and equipment\" as presented") !=
        std::string::npos);
  const auto amazon = h.company("amazon");
  REQUIRE(amazon.size() == 14);
  CHECK(amazon.front()->year == 2012);
  CHECK(amazon.back()->year == 2025);
  CHECK_FALSE(amazon.front()->capex.has_value());  // 2012-2014: only the net line was published
  CHECK(*amazon.front()->ocf == 4.18);
  const HistoryRow* google_2012 = h.find("Alphabet", 2012);  // a row of gaps: nothing found
  REQUIRE(google_2012 != nullptr);
  CHECK_FALSE(google_2012->ocf.has_value());
  CHECK_FALSE(google_2012->dividends.has_value());
  CHECK(h.find("Amazon", 2011) == nullptr);
}

TEST_CASE("read_history reads the shipped quarterly file, empty cells stay empty", "[history]") {
  const History h = read_history(kData + "quarterly.csv");
  CHECK(h.kind == HistoryKind::quarterly);
  CHECK(h.quarterly);
  REQUIRE(h.rows.size() == 60);
  CHECK(h.rows[0].year == 2020);
  CHECK(h.rows[0].quarter == 1);
  CHECK(h.rows[0].label == "2020Q1");
  CHECK(*h.rows[0].ocf == 11.001);
  CHECK_FALSE(h.rows[0].buybacks.has_value());
  const auto msft = h.company("Microsoft");
  REQUIRE(msft.size() == 14);
  CHECK(msft.front()->year == 2019);
  CHECK(msft.front()->quarter == 3);
  CHECK(msft.back()->label == "2026Q2");
  CHECK(*msft.back()->capex == 35.802);
  CHECK(h.find("Meta", 2024) == nullptr);  // find() is for rows without a quarter
}

TEST_CASE("read_history: columns in any order, RFC 4180 quotes, CRLF, blank lines", "[history]") {
  const std::string path =
      std::string(CAPEXSIM_SOURCE_DIR) + "/tests/scenarios/data/history_small.csv";
  const History h = read_history(path);
  REQUIRE(h.rows.size() == 4);
  CHECK(h.rows[0].source == "a, b and c");
  CHECK(h.rows[1].confidence == "OCF verified; buybacks \"recalled\"");
  CHECK(h.rows[1].source == "two\r\nlines");
  CHECK_FALSE(h.rows[1].buybacks.has_value());
  CHECK(*h.rows[1].dividends == 0.5);
  CHECK(h.rows[1].line == 3);
  CHECK(h.rows[2].line == 5);
  CHECK_FALSE(h.rows[2].ocf.has_value());
  CHECK(*h.rows[2].capex == 3.25);
  CHECK(h.rows[3].line == 7);
  CHECK(*h.rows[3].ocf == -1.5);  // OCF may be negative; outflows may not
}

TEST_CASE("read_history skips a UTF-8 byte-order mark", "[history]") {
  const std::string path = temp_csv("\xEF\xBB\xBF" + kHeader + "Meta,2023,1,2,3,4,s,c\n");
  const History h = read_history(path);
  fs::remove(path);
  REQUIRE(h.rows.size() == 1);
  CHECK(*h.rows[0].dividends == 4);
}

TEST_CASE("parse_history reads text as read_history reads the file", "[history]") {
  const History h = parse_history("\xEF\xBB\xBF" + kHeader + "Meta,2023,1,2,3,4,s,c\n", "mem.csv");
  CHECK(h.path == "mem.csv");
  REQUIRE(h.rows.size() == 1);
  CHECK(h.rows[0].line == 2);
  CHECK(*h.rows[0].dividends == 4);
  try {
    parse_history(kHeader + "Meta,2023,x,2,3,4,s,c\n", "mem.csv");
    FAIL("no InputError");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) == "mem.csv:2:11: ocf must be a finite number, not \"x\"");
  }
}

TEST_CASE("read_history errors name file, line and column", "[history]") {
  SECTION("missing file") {
    try {
      read_history("/nonexistent/h.csv");
      FAIL("no error");
    } catch (const InputError& e) {
      CHECK(std::string(e.what()) ==
            "/nonexistent/h.csv: cannot open history file: No such file or directory");
    }
  }
  SECTION("missing column") {
    CHECK(error_of("company,year,ocf,buybacks,dividends,source,confidence\n") ==
          "h.csv:1:1: missing column \"capex\"");
    CHECK(error_of("company,ocf,capex,buybacks,dividends,source,confidence\n") ==
          "h.csv:1:1: missing column \"year\" or \"quarter\"");
  }
  SECTION("extra or repeated column") {
    CHECK(error_of("company,year,ocf,capex,buybacks,dividends,source,confidence,note\n")
              .rfind("h.csv:1:61: unknown column \"note\"", 0) == 0);
    CHECK(error_of("company,year,ocf,ocf,capex,buybacks,dividends,source,confidence\n") ==
          "h.csv:1:18: column \"ocf\" appears twice");
    CHECK(error_of("company,year,quarter,ocf,capex,buybacks,dividends,source,confidence\n") ==
          "h.csv:1:14: column \"quarter\": a file has only one of the period columns year, "
          "quarter and fiscal_year");
  }
  SECTION("non-numeric and non-finite values") {
    CHECK(error_of(kHeader + "Meta,2023,1,2,3,4,s,c\nMeta,2022,abc,2,3,4,s,c\n") ==
          "h.csv:3:11: ocf must be a finite number, not \"abc\"");
    CHECK(error_of(kHeader + "Meta,2023,1,inf,3,4,s,c\n") ==
          "h.csv:2:13: capex must be a finite number, not \"inf\"");
    CHECK(error_of(kHeader + "Meta,2023,1,2,nan,4,s,c\n") ==
          "h.csv:2:15: buybacks must be a finite number, not \"nan\"");
    CHECK(error_of(kHeader + "Meta,2023,1,2,3,1e999,s,c\n") ==
          "h.csv:2:17: dividends must be a finite number, not \"1e999\"");
    CHECK(error_of(kHeader + "Meta,2023,1,-2,3,4,s,c\n") ==
          "h.csv:2:13: capex is an outflow written as a positive amount, got -2");
  }
  SECTION("duplicate company-period, names compared without case") {
    CHECK(error_of(kHeader +
                   "Meta,2023,1,2,3,4,s,c\nAmazon,2023,1,2,3,4,s,c\nmeta,2023,1,2,3,4,s,c\n") ==
          "h.csv:4:6: duplicate row for meta 2023 (first at line 2)");
  }
  SECTION("unknown company") {
    CHECK(error_of(kHeader + "Meta,2023,1,2,3,4,s,c\nNvidia,2023,1,2,3,4,s,c\n", {"meta"}) ==
          "h.csv:3:1: unknown company \"Nvidia\"");
  }
  SECTION("malformed period") {
    CHECK(error_of(kHeader + "Meta,20x3,1,2,3,4,s,c\n") ==
          "h.csv:2:6: year must be an integer from 1 to 9999, not \"20x3\"");
    CHECK(error_of(kHeader + "Meta,2024Q1,1,2,3,4,s,c\n") ==
          "h.csv:2:6: year must be an integer from 1 to 9999, not \"2024Q1\"");
    const std::string quarterly =
        "company,quarter,ocf,capex,buybacks,dividends,source,confidence\n";
    CHECK(error_of(quarterly + "Meta,2024Q5,1,2,3,4,s,c\n") ==
          "h.csv:2:6: quarter must look like 2024Q1, not \"2024Q5\"");
    CHECK(error_of(quarterly + "Meta,2024,1,2,3,4,s,c\n") ==
          "h.csv:2:6: quarter must look like 2024Q1, not \"2024\"");
  }
  SECTION("wrong number of fields, unclosed quote, empty company") {
    CHECK(error_of(kHeader + "Meta,2023,1,2,3,4,s, with comma,c\n") ==
          "h.csv:2:1: row has 9 fields, the header 8 (quote fields that hold commas)");
    CHECK(error_of(kHeader + "Meta,2023,1,2,3,4,\"s,c\n") ==
          "h.csv:2:19: quoted field is never closed");
    CHECK(error_of(kHeader + ",2023,1,2,3,4,s,c\n") == "h.csv:2:1: company is empty");
  }
}

}  // namespace
}  // namespace capexsim
