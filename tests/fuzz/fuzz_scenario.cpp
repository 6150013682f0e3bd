// Fuzz target: a scenario file's text through the loader (TOML parse, every section's checks,
// the dependence setup), as `capexsim run FILE` loads it.
#include <cstddef>
#include <cstdint>

#include "scenarios/loader.h"
#include "tests/fuzz/fuzz_contract.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace capexsim;
  constexpr const char* kFile = "fuzz.toml";
  return fuzz::check_contract(kFile, [&] {
    const Scenario scenario = parse_scenario(fuzz::as_text(data, size), kFile);
    fuzz::require(!scenario.companies.empty() && !scenario.years.empty(),
                  "a scenario loaded without companies or years");
  });
}
