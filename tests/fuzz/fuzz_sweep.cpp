// Fuzz target: a sweep file's text through the reader and the expansion into points, then the
// first kMaxScenarios points' overrides applied to the shipped scenarios/hyperscalers.toml and
// their scenarios built, as `capexsim sweep FILE` does (whatever scenario the file names: the
// fuzzer does not read files).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "scenarios/loader.h"
#include "scenarios/sweep_file.h"
#include "tests/fuzz/fuzz_contract.h"
#include "tests/fuzz/shipped_scenarios.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace capexsim;
  constexpr std::size_t kMaxScenarios = 4;
  constexpr const char* kFile = "scenarios/";  // the sweep file's and the scenario's directory
  static const ScenarioDocument document =
      parse_scenario_document(fuzz::kHyperscalers, "scenarios/hyperscalers.toml");
  return fuzz::check_contract(kFile, [&] {
    const SweepFile sweep =
        parse_sweep_file(std::string(fuzz::as_text(data, size)), "scenarios/sweeps/fuzz.toml");
    // Bounded work: the reader refuses sweeps of more than a million values (points x axes).
    double count = 1;
    for (const SweepAxis& axis : sweep.axes) count *= static_cast<double>(axis.values.size());
    if (sweep.design == SweepFile::Design::lhs) count = static_cast<double>(sweep.lhs_points);
    fuzz::require(count * static_cast<double>(sweep.axes.size()) <= 1e6,
                  "a sweep of more than a million values (points x axes) was accepted");
    const std::vector<SweepPoint> points = sweep_points(sweep);
    fuzz::require(!points.empty(), "a sweep with no points");
    for (const SweepPoint& point : points)
      fuzz::require(
          point.text.size() == sweep.axes.size() && point.number.size() == sweep.axes.size(),
          "a sweep point without one value per axis");
    for (std::size_t i = 0; i < std::min(points.size(), kMaxScenarios); ++i)
      (void)scenario_from_document(document, point_overrides(sweep, points[i]));
  });
}
