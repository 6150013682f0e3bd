//! /dependence (docs/results-format.md). Eigen stores matrices column-major; the file is
//! row-major (C order), so each matrix is copied into a row-major one before writing.
#include "output/dependence_writer.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace capexsim {
namespace {

using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

void require_square(const Eigen::MatrixXd& m, std::size_t k, const char* field) {
  const auto size = static_cast<Eigen::Index>(k);
  if (m.rows() != size || m.cols() != size) {
    throw std::invalid_argument("write_results: RunResults::dependence." + std::string(field) +
                                " is " + std::to_string(m.rows()) + " x " +
                                std::to_string(m.cols()) + ", expected " + std::to_string(k) +
                                " x " + std::to_string(k) + " (one row per variable)");
  }
}

struct Axes {
  h5::Dataset variable, variable_j;
};

//! The names twice, as two dimension scales: a K x K matrix cannot use one dimension twice.
Axes write_axes(const h5::Group& group, const Dependence& d) {
  std::vector<std::string> names;
  for (const Variable& v : d.variables) names.push_back(v.name);
  Axes axes{h5::write_dataset(group, "variable", names),
            h5::write_dataset(group, "variable_j", names)};
  h5::set_scale(axes.variable, "variable");
  h5::describe(axes.variable, "drawn variable",
               "The drawn parameters as <company>.<parameter>: companies in scenario order, "
               "parameters in model order",
               "");
  h5::set_scale(axes.variable_j, "variable_j");
  h5::describe(axes.variable_j, "drawn variable (columns)",
               "The same names as variable, for the second axis of the correlation matrices", "");
  return axes;
}

void write_matrix(const h5::Group& group, const Axes& axes, const std::string& name,
                  const Eigen::MatrixXd& matrix, std::string_view long_name,
                  std::string_view description) {
  const RowMajor rows = matrix;
  const hsize_t dims[] = {static_cast<hsize_t>(rows.rows()), static_cast<hsize_t>(rows.cols())};
  const h5::Dataset d = h5::write_dataset(
      group, name, std::span<const double>(rows.data(), static_cast<std::size_t>(rows.size())),
      dims);
  h5::describe(d, long_name, description, "1");
  h5::attach_scales(d, {&axes.variable, &axes.variable_j});
}

}  // namespace

void validate_dependence(const Dependence& d) {
  const std::size_t k = d.variables.size();
  require_square(d.correlation, k, "correlation");
  if (d.repaired) require_square(d.declared, k, "declared");
  if (d.persistence.size() != k) {
    throw std::invalid_argument("write_results: RunResults::dependence.persistence has " +
                                std::to_string(d.persistence.size()) + " values, expected " +
                                std::to_string(k));
  }
}

void write_dependence(h5::Ref file, const Dependence& d) {
  if (d.variables.empty()) return;
  const h5::Group group = h5::create_group(file, "dependence");
  h5::write_attribute(group, "repaired", std::int32_t{d.repaired ? 1 : 0});
  h5::write_attribute(group, "repair_distance", d.repair_distance);
  const Axes axes = write_axes(group, d);
  write_matrix(group, axes, "correlation", d.correlation, "normal-score correlation",
               "Gaussian-copula (normal-score) correlation of the variables within a year, as "
               "used by the run");
  if (d.repaired) {
    write_matrix(group, axes, "declared_correlation", d.declared, "declared correlation",
                 "The correlation as assembled from the scenario, before the nearest-matrix "
                 "repair");
  }
  const hsize_t dims[] = {d.persistence.size()};
  const h5::Dataset persistence =
      h5::write_dataset(group, "persistence", std::span(d.persistence), dims);
  h5::describe(persistence, "persistence",
               "AR(1) coefficient of each variable's normal score from one year to the next", "1");
  h5::attach_scales(persistence, {&axes.variable});
}

}  // namespace capexsim
