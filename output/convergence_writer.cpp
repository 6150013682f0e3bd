//! /convergence (docs/results-format.md): `check` is a netCDF dimension without coordinate
//! values, like /path, so xarray numbers the checks 0..N-1.
#include "output/convergence_writer.h"

#include <stdexcept>
#include <vector>

namespace capexsim {

void validate_convergence(const RunResults& r) {
  if (r.target_statistic.empty() && !r.convergence.empty()) {
    throw std::invalid_argument("write_results: RunResults::convergence has " +
                                std::to_string(r.convergence.size()) +
                                " checks but no target_statistic");
  }
}

void write_convergence(h5::Ref file, const RunResults& r, std::string_view units) {
  if (r.target_statistic.empty()) return;
  const h5::Group group = h5::create_group(file, "convergence");
  h5::write_attribute(group, "statistic", std::string_view(r.target_statistic));
  h5::write_attribute(group, "target_stderr", r.target_stderr);
  h5::write_attribute(group, "target_met", std::int32_t{r.target_met ? 1 : 0});

  std::vector<std::int64_t> paths;
  std::vector<double> estimate, stderr_;
  for (const ConvergencePoint& c : r.convergence) {
    paths.push_back(static_cast<std::int64_t>(c.paths));
    estimate.push_back(c.estimate);
    stderr_.push_back(c.stderr_);
  }
  const hsize_t dims[] = {r.convergence.size()};
  const h5::Dataset check = h5::create_netcdf_dimension(group, "check", dims[0]);

  const h5::Dataset p =
      h5::write_dataset(group, "paths", std::span<const std::int64_t>(paths), dims);
  h5::describe(p, "paths simulated", "Paths simulated when the statistic was checked", "paths");
  h5::attach_scales(p, {&check});
  const h5::Dataset e = h5::write_dataset(group, "estimate", std::span(estimate), dims);
  h5::describe(e, "estimate", "Value of the statistic after these paths", units);
  h5::attach_scales(e, {&check});
  const h5::Dataset s = h5::write_dataset(group, "stderr", std::span(stderr_), dims);
  h5::describe(s, "standard error", "Standard error of the estimate after these paths", units);
  h5::attach_scales(s, {&check});
}

}  // namespace capexsim
