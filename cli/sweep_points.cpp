#include "cli/sweep_points.h"

#include "cli/run_support.h"
#include "models/errors.h"
#include "sim/results.h"

namespace capexsim::cli {
namespace {

std::vector<std::string> company_names(const Scenario& scenario) {
  std::vector<std::string> names;
  for (const Company& c : scenario.companies) names.push_back(c.name);
  return names;
}

}  // namespace

std::string point_label(const ExpandedSweep& x, std::size_t i) {
  std::string label;
  for (std::size_t a = 0; a < x.sweep.axes.size(); ++a) {
    if (!label.empty()) label += ", ";
    const Override o{x.sweep.axes[a].key, x.sweep.axes[a].op, x.points[i].text[a]};
    label += o.text();
  }
  return label;
}

ExpandedSweep expand_sweep(const std::string& path) {
  ExpandedSweep x;
  x.sweep = read_sweep_file(path);
  x.document = read_scenario_document(x.sweep.scenario);
  x.points = sweep_points(x.sweep);
  for (std::size_t i = 0; i < x.points.size(); ++i) {
    x.overrides.push_back(point_overrides(x.sweep, x.points[i]));
    try {
      x.scenarios.push_back(scenario_from_document(x.document, x.overrides.back()));
    } catch (const InputError& e) {
      throw InputError(
          e.file(), e.line(), e.column(),
          "sweep point " + std::to_string(i) + " (" + point_label(x, i) + "): " + e.message());
    }
    const Scenario& s = x.scenarios.back();
    const Scenario& first = x.scenarios.front();
    if (s.years != first.years || company_names(s) != company_names(first))
      throw InputError(x.sweep.path, 0, 0,
                       "sweep point " + std::to_string(i) + " (" + point_label(x, i) +
                           ") has other years or companies than point 0: a sweep's points must "
                           "share them so their results stack");
  }
  return x;
}

RunOptions point_options(const ExpandedSweep& x, std::optional<std::uint64_t> paths,
                         std::optional<std::uint64_t> seed, int threads, bool crn) {
  const Scenario& s = x.scenarios.front();
  RunOptions o;
  o.paths = paths.value_or(x.sweep.paths.value_or(s.paths.value_or(kDefaultPaths)));
  o.seed = seed.value_or(x.sweep.seed.value_or(s.seed.value_or(kDefaultSeed)));
  o.threads = threads;
  o.store = StorePaths::none;
  o.sampler = sampler_from_name(x.sweep.sampler).value();
  o.common_random_numbers = crn;
  o.sensitivity_paths = 0;
  return o;
}

}  // namespace capexsim::cli
