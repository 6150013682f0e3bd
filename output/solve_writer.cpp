// Break-even file: root attributes carry the answer, /evaluation the trace (a netCDF dimension
// without coordinate values, so xarray numbers the evaluations), /replicate the roots of the
// independent searches when there are any.
#include "output/solve_writer.h"

#include <string_view>
#include <vector>

#include "output/h5.h"

namespace capexsim {
namespace {

void write_answer(const h5::File& file, const BreakEven& r, const SolveMetadata& m) {
  const auto text = [&](const char* name, const std::string& value) {
    h5::write_attribute(file, name, std::string_view(value));
  };
  text("format", "capexsim-solve");
  h5::write_attribute(file, "format_version", std::int32_t{kSolveFormatVersion});
  text("scenario_name", m.scenario_name);
  text("scenario_toml", m.scenario_toml);
  text("overrides", m.overrides);
  text("unit", m.unit);
  text("vary", m.vary);
  text("vary_op", m.vary_op);
  text("statistic", m.statistic);
  text("statistic_description", m.statistic_description);
  h5::write_attribute(file, "target", m.search.target);
  h5::write_attribute(file, "lo", m.search.lo);
  h5::write_attribute(file, "hi", m.search.hi);
  h5::write_attribute(file, "xtol", m.search.xtol);
  h5::write_attribute(file, "max_iterations", std::int32_t{m.search.max_iterations});
  h5::write_attribute(file, "paths", static_cast<std::int64_t>(m.paths));
  h5::write_attribute(file, "seed", std::uint64_t{m.seed});
  text("sampler", "mc");
  h5::write_attribute(file, "common_random_numbers", std::int32_t{1});

  const RootSearch& s = r.search;
  h5::write_attribute(file, "root", s.root);
  h5::write_attribute(file, "root_stderr", r.root_stderr);
  h5::write_attribute(file, "ci_lower", r.ci_lower);
  h5::write_attribute(file, "ci_upper", r.ci_upper);
  h5::write_attribute(file, "statistic_at_root", s.at_root.value);
  h5::write_attribute(file, "statistic_at_root_stderr", s.at_root.stderr_);
  h5::write_attribute(file, "slope", r.slope);
  h5::write_attribute(file, "slope_step", r.slope_step);
  h5::write_attribute(file, "slope_left", r.slope_left);
  h5::write_attribute(file, "slope_right", r.slope_right);
  h5::write_attribute(file, "bracket_lo", s.bracket_lo);
  h5::write_attribute(file, "bracket_hi", s.bracket_hi);
  h5::write_attribute(file, "converged", std::int32_t{s.converged ? 1 : 0});
  h5::write_attribute(file, "iterations", std::int32_t{s.iterations});
  h5::write_attribute(file, "evaluations", static_cast<std::int32_t>(r.trace.size()));
  h5::write_attribute(file, "replicates", static_cast<std::int32_t>(r.replicate_roots.size()));
  h5::write_attribute(file, "replicate_mean", r.replicate_mean);
  h5::write_attribute(file, "replicate_sd", r.replicate_sd);
  h5::write_attribute(file, "replicates_unconverged", std::int32_t{r.replicates_unconverged});
  text("software_version", m.software_version);
  text("created_utc", m.created_utc);
}

void write_trace(const h5::File& file, const BreakEven& r, const SolveMetadata& m) {
  std::vector<double> v, value, stderr_;
  std::vector<std::string> role;
  for (const Evaluation& e : r.trace) {
    v.push_back(e.v);
    value.push_back(e.at.value);
    stderr_.push_back(e.at.stderr_);
    role.emplace_back(role_name(e.role));
  }
  const hsize_t dims[] = {r.trace.size()};
  const h5::Dataset evaluation = h5::create_netcdf_dimension(file, "evaluation", dims[0]);
  const h5::Dataset dv = h5::write_dataset(file, "v", std::span<const double>(v), dims);
  h5::describe(dv, "varied value", "Value v of the varied key (" + m.vary_op + " " + m.vary + ")",
               "");
  h5::attach_scales(dv, {&evaluation});
  const h5::Dataset ds = h5::write_dataset(file, "statistic", std::span<const double>(value), dims);
  h5::describe(ds, m.statistic, m.statistic_description + " at v", m.statistic_units);
  h5::attach_scales(ds, {&evaluation});
  const h5::Dataset de =
      h5::write_dataset(file, "statistic_stderr", std::span<const double>(stderr_), dims);
  h5::describe(de, "standard error", "Monte Carlo standard error of the statistic at v",
               m.statistic_units);
  h5::attach_scales(de, {&evaluation});
  const h5::Dataset dr = h5::write_dataset(file, "role", role);
  h5::describe(dr, "role",
               "bracket: the bracket's ends; search: the root search; slope: the "
               "finite difference behind the standard error",
               "");
  h5::attach_scales(dr, {&evaluation});
}

void write_replicates(const h5::File& file, const BreakEven& r) {
  if (r.replicate_roots.empty()) return;
  const hsize_t dims[] = {r.replicate_roots.size()};
  const h5::Dataset replicate = h5::create_netcdf_dimension(file, "replicate", dims[0]);
  const h5::Dataset seed = h5::write_dataset(
      file, "replicate_seed", std::span<const std::uint64_t>(r.replicate_seeds), dims);
  h5::describe(seed, "replicate seed", "Seed of each independent search", "");
  h5::attach_scales(seed, {&replicate});
  const h5::Dataset root =
      h5::write_dataset(file, "replicate_root", std::span<const double>(r.replicate_roots), dims);
  h5::describe(root, "replicate root", "Break-even value found with that seed", "");
  h5::attach_scales(root, {&replicate});
  std::vector<std::int32_t> evaluations(r.replicate_evaluations.begin(),
                                        r.replicate_evaluations.end());
  const h5::Dataset ev = h5::write_dataset(file, "replicate_evaluations",
                                           std::span<const std::int32_t>(evaluations), dims);
  h5::describe(ev, "evaluations", "Runs the search with that seed needed", "");
  h5::attach_scales(ev, {&replicate});
}

}  // namespace

void write_solve(const std::string& path, const BreakEven& result, const SolveMetadata& meta) {
  h5::write_new_file(path, [&](const h5::File& file) {
    write_answer(file, result, meta);
    write_trace(file, result, meta);
    write_replicates(file, result);
  });
}

}  // namespace capexsim
