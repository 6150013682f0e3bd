//! /sensitivity (docs/results-format.md): `input`, `entity` and `year` are dimension scales of
//! the group itself (as in /summary), so xarray.open_dataset(..., group="sensitivity") labels
//! both arrays; input_company, input_parameter and input_year run along `input` and are named
//! in each array's CF `coordinates` attribute, so that xarray shows them as coordinates too.
#include "output/sensitivity_writer.h"

#include <stdexcept>
#include <string>
#include <string_view>

namespace capexsim {
namespace {

constexpr std::string_view kMethod = "spearman";
constexpr std::string_view kCoordinates = "input_company input_parameter input_year";

void require(std::size_t actual, std::size_t expected, const char* field) {
  if (actual != expected) {
    throw std::invalid_argument("write_results: RunResults::sensitivity." + std::string(field) +
                                " has " + std::to_string(actual) + " values, expected " +
                                std::to_string(expected));
  }
}

struct Axes {
  h5::Dataset input, entity, year;
};

Axes write_axes(const h5::Group& group, const RunResults& r) {
  const RankSensitivity& s = r.sensitivity;
  Axes axes;
  axes.input = h5::write_dataset(group, "input", s.inputs);
  h5::set_scale(axes.input, "input");
  h5::describe(axes.input, "drawn input",
               "Each (company, parameter, year) whose distribution is not fixed, as "
               "<company>.<parameter>.<year>: companies in scenario order, then parameters in "
               "model order, then years",
               "");
  axes.entity = h5::write_dataset(group, "entity", r.entities);
  h5::set_scale(axes.entity, "entity");
  h5::describe(axes.entity, "entity", "The companies in scenario order, then total: their sum", "");
  const hsize_t years[] = {r.years.size()};
  axes.year = h5::write_dataset(group, "year", std::span<const std::int32_t>(r.years), years);
  h5::set_scale(axes.year, "year");
  h5::describe(axes.year, "projection year", "Calendar years of the projection", "");
  return axes;
}

void write_input_coordinates(const h5::Group& group, const Axes& axes, const RankSensitivity& s) {
  const h5::Dataset company = h5::write_dataset(group, "input_company", s.input_company);
  h5::describe(company, "company of the input", "The company whose parameter the input is", "");
  h5::attach_scales(company, {&axes.input});
  const h5::Dataset parameter = h5::write_dataset(group, "input_parameter", s.input_parameter);
  h5::describe(parameter, "parameter of the input",
               "ocf_growth, capex_growth, buyback_ratio or dividend_ratio", "");
  h5::attach_scales(parameter, {&axes.input});
  const hsize_t k[] = {s.input_year.size()};
  const h5::Dataset year = h5::write_dataset(group, "input_year", std::span(s.input_year), k);
  h5::describe(year, "year of the input", "Calendar year for which the input is drawn", "");
  h5::attach_scales(year, {&axes.input});
}

}  // namespace

void validate_sensitivity(const RunResults& r) {
  const RankSensitivity& s = r.sensitivity;
  const std::size_t k = s.inputs.size();
  require(s.input_company.size(), k, "input_company");
  require(s.input_parameter.size(), k, "input_parameter");
  require(s.input_year.size(), k, "input_year");
  require(s.spearman_surplus.size(), k * r.entities.size() * r.years.size(), "spearman_surplus");
  require(s.spearman_first_negative.size(), k * r.entities.size(), "spearman_first_negative");
  if (!s.spearman_net_cash.empty())
    require(s.spearman_net_cash.size(), k * r.entities.size() * r.years.size(),
            "spearman_net_cash");
  if (k > 0 && (s.paths < 2 || s.paths > r.paths)) {
    throw std::invalid_argument("write_results: RunResults::sensitivity.paths is " +
                                std::to_string(s.paths) + ", expected 2.." +
                                std::to_string(r.paths) + " (the run's paths)");
  }
}

void write_sensitivity(h5::Ref file, const RunResults& r) {
  const RankSensitivity& s = r.sensitivity;
  if (s.empty()) return;
  const h5::Group group = h5::create_group(file, "sensitivity");
  h5::write_attribute(group, "paths", static_cast<std::int64_t>(s.paths));
  h5::write_attribute(group, "method", kMethod);
  const Axes axes = write_axes(group, r);
  write_input_coordinates(group, axes, s);

  const hsize_t iey[] = {s.inputs.size(), r.entities.size(), r.years.size()};
  const hsize_t ie[] = {s.inputs.size(), r.entities.size()};
  //! One (input, entity[, year]) array of coefficients with its description and scales.
  auto write_rho = [&](const char* name, const std::vector<double>& rho,
                       std::span<const hsize_t> dims, const char* long_name,
                       const char* description) {
    const h5::Dataset d = h5::write_dataset(group, name, std::span(rho), dims);
    h5::describe(d, long_name, description, "1");
    h5::write_attribute(d, "coordinates", kCoordinates);
    if (dims.size() == 3)
      h5::attach_scales(d, {&axes.input, &axes.entity, &axes.year});
    else
      h5::attach_scales(d, {&axes.input, &axes.entity});
  };
  write_rho("spearman_surplus", s.spearman_surplus, iey,
            "Spearman rank correlation of input and surplus",
            "Spearman's rho (midranks for ties) between the input's draws and the entity's "
            "surplus in the year, over the first `paths` paths; NaN where either is constant");
  write_rho("spearman_first_negative", s.spearman_first_negative, ie,
            "Spearman rank correlation of input and first negative year",
            "Spearman's rho (midranks for ties) between the input's draws and the calendar "
            "year of the entity's first negative surplus, never negative ranked after every "
            "year (positive: the input delays the deficit); NaN where either is constant");
  if (s.spearman_net_cash.empty()) return;  // no financing
  write_rho("spearman_net_cash", s.spearman_net_cash, iey,
            "Spearman rank correlation of input and net cash",
            "Spearman's rho (midranks for ties) between the input's draws and the entity's "
            "year-end net cash (cash - debt) in the year, over the first `paths` paths; NaN "
            "where either is constant");
}

}  // namespace capexsim
