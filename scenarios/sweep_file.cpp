#include "scenarios/sweep_file.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>

#include <boost/random/uniform_01.hpp>

#include "models/errors.h"
#include "models/rng.h"
#include "scenarios/text_file.h"
#include "scenarios/toml_fields.h"
#include "scenarios/toml_writer.h"

namespace capexsim {
namespace {

constexpr std::array<std::string_view, 9> kKeys = {
    "scenario", "set", "paths", "seed", "sampler", "design", "n", "design_seed", "axis"};
constexpr std::array<std::string_view, 8> kAxisKeys = {"key",  "op",   "values", "start",
                                                       "stop", "step", "min",    "max"};
//! More points than this is surely a mistake (a step too small).
constexpr std::uint64_t kMaxPoints = 1000000;

//! The value of a TOML number's text; NaN for anything else.
double number_of(const std::string& text) {
  const char* begin = text.c_str();
  char* end = nullptr;
  const double value = std::strtod(begin, &end);
  if (end == begin || *end != '\0' || text.find_first_of("[{\"'") != std::string::npos)
    return std::numeric_limits<double>::quiet_NaN();
  return value;
}

std::uint64_t read_count(const toml::table& table, std::string_view key, std::int64_t min,
                         const ErrorSite& site) {
  const toml::node& node = *table.get(key);
  const std::int64_t value = read_integer(node, key, site);
  if (value < min)
    site.fail(node, std::string(key) + " must be >= " + std::to_string(min) + ", not " +
                        std::to_string(value));
  return static_cast<std::uint64_t>(value);
}

//! start, start + step, ... up to stop (inclusive, with a tolerance of 1e-9 steps), printed
//! with 12 significant digits so 0.1 + 2 * 0.1 reads 0.3.
std::vector<std::string> range_values(const toml::table& table, const std::string& path,
                                      const ErrorSite& site) {
  for (std::string_view key : {"start", "stop", "step"})
    if (table.get(key) == nullptr)
      site.fail(table, path + ": a range needs start, stop and step (or give values = [...])");
  const double start = read_number(*table.get("start"), path + ".start", site);
  const double stop = read_number(*table.get("stop"), path + ".stop", site);
  const toml::node& step_node = *table.get("step");
  const double step = read_number(step_node, path + ".step", site);
  if (step == 0 || (stop - start) / step < 0)
    site.fail(step_node, path + ".step must be non-zero and lead from start to stop");
  const double steps = std::floor((stop - start) / step + 1e-9);
  if (steps + 1 > static_cast<double>(kMaxPoints))
    site.fail(step_node, path + ": the range has more than " + std::to_string(kMaxPoints) +
                             " values; use a larger step");
  std::vector<std::string> values;
  // An integer counter: steps is a whole number in [0, kMaxPoints), so the values are the same.
  const auto count = static_cast<std::uint64_t>(steps);
  for (std::uint64_t i = 0; i <= count; ++i) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.12g", start + static_cast<double>(i) * step);
    std::string text = buffer;
    if (table.get("start")->is_floating_point() || table.get("step")->is_floating_point())
      if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
    values.push_back(text);
  }
  return values;
}

SweepAxis parse_axis(const toml::table& table, std::size_t index, SweepFile::Design design,
                     const ErrorSite& site) {
  const std::string path = "axis #" + std::to_string(index);
  check_keys(table, kAxisKeys, path, site);
  SweepAxis axis;
  axis.key = read_string(require_key(table, "key", path, site), path + ".key", site);
  if (axis.key.empty()) site.fail(*table.get("key"), path + ".key must not be empty");
  if (const toml::node* op = table.get("op")) {
    const std::string text = read_string(*op, path + ".op", site);
    if (text != "set" && text != "shift")
      site.fail(*op, path + ".op must be \"set\" or \"shift\", not \"" + text + "\"");
    axis.op = text == "shift" ? Override::Op::shift : Override::Op::set;
  }
  if (design == SweepFile::Design::lhs) {
    if (table.get("min") == nullptr || table.get("max") == nullptr)
      site.fail(table, path + ": a Latin hypercube axis needs min and max");
    if (table.get("values") != nullptr || table.get("start") != nullptr)
      site.fail(table, path + ": a Latin hypercube axis takes min and max, not values or a range");
    axis.min = read_number(*table.get("min"), path + ".min", site);
    axis.max = read_number(*table.get("max"), path + ".max", site);
    if (!(axis.min < axis.max)) site.fail(*table.get("max"), path + ": min must be < max");
    return axis;
  }
  if (table.get("min") != nullptr || table.get("max") != nullptr)
    site.fail(table, path +
                         ": min and max are for design = \"lhs\"; a grid axis takes values "
                         "or start, stop and step");
  if (const toml::node* values = table.get("values")) {
    if (table.get("start") != nullptr)
      site.fail(table, path + ": give values or a range (start, stop, step), not both");
    const toml::array& array = read_array(*values, path + ".values", site);
    if (array.empty()) site.fail(*values, path + ".values must not be empty");
    for (const toml::node& value : array) axis.values.push_back(to_toml_value(value));
  } else {
    axis.values = range_values(table, path, site);
  }
  if (axis.op == Override::Op::shift)
    for (const std::string& value : axis.values)
      if (std::isnan(number_of(value)))
        site.fail(table, path + ": op = \"shift\" needs numbers, not " + value);
  return axis;
}

std::vector<Override> read_set(const toml::node& node, const ErrorSite& site) {
  std::vector<Override> set;
  for (const toml::node& element : read_array(node, "set", site)) {
    try {
      set.push_back(parse_override(read_string(element, "set", site)));
    } catch (const InputError& e) {
      if (!e.file().empty()) throw;
      site.fail(element, "set: " + e.message());
    }
  }
  return set;
}

}  // namespace

SweepFile parse_sweep_file(const std::string& text, const std::string& path) {
  toml::table root;
  try {
    root = toml::parse(text, std::string_view(path));
  } catch (const toml::parse_error& error) {
    const toml::source_position at = error.source().begin;
    throw InputError(path, static_cast<int>(at.line), static_cast<int>(at.column),
                     "invalid TOML: " + std::string(error.description()));
  }
  const ErrorSite site{path, ""};
  check_keys(root, kKeys, "", site);
  SweepFile sweep;
  sweep.path = path;
  sweep.text = text;
  const toml::node& scenario = require_key(root, "scenario", "", site);
  const std::filesystem::path relative(read_string(scenario, "scenario", site));
  sweep.scenario =
      (relative.is_absolute() ? relative : std::filesystem::path(path).parent_path() / relative)
          .lexically_normal()
          .string();
  if (const toml::node* set = root.get("set")) sweep.set = read_set(*set, site);
  if (root.get("paths") != nullptr) sweep.paths = read_count(root, "paths", 1, site);
  if (root.get("seed") != nullptr) sweep.seed = read_count(root, "seed", 0, site);
  if (const toml::node* sampler = root.get("sampler")) {
    sweep.sampler = read_string(*sampler, "sampler", site);
    if (sweep.sampler != "mc" && sweep.sampler != "lhs" && sweep.sampler != "sobol")
      site.fail(*sampler, "sampler must be \"mc\", \"lhs\" or \"sobol\"");
  }
  if (const toml::node* design = root.get("design")) {
    const std::string name = read_string(*design, "design", site);
    if (name != "grid" && name != "lhs")
      site.fail(*design, "design must be \"grid\" or \"lhs\", not \"" + name + "\"");
    sweep.design = name == "lhs" ? SweepFile::Design::lhs : SweepFile::Design::grid;
  }
  if (sweep.design == SweepFile::Design::lhs) {
    if (root.get("n") == nullptr) site.fail(root, "design = \"lhs\" needs n, the number of points");
    sweep.lhs_points = read_count(root, "n", 1, site);
    if (sweep.lhs_points > kMaxPoints)
      site.fail(*root.get("n"), "n must be at most " + std::to_string(kMaxPoints));
  } else if (root.get("n") != nullptr) {
    site.fail(*root.get("n"), "n is for design = \"lhs\"; a grid has one point per combination");
  }
  if (root.get("design_seed") != nullptr)
    sweep.design_seed = read_count(root, "design_seed", 0, site);

  const toml::node& axes = require_key(root, "axis", "", site);
  const toml::array* array = axes.as_array();
  if (array == nullptr || array->empty() || !array->is_array_of_tables())
    site.fail(axes, "axis must be one or more [[axis]] tables");
  double points = 1;
  for (const toml::node& node : *array) {
    sweep.axes.push_back(parse_axis(*node.as_table(), sweep.axes.size() + 1, sweep.design, site));
    points *= static_cast<double>(sweep.axes.back().values.size());
  }
  if (sweep.design == SweepFile::Design::grid && points > static_cast<double>(kMaxPoints))
    site.fail(axes, "the grid has " + format_number(points) + " points, more than " +
                        std::to_string(kMaxPoints));
  // Expanding the points makes one value per point and axis (ten million took 52 s and 1 GB
  // from an 801-byte file), so their number has the same bound as the points'.
  const std::uint64_t count = sweep.design == SweepFile::Design::lhs
                                  ? sweep.lhs_points
                                  : static_cast<std::uint64_t>(points);
  const std::uint64_t values = count * sweep.axes.size();
  if (values > kMaxPoints)
    site.fail(axes, "the sweep has " + std::to_string(count) + " points of " +
                        std::to_string(sweep.axes.size()) + " axes, " + std::to_string(values) +
                        " values, more than " + std::to_string(kMaxPoints) +
                        "; use fewer points or axes");
  return sweep;
}

SweepFile read_sweep_file(const std::string& path) {
  return parse_sweep_file(read_text_file(path, "sweep file"), path);
}

std::vector<SweepPoint> sweep_points(const SweepFile& sweep) {
  const std::size_t A = sweep.axes.size();
  std::vector<SweepPoint> points;
  if (sweep.design == SweepFile::Design::grid) {
    std::vector<std::size_t> index(A, 0);
    while (true) {
      SweepPoint point;
      for (std::size_t a = 0; a < A; ++a) point.text.push_back(sweep.axes[a].values[index[a]]);
      points.push_back(std::move(point));
      std::size_t a = A;
      while (a > 0 && ++index[a - 1] == sweep.axes[a - 1].values.size()) index[--a] = 0;
      if (a == 0) break;
    }
  } else {
    const std::uint64_t n = sweep.lhs_points;
    Rng rng(sweep.design_seed);
    boost::random::uniform_01<double> unit;
    points.resize(n);
    for (const SweepAxis& axis : sweep.axes) {
      std::vector<std::uint64_t> perm(n);
      for (std::uint64_t i = 0; i < n; ++i) perm[i] = i;
      for (std::uint64_t i = n; i > 1; --i) std::swap(perm[i - 1], perm[rng() % i]);
      for (std::uint64_t i = 0; i < n; ++i) {
        const double u = (static_cast<double>(perm[i]) + unit(rng)) / static_cast<double>(n);
        points[i].text.push_back(format_number(axis.min + u * (axis.max - axis.min)));
      }
    }
  }
  for (SweepPoint& point : points)
    for (const std::string& text : point.text) point.number.push_back(number_of(text));
  return points;
}

std::vector<Override> point_overrides(const SweepFile& sweep, const SweepPoint& point) {
  std::vector<Override> overrides = sweep.set;
  for (std::size_t a = 0; a < sweep.axes.size(); ++a)
    overrides.push_back({sweep.axes[a].key, sweep.axes[a].op, point.text[a]});
  return overrides;
}

}  // namespace capexsim
