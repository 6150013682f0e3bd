//! The capexsim results layout, format_version 1 (docs/results-format.md): root attributes,
//! netCDF-4 style dimension scales, summary arrays, and per-path arrays transposed from the
//! in-memory [entity][year][path] order to the file's (path, year) order one chunk at a time.
//! /dependence, /convergence and /sensitivity are written by their own files.
#include "output/results_writer.h"

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string_view>
#include <system_error>

#include "output/balance_writer.h"
#include "output/convergence_writer.h"
#include "output/dependence_writer.h"
#include "output/h5.h"
#include "output/results_layout.h"
#include "output/sensitivity_writer.h"
#include "output/summary_fields.h"

namespace capexsim {

Shape shape_of(const RunResults& r) {
  const hsize_t entities = r.entities.size();
  const hsize_t stored = r.store == StorePaths::all     ? entities
                         : r.store == StorePaths::total ? 1
                                                        : 0;
  return {entities, r.years.size(), r.quantile_levels.size(), r.paths, stored};
}

//! The coordinate datasets (dimension scales) in `loc`. They are written at the root and again
//! in each group, so that xarray.open_dataset(..., group=...) shows coordinates too.
Scales write_scales(h5::Ref file, const RunResults& r, const Shape& s, bool with_path) {
  Scales scales;
  const hsize_t years[] = {s.years}, quantiles[] = {s.quantiles};
  scales.year = h5::write_dataset(file, "year", std::span<const std::int32_t>(r.years), years);
  h5::set_scale(scales.year, "year");
  h5::describe(scales.year, "projection year", "Calendar years of the projection", "");
  scales.entity = h5::write_dataset(file, "entity", r.entities);
  h5::set_scale(scales.entity, "entity");
  h5::describe(scales.entity, "entity", "The companies in scenario order, then total: their sum",
               "");
  scales.quantile = h5::write_dataset(file, "quantile", std::span(r.quantile_levels), quantiles);
  h5::set_scale(scales.quantile, "quantile");
  h5::describe(scales.quantile, "quantile level", "Levels of /summary/surplus_quantiles", "1");
  if (with_path) scales.path = h5::create_netcdf_dimension(file, "path", s.paths);
  return scales;
}

//! Chunked, never-filled storage for a per-path dataset whose path axis is `path_axis`.
h5::Storage path_storage(std::vector<hsize_t> dims, std::size_t path_axis, int compress) {
  if (std::ranges::find(dims, hsize_t{0}) != dims.end()) return {.chunk = {}, .fill = false};
  for (std::size_t i = 0; i < path_axis; ++i) dims[i] = 1;   // one entity per chunk
  dims[path_axis] = std::min(dims[path_axis], kChunkPaths);  // the year axis stays whole
  return {.chunk = std::move(dims), .fill = false, .deflate = compress};
}

//! Writes one entity's flow, laid out [year][path], into (path, year) or, with `entity`,
//! (entity, path, year), transposing one chunk of paths at a time through `buffer`.
void write_path_flow(const h5::Dataset& d, const double* flow, const Shape& s, bool has_entity,
                     hsize_t entity, std::vector<double>& buffer) {
  std::vector<hsize_t> offset = {0, 0}, count = {0, s.years};
  if (has_entity) {
    offset.insert(offset.begin(), entity);
    count.insert(count.begin(), 1);
  }
  const std::size_t path_axis = has_entity ? 1 : 0;
  for (hsize_t p0 = 0; p0 < s.paths; p0 += kChunkPaths) {
    const hsize_t n = std::min(kChunkPaths, s.paths - p0);
    buffer.resize(n * s.years);
    for (hsize_t t = 0; t < s.years; ++t) {
      const double* src = flow + t * s.paths + p0;
      for (hsize_t i = 0; i < n; ++i) buffer[i * s.years + t] = src[i];
    }
    offset[path_axis] = p0;
    count[path_axis] = n;
    h5::write_slab(d, buffer, offset, count);
  }
}

h5::Dataset create_path_dataset(const h5::Group& group, const std::string& name, hid_t type,
                                std::vector<hsize_t> dims, std::size_t path_axis, int compress) {
  return h5::create_dataset(group, name, type, dims, path_storage(dims, path_axis, compress));
}

namespace {

void require_size(std::size_t actual, hsize_t expected, std::string_view field) {
  if (actual != expected) {
    throw std::invalid_argument("write_results: RunResults::" + std::string(field) + " has " +
                                std::to_string(actual) + " values, expected " +
                                std::to_string(expected));
  }
}

void write_root_attributes(const h5::File& file, const RunResults& r, const RunMetadata& meta) {
  h5::write_attribute(file, "format", std::string_view("capexsim"));
  h5::write_attribute(file, "format_version", std::int32_t{kFormatVersion});
  h5::write_attribute(file, "scenario_name", meta.scenario_name);
  h5::write_attribute(file, "scenario_toml", meta.scenario_toml);
  h5::write_attribute(file, "overrides", meta.overrides);
  h5::write_attribute(file, "seed", std::uint64_t{r.seed});
  h5::write_attribute(file, "paths", static_cast<std::int64_t>(r.paths));
  h5::write_attribute(file, "store_paths", std::string_view(store_paths_name(r.store)));
  h5::write_attribute(file, "sampler", std::string_view(sampler_name(r.sampler)));
  h5::write_attribute(file, "common_random_numbers", std::int32_t{r.common_random_numbers ? 1 : 0});
  h5::write_attribute(file, "replicates", static_cast<std::int64_t>(r.replicates));
  h5::write_attribute(file, "mpi_ranks", static_cast<std::int64_t>(r.ranks));
  h5::write_attribute(file, "quantile_method", r.quantile_method);
  h5::write_attribute(file, "quantile_relative_accuracy", r.quantile_relative_accuracy);
  h5::write_attribute(file, "unit", meta.unit);
  h5::write_attribute(file, "software_version", meta.software_version);
  h5::write_attribute(file, "created_utc", meta.created_utc);
}

void validate(const RunResults& r) {
  const Shape s = shape_of(r);
  const hsize_t ey = s.entities * s.years;
  for (const SummaryField& f : kSummaryFields) require_size((r.*f.values).size(), ey, f.name);
  for (const QuantileField& f : kQuantileFields) {
    require_size((r.*f.values).size(), ey * s.quantiles, f.name);
  }
  for (const CountField& f : kCountFields) require_size((r.*f.values).size(), ey, f.name);
  require_size(r.never_negative_counts.size(), s.entities, "never_negative_counts");
  if (s.stored > 0 && r.entities.empty()) {
    throw std::invalid_argument("write_results: per-path data needs at least one entity");
  }
  const hsize_t flows = s.stored * s.years * s.paths;
  const hsize_t all_flows = r.store == StorePaths::all ? flows : 0;
  require_size(r.path_surplus.size(), flows, "path_surplus");
  require_size(r.path_ocf.size(), all_flows, "path_ocf");
  require_size(r.path_buybacks.size(), all_flows, "path_buybacks");
  require_size(r.path_dividends.size(), all_flows, "path_dividends");
  require_size(r.path_capex.size(), all_flows, "path_capex");
  require_size(r.path_first_negative_year.size(), s.stored * s.paths, "path_first_negative_year");
  validate_dependence(r.dependence);
  validate_convergence(r);
  validate_sensitivity(r);
  validate_balance(r);
}

//! The units of the /summary dataset a statistic such as "prob_negative[total,2026]" names.
std::string_view statistic_units(std::string_view statistic, std::string_view unit) {
  const std::string_view name = statistic.substr(0, statistic.find('['));
  for (const SummaryField& f : kSummaryFields) {
    if (name == f.name) return f.money ? unit : "1";
  }
  return "";
}

void write_summary(const h5::File& file, const RunResults& r, const Shape& s,
                   const std::string& unit) {
  const h5::Group group = h5::create_group(file, "summary");
  const Scales sc = write_scales(group, r, s, false);
  const hsize_t ey[] = {s.entities, s.years}, eyq[] = {s.entities, s.years, s.quantiles},
                e[] = {s.entities};
  for (const SummaryField& f : kSummaryFields) {
    const h5::Dataset d = h5::write_dataset(group, f.name, std::span(r.*f.values), ey);
    h5::describe(d, f.long_name, f.description, f.money ? std::string_view(unit) : "1");
    h5::attach_scales(d, {&sc.entity, &sc.year});
  }
  for (const QuantileField& f : kQuantileFields) {
    const h5::Dataset d = h5::write_dataset(group, f.name, std::span(r.*f.values), eyq);
    h5::describe(d, f.long_name, f.description, unit);
    h5::attach_scales(d, {&sc.entity, &sc.year, &sc.quantile});
  }
  for (const CountField& f : kCountFields) {
    const h5::Dataset d = h5::write_dataset(group, f.name, std::span(r.*f.values), ey);
    h5::describe(d, f.long_name, f.description, "paths");
    h5::attach_scales(d, {&sc.entity, &sc.year});
  }
  const h5::Dataset never =
      h5::write_dataset(group, "never_negative_counts", std::span(r.never_negative_counts), e);
  h5::describe(never, "paths never negative",
               "Number of paths whose surplus is >= 0 in every year of the horizon", "paths");
  h5::attach_scales(never, {&sc.entity});
}

void write_total_paths(const h5::Group& group, const Scales& sc, const RunResults& r,
                       const Shape& s, const std::string& unit, std::vector<double>& buffer) {
  const hsize_t total = s.stored - 1;  // the last entity stored is total
  const h5::Dataset surplus = create_path_dataset(group, "total_surplus", H5T_IEEE_F64LE,
                                                  {s.paths, s.years}, 0, s.compress);
  write_path_flow(surplus, r.path_surplus.data() + total * s.years * s.paths, s, false, 0, buffer);
  h5::describe(surplus, "total cash surplus", "Surplus of the total entity on each path", unit);
  h5::attach_scales(surplus, {&sc.path, &sc.year});

  const h5::Dataset first = create_path_dataset(group, "total_first_negative_year", H5T_STD_I32LE,
                                                {s.paths}, 0, s.compress);
  const hsize_t offset[] = {0}, count[] = {s.paths};
  h5::write_slab(first, std::span(r.path_first_negative_year).subspan(total * s.paths, s.paths),
                 offset, count);
  h5::describe(first, "first negative year of the total",
               "Calendar year in which the total surplus is first < 0 on the path; 0 if never", "");
  h5::attach_scales(first, {&sc.path});
}

void write_entity_paths(const h5::Group& group, const Scales& sc, const RunResults& r,
                        const Shape& s, const std::string& unit, std::vector<double>& buffer) {
  struct Flow {
    const char* name;
    const PathArray<double>* values;
    const char* long_name;
  };
  const Flow flows[] = {{"surplus", &r.path_surplus, "cash surplus"},
                        {"ocf", &r.path_ocf, "operating cash flow"},
                        {"buybacks", &r.path_buybacks, "buybacks"},
                        {"dividends", &r.path_dividends, "dividends"},
                        {"capex", &r.path_capex, "capital expenditure"}};
  for (const Flow& f : flows) {
    const h5::Dataset d = create_path_dataset(group, f.name, H5T_IEEE_F64LE,
                                              {s.entities, s.paths, s.years}, 1, s.compress);
    for (hsize_t e = 0; e < s.entities; ++e) {
      write_path_flow(d, f.values->data() + e * s.years * s.paths, s, true, e, buffer);
    }
    h5::describe(d, f.long_name, std::string("Per-path ") + f.long_name + " of every entity", unit);
    h5::attach_scales(d, {&sc.entity, &sc.path, &sc.year});
  }
  const h5::Dataset first = create_path_dataset(group, "first_negative_year", H5T_STD_I32LE,
                                                {s.entities, s.paths}, 1, s.compress);
  const hsize_t offset[] = {0, 0}, count[] = {s.entities, s.paths};
  h5::write_slab(first, std::span(r.path_first_negative_year), offset, count);
  h5::describe(first, "first negative year",
               "Calendar year in which the surplus is first < 0 on the path; 0 if never", "");
  h5::attach_scales(first, {&sc.entity, &sc.path});
}

void write_layout(const h5::File& file, const RunResults& r, const RunMetadata& meta) {
  Shape s = shape_of(r);
  s.compress = meta.compress;
  write_root_attributes(file, r, meta);
  write_scales(file, r, s, s.stored > 0);
  write_summary(file, r, s, meta.unit);
  write_dependence(file, r.dependence);
  write_convergence(file, r, statistic_units(r.target_statistic, meta.unit));
  write_sensitivity(file, r);
  write_balance(file, r, s, meta.unit);
  if (s.stored == 0) return;
  const h5::Group group = h5::create_group(file, "paths");
  const Scales scales = write_scales(group, r, s, true);
  std::vector<double> buffer;
  write_total_paths(group, scales, r, s, meta.unit, buffer);
  if (r.store == StorePaths::all) write_entity_paths(group, scales, r, s, meta.unit, buffer);
  write_balance_paths(group, scales, r, s, meta.unit, buffer);
}

}  // namespace

void write_results(const std::string& path, const RunResults& results, const RunMetadata& meta) {
  validate(results);
  h5::write_new_file(path, [&](const h5::File& file) { write_layout(file, results, meta); });
}

std::uint64_t estimate_results_bytes(std::uint64_t entities, std::uint64_t years,
                                     std::uint64_t paths, StorePaths store, std::uint64_t inputs) {
  const std::uint64_t cells = entities * years;
  // Summary: about 40 arrays per cell plus three per quantile level; sensitivity: rho of every
  // input with every cell and every entity's first negative year; 1 MiB for the rest.
  std::uint64_t bytes = cells * (40 + 3 * kQuantileLevels.size()) * 8 +
                        inputs * (cells + entities) * 8 + (std::uint64_t{1} << 20);
  if (store == StorePaths::total) bytes += paths * (years * 8 + 4);
  if (store == StorePaths::all) bytes += paths * entities * (years * 5 * 8 + 4);
  return bytes;
}

std::uint64_t write_results_memory_bytes(std::uint64_t paths, std::uint64_t years, StorePaths store,
                                         int compress) {
  if (store == StorePaths::none) return 0;
  // The transpose buffer of one chunk, HDF5's copy of the chunk, and with deflate its output.
  const std::uint64_t chunk = std::min<std::uint64_t>(paths, kChunkPaths) * years * sizeof(double);
  return chunk * (compress > 0 ? 3 : 2);
}

}  // namespace capexsim
