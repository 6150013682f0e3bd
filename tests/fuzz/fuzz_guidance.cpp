// Fuzz target: a capex guidance CSV's text through read_guidance's parser
// (scenarios/data/guidance_2026.csv shape), once with any company and, when that succeeds, once
// with the shipped scenarios' four companies.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "scenarios/guidance.h"
#include "tests/fuzz/fuzz_contract.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace capexsim;
  constexpr const char* kFile = "fuzz.csv";
  static const std::vector<std::string> kKnown = {"meta", "microsoft", "alphabet", "amazon"};
  return fuzz::check_contract(kFile, [&] {
    const GuidanceFile file = parse_guidance(fuzz::as_text(data, size), kFile);
    for (const Guidance& g : file.rows)
      fuzz::require(!g.company.empty() && g.year >= 1 && g.year <= 9999 && g.low >= 0 &&
                        g.low <= g.high && g.date.size() == 10 && !g.source.empty(),
                    "a guidance row read with a bad company, year, range, date or source");
    (void)parse_guidance(fuzz::as_text(data, size), kFile, kKnown);
  });
}
