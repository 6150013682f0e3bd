//! Layout (docs/results-format.md): root attributes with the settings; group /sobol with the
//! string coordinate `factor` as its dimension scale and eight float64 (factor) datasets, so
//! xarray.open_dataset(FILE, engine="h5netcdf", group="sobol") labels them by factor name.
#include "output/sobol_writer.h"

#include <filesystem>
#include <span>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "output/h5.h"

namespace capexsim {
namespace {

struct Field {
  const char* name;
  const std::vector<double> SobolIndices::*values;
  const char* long_name;
  const char* description;
};

constexpr Field kFields[] = {
    {"first_order", &SobolIndices::first, "first-order Sobol' index",
     "Share of the output's variance explained by the factor alone, V(E[Y | X_i]) / V(Y): "
     "Saltelli et al. (2010) Table 2 (f) (Jansen)"},
    {"total_order", &SobolIndices::total, "total Sobol' index",
     "Share of the output's variance involving the factor, E[V(Y | X_~i)] / V(Y) (Jansen 1999)"},
    {"first_order_lower", &SobolIndices::first_lower, "first-order index, 2.5% bootstrap",
     "2.5% percentile of the first-order index over the bootstrap resamples of the base rows"},
    {"first_order_upper", &SobolIndices::first_upper, "first-order index, 97.5% bootstrap",
     "97.5% percentile of the first-order index over the bootstrap resamples of the base rows"},
    {"first_order_stderr", &SobolIndices::first_stderr, "first-order index, standard error",
     "Standard deviation of the first-order index over the bootstrap resamples"},
    {"total_order_lower", &SobolIndices::total_lower, "total index, 2.5% bootstrap",
     "2.5% percentile of the total index over the bootstrap resamples of the base rows"},
    {"total_order_upper", &SobolIndices::total_upper, "total index, 97.5% bootstrap",
     "97.5% percentile of the total index over the bootstrap resamples of the base rows"},
    {"total_order_stderr", &SobolIndices::total_stderr, "total index, standard error",
     "Standard deviation of the total index over the bootstrap resamples"},
};

void validate(const SobolResults& r) {
  for (const Field& f : kFields)
    if ((r.indices.*f.values).size() != r.factors.size())
      throw std::invalid_argument(std::string("write_sobol: ") + f.name + " has " +
                                  std::to_string((r.indices.*f.values).size()) + " values for " +
                                  std::to_string(r.factors.size()) + " factors");
}

void write_layout(const h5::File& file, const SobolResults& r, const SobolMetadata& meta) {
  const SobolIndices& s = r.indices;
  h5::write_attribute(file, "format", std::string_view("capexsim-sobol"));
  h5::write_attribute(file, "format_version", std::int32_t{kSobolFormatVersion});
  h5::write_attribute(file, "scenario_name", meta.scenario_name);
  h5::write_attribute(file, "scenario_toml", meta.scenario_toml);
  h5::write_attribute(file, "overrides", meta.overrides);
  h5::write_attribute(file, "statistic", r.statistic);
  h5::write_attribute(file, "by", std::string_view(sobol_grouping_name(r.by)));
  h5::write_attribute(file, "dependence", std::int32_t{r.dependence ? 1 : 0});
  h5::write_attribute(file, "n", static_cast<std::int64_t>(s.n));
  h5::write_attribute(file, "inputs", static_cast<std::int64_t>(r.inputs));
  h5::write_attribute(file, "evaluations", static_cast<std::int64_t>(s.evaluations));
  h5::write_attribute(file, "bootstrap", static_cast<std::int64_t>(s.bootstrap));
  h5::write_attribute(file, "seed", std::uint64_t{s.seed});
  h5::write_attribute(file, "variance", s.variance);
  h5::write_attribute(file, "mean", s.mean);
  h5::write_attribute(file, "first_order_sum", s.first_sum);
  h5::write_attribute(file, "first_order_sum_lower", s.first_sum_lower);
  h5::write_attribute(file, "first_order_sum_upper", s.first_sum_upper);
  h5::write_attribute(file, "unit", meta.unit);
  h5::write_attribute(file, "software_version", meta.software_version);
  h5::write_attribute(file, "created_utc", meta.created_utc);

  const h5::Group group = h5::create_group(file, "sobol");
  const h5::Dataset factor = h5::write_dataset(group, "factor", r.factors);
  h5::set_scale(factor, "factor");
  h5::describe(factor, "factor",
               "Inputs swapped together: company.parameter.year, company.parameter, parameter "
               "or company (root attribute `by`)",
               "");
  const hsize_t dims[] = {r.factors.size()};
  for (const Field& f : kFields) {
    const h5::Dataset d = h5::write_dataset(group, f.name, std::span(s.*f.values), dims);
    h5::describe(d, f.long_name, f.description, "1");
    h5::attach_scales(d, {&factor});
  }
}

}  // namespace

void write_sobol(const std::string& path, const SobolResults& results, const SobolMetadata& meta) {
  validate(results);
  h5::write_new_file(path, [&](const h5::File& file) { write_layout(file, results, meta); });
}

}  // namespace capexsim
