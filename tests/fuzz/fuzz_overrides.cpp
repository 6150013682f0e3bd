// Fuzz target: --set overrides (one per line of the input, at most kMaxOverrides) parsed and
// applied to the shipped scenarios/hyperscalers_correlated.toml, then the scenario built, as
// `capexsim run SCENARIO --set ...` does. When it loads, the scenario written back as TOML (its
// source_text, stored in the results) must load again to the same tree (docs/sweeps.md).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/loader.h"
#include "scenarios/overrides.h"
#include "scenarios/toml_writer.h"
#include "tests/fuzz/fuzz_contract.h"
#include "tests/fuzz/shipped_scenarios.h"

namespace {

constexpr std::size_t kMaxOverrides = 16;

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty() && lines.size() < kMaxOverrides) {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    if (!line.empty()) lines.emplace_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace capexsim;
  constexpr const char* kFile = "scenarios/hyperscalers_correlated.toml";
  static const ScenarioDocument document =
      parse_scenario_document(fuzz::kHyperscalersCorrelated, kFile);
  return fuzz::check_contract(kFile, [&] {
    const std::vector<std::string> texts = lines_of(fuzz::as_text(data, size));
    const std::vector<Override> overrides = parse_overrides(texts);
    const Scenario scenario = scenario_from_document(document, overrides);
    if (overrides.empty()) return;
    toml::table edited = document.root;
    apply_overrides(edited, overrides);
    try {
      const ScenarioDocument again = parse_scenario_document(scenario.source_text, "written");
      (void)scenario_from_document(again);
      fuzz::require(to_toml(again.root) == to_toml(edited),
                    "the scenario written back reads as another tree:\n" + scenario.source_text);
    } catch (const InputError& e) {
      fuzz::contract_broken(std::string("the scenario written back does not load: ") + e.what() +
                            "\n" + scenario.source_text);
    }
  });
}
