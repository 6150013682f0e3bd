// Fuzz target: a history CSV's text through the reader (capexsim calibrate and backtest), once
// with any company and, when that succeeds, once with the shipped scenarios' four companies.
// Every kind of file (annual, quarterly, balance, fiscal) goes through the same entry point.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "models/errors.h"
#include "scenarios/history.h"
#include "tests/fuzz/fuzz_contract.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace capexsim;
  constexpr const char* kFile = "fuzz.csv";
  static const std::vector<std::string> kKnown = {"meta", "microsoft", "alphabet", "amazon"};
  return fuzz::check_contract(kFile, [&] {
    const History history = parse_history(fuzz::as_text(data, size), kFile);
    const bool fiscal = history.kind == HistoryKind::fiscal;
    for (const HistoryRow& row : history.rows) {
      fuzz::require(!row.company.empty() && row.year >= 1 && row.year <= 9999 && row.quarter >= 0 &&
                        row.quarter <= 4 && !row.label.empty(),
                    "a history row read with an empty company or a bad period");
      fuzz::require(fiscal == !row.last_day.empty(), "a fiscal period on a non-fiscal row");
      (void)history.company(row.company);
    }
    fuzz::require(history.quarterly == (history.kind == HistoryKind::quarterly),
                  "quarterly flag and kind disagree");
    try {
      require_calendar_flows(history);
    } catch (const InputError&) {
      fuzz::require(history.kind == HistoryKind::balance || fiscal,
                    "a flow history refused as not one");
    }
    (void)parse_history(fuzz::as_text(data, size), kFile, kKnown);
  });
}
