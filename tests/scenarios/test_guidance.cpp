// read_guidance: the shipped 2026 guidance transcribed from guidance_2026.md, and one check per
// kind of bad row, each naming the file:line:column.
#include <catch2/catch.hpp>
#include <string>

#include "models/errors.h"
#include "scenarios/guidance.h"

namespace capexsim {
namespace {

const std::string kHeader = "company,year,capex_low,capex_high,basis,date,source,quote\n";

std::string error_of(const std::string& text, const std::vector<std::string>& known = {}) {
  try {
    parse_guidance(text, "g.csv", known);
  } catch (const InputError& e) {
    return e.what();
  }
  FAIL("no InputError for:\n" << text);
  return "";
}

TEST_CASE("the shipped 2026 guidance: ranges and bases as guidance_2026.md states them",
          "[guidance][data]") {
  const GuidanceFile g =
      read_guidance(std::string(CAPEXSIM_SOURCE_DIR) + "/scenarios/data/guidance_2026.csv",
                    {"meta", "microsoft", "alphabet", "amazon"});
  REQUIRE(g.rows.size() == 4);
  struct Expected {
    const char* company;
    double low, high;
    CapexBasis basis;
    const char* date;
  };
  for (const Expected& e :
       {Expected{"Meta", 130, 145, CapexBasis::finance_leases, "2026-07-29"},
        Expected{"Alphabet", 195, 205, CapexBasis::purchases, "2026-07-22"},
        Expected{"Amazon", 220, 220, CapexBasis::net_of_proceeds, "2026-07-30"},
        Expected{"Microsoft", 175, 175, CapexBasis::finance_leases, "2026-07-29"}}) {
    INFO(e.company);
    const Guidance* row = g.find(e.company, 2026);
    REQUIRE(row != nullptr);
    CHECK(row->low == e.low);
    CHECK(row->high == e.high);
    CHECK(row->basis == e.basis);
    CHECK(row->date == e.date);
    CHECK(row->source.rfind("https://github.com/HE-1234/research-and-valuation/blob/", 0) == 0);
    CHECK_FALSE(row->quote.empty());
  }
  CHECK(g.find("meta", 2027) == nullptr);
  CHECK(basis_text(CapexBasis::purchases) == "purchases of property and equipment");
}

TEST_CASE("read_guidance: each bad row names line, column and what is wrong", "[guidance]") {
  const std::string ok = "Meta,2026,130,145,including finance leases,2026-07-29,s,q\n";
  const std::string allowed =
      "one of \"purchases of property and equipment\", \"including finance leases\", \"cash "
      "capex net of proceeds\"";
  CHECK(parse_guidance(kHeader + ok, "g.csv").rows[0].line == 2);
  CHECK(error_of(kHeader + ok + "Amazon,2026,220,220,,2026-07-30,s,q\n") ==
        "g.csv:3:21: basis is empty: say what the guided capex counts, " + allowed);
  CHECK(error_of(kHeader + "Amazon,2026,220,220,net capex,2026-07-30,s,q\n") ==
        "g.csv:2:21: unknown basis \"net capex\": say what the guided capex counts, " + allowed);
  CHECK(error_of(kHeader + "Meta,2026,145,130,including finance leases,2026-07-29,s,q\n") ==
        "g.csv:2:15: capex_high 130 is below capex_low 145");
  CHECK(error_of(kHeader + "Meta,2026,-1,130,including finance leases,2026-07-29,s,q\n") ==
        "g.csv:2:11: capex_low must be >= 0, got -1");
  CHECK(error_of(kHeader + "Meta,2026,130,inf,including finance leases,2026-07-29,s,q\n") ==
        "g.csv:2:15: capex_high must be a finite number, not \"inf\"");
  CHECK(error_of(kHeader + "Meta,2026,130,,including finance leases,2026-07-29,s,q\n") ==
        "g.csv:2:15: capex_high is empty (a point guidance repeats its value)");
  CHECK(error_of(kHeader + "Meta,FY26,130,145,including finance leases,2026-07-29,s,q\n") ==
        "g.csv:2:6: year must be an integer from 1 to 9999, not \"FY26\"");
  CHECK(error_of(kHeader + "Meta,2026,130,145,including finance leases,29/07/2026,s,q\n") ==
        "g.csv:2:44: date must be the day it was said, YYYY-MM-DD, not \"29/07/2026\"");
  CHECK(error_of(kHeader + "Meta,2026,130,145,including finance leases,2026-07-29, ,q\n") ==
        "g.csv:2:55: source is empty: name where the guidance was said");
  CHECK(error_of(kHeader + ok + "meta,2026,1,2,including finance leases,2026-04-29,s,q\n") ==
        "g.csv:3:6: duplicate guidance for meta 2026 (first at line 2)");
  CHECK(error_of(kHeader + ok, {"alphabet"}) == "g.csv:2:1: unknown company \"Meta\"");
  CHECK(error_of(kHeader + ",2026,1,2,including finance leases,2026-07-29,s,q\n") ==
        "g.csv:2:1: company is empty");
  CHECK(error_of("company,year,capex_low,capex_high,date,source,quote\n") ==
        "g.csv:1:1: missing column \"basis\"");
  CHECK(error_of("company,year,capex_low,capex_high,basis,date,source,quote,note\n") ==
        "g.csv:1:59: unknown column \"note\" (a guidance file has the columns company, year, "
        "capex_low, capex_high, basis, date, source, quote)");
  CHECK(error_of(kHeader + "Meta,2026,130,145,including finance leases,2026-07-29,s\n") ==
        "g.csv:2:1: row has 7 fields, the header 8 (quote fields that hold commas)");
  CHECK(error_of("") == "g.csv: empty guidance file (no header row)");
}

}  // namespace
}  // namespace capexsim
