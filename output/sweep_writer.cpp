// The sweep layout mirrors a single run's /summary (output/summary_fields.h lists the datasets)
// and, with financing, its /balance (output/balance_fields.h), each stacked along a leading
// `point` axis. The swept keys are 1-D variables along `point`, named by the key itself and
// listed in each statistic's CF `coordinates` attribute, so xarray shows them as non-dimension
// coordinates (ds.sel(point=...), ds.swap_dims(point="company.*.x")).
#include "output/sweep_writer.h"

#include <cmath>
#include <stdexcept>

#include "output/balance_fields.h"
#include "output/h5.h"
#include "output/summary_fields.h"

namespace capexsim {
namespace {

struct Shape {
  hsize_t points, entities, years, quantiles;
};

void check_alike(const std::vector<RunResults>& points) {
  if (points.empty()) throw std::invalid_argument("write_sweep: no points");
  const RunResults& a = points.front();
  for (std::size_t i = 1; i < points.size(); ++i) {
    const RunResults& b = points[i];
    const auto fail = [i](const char* what) {
      throw std::invalid_argument("write_sweep: point " + std::to_string(i) + " has other " + what +
                                  " than point 0");
    };
    if (b.entities != a.entities) fail("entities (companies)");
    if (b.years != a.years) fail("years");
    if (b.quantile_levels != a.quantile_levels) fail("quantile levels");
    if (b.paths != a.paths) fail("numbers of paths");
    if (b.sampler != a.sampler) fail("samplers");
    if (b.balance.empty() != a.balance.empty()) fail("balance sheets (financing)");
  }
}

template <class T>
std::vector<T> stacked(const std::vector<RunResults>& points,
                       const std::vector<T> RunResults::*member, std::size_t per_point,
                       const char* name) {
  std::vector<T> out;
  out.reserve(points.size() * per_point);
  for (const RunResults& r : points) {
    if ((r.*member).size() != per_point)
      throw std::invalid_argument(std::string("write_sweep: ") + name + " has " +
                                  std::to_string((r.*member).size()) + " values, expected " +
                                  std::to_string(per_point));
    out.insert(out.end(), (r.*member).begin(), (r.*member).end());
  }
  return out;
}

struct Scales {
  h5::Dataset point, entity, year, quantile;
};

Scales write_scales(h5::Ref loc, const RunResults& r, const Shape& s) {
  Scales sc;
  std::vector<std::int64_t> index(s.points);
  for (hsize_t i = 0; i < s.points; ++i) index[i] = static_cast<std::int64_t>(i);
  const hsize_t points[] = {s.points}, years[] = {s.years}, quantiles[] = {s.quantiles};
  sc.point = h5::write_dataset(loc, "point", std::span<const std::int64_t>(index), points);
  h5::set_scale(sc.point, "point");
  h5::describe(sc.point, "sweep point", "Index of the point in the sweep's order", "");
  sc.entity = h5::write_dataset(loc, "entity", r.entities);
  h5::set_scale(sc.entity, "entity");
  h5::describe(sc.entity, "entity", "The companies in scenario order, then total: their sum", "");
  sc.year = h5::write_dataset(loc, "year", std::span<const std::int32_t>(r.years), years);
  h5::set_scale(sc.year, "year");
  h5::describe(sc.year, "projection year", "Calendar years of the projection", "");
  sc.quantile = h5::write_dataset(loc, "quantile", std::span(r.quantile_levels), quantiles);
  h5::set_scale(sc.quantile, "quantile");
  h5::describe(sc.quantile, "quantile level", "Levels of surplus_quantiles", "1");
  return sc;
}

bool all_numbers(const SweepCoordinate& c) {
  for (double x : c.number)
    if (!std::isfinite(x)) return false;
  return c.number.size() == c.text.size();
}

void write_coordinates(const h5::Group& group, const Scales& sc,
                       const std::vector<SweepCoordinate>& coordinates, hsize_t points) {
  const hsize_t dims[] = {points};
  for (const SweepCoordinate& c : coordinates) {
    if (c.text.size() != points)
      throw std::invalid_argument("write_sweep: coordinate " + c.key + " has " +
                                  std::to_string(c.text.size()) + " values for " +
                                  std::to_string(points) + " points");
    if (c.key.find('/') != std::string::npos || c.key == "." || c.key == "point" ||
        c.key == "entity" || c.key == "year" || c.key == "quantile")
      throw std::invalid_argument("write_sweep: cannot name a coordinate \"" + c.key + "\"");
    const h5::Dataset d = all_numbers(c)
                              ? h5::write_dataset(group, c.key, std::span(c.number), dims)
                              : h5::write_dataset(group, c.key, c.text);
    h5::describe(d, c.key,
                 c.op == "shift" ? "Swept key: the amount added (KEY+=VALUE)"
                                 : "Swept key: the value set (KEY=VALUE)",
                 "");
    h5::write_attribute(d, "sweep_key", c.key);
    h5::write_attribute(d, "sweep_op", c.op);
    h5::attach_scales(d, {&sc.point});
  }
}

//! Every point's balance arrays one after the other, each checked against the run's shape.
BalanceResults stacked_balance(const std::vector<RunResults>& points, const Shape& s) {
  BalanceResults all;
  for (std::size_t i = 0; i < points.size(); ++i)
    for_each_balance_field(
        [&](const BalanceField& f, auto& out, const auto& in) {
          // An optional field is in every point or in none.
          if (f.optional && in.empty() && out.empty()) return;
          const std::size_t n = balance_field_size(f.axes, s.entities, s.years, s.quantiles);
          if (in.size() != n || out.size() != i * n)
            throw std::invalid_argument("write_sweep: point " + std::to_string(i) + "'s balance " +
                                        f.name + " has " + std::to_string(in.size()) +
                                        " values, expected " + std::to_string(n));
          out.insert(out.end(), in.begin(), in.end());
        },
        all, points[i].balance);
  return all;
}

//! /balance: every dataset of a single run's /balance (output/balance_fields.h) with `point` in
//! front, beside the same scales and swept-key coordinates as /summary.
void write_balance_group(const h5::File& file, const std::vector<RunResults>& points,
                         const std::vector<SweepCoordinate>& coordinates, const Shape& s,
                         const std::string& coordinate_names, const std::string& unit) {
  const BalanceResults all = stacked_balance(points, s);
  const h5::Group group = h5::create_group(file, "balance");
  const Scales sc = write_scales(group, points.front(), s);
  write_coordinates(group, sc, coordinates, s.points);
  for_each_balance_field(
      [&](const BalanceField& f, const auto& values) {
        if (f.optional && values.empty()) return;
        const std::vector<std::size_t> shape =
            balance_field_shape(f.axes, s.entities, s.years, s.quantiles);
        std::vector<hsize_t> dims = {s.points};
        dims.insert(dims.end(), shape.begin(), shape.end());
        const h5::Dataset d = h5::write_dataset(group, f.name, std::span(values), dims);
        h5::describe(d, f.long_name, f.description, balance_units(f.units, unit));
        switch (f.axes) {
          case BalanceAxes::entity_year:
            h5::attach_scales(d, {&sc.point, &sc.entity, &sc.year});
            break;
          case BalanceAxes::entity_year_quantile:
            h5::attach_scales(d, {&sc.point, &sc.entity, &sc.year, &sc.quantile});
            break;
          case BalanceAxes::entity:
            h5::attach_scales(d, {&sc.point, &sc.entity});
            break;
          case BalanceAxes::entity_quantile:
            h5::attach_scales(d, {&sc.point, &sc.entity, &sc.quantile});
            break;
        }
        if (!coordinate_names.empty()) h5::write_attribute(d, "coordinates", coordinate_names);
      },
      all);
}

void write_layout(const h5::File& file, const std::vector<RunResults>& points,
                  const std::vector<SweepCoordinate>& coordinates, const SweepMetadata& meta) {
  const RunResults& first = points.front();
  const Shape s{points.size(), first.entities.size(), first.years.size(),
                first.quantile_levels.size()};
  const std::size_t ey = s.entities * s.years;
  std::string keys;
  for (const SweepCoordinate& c : coordinates) keys += (keys.empty() ? "" : "\n") + c.key;
  h5::write_attribute(file, "format", std::string_view("capexsim-sweep"));
  h5::write_attribute(file, "format_version", std::int32_t{kSweepFormatVersion});
  h5::write_attribute(file, "scenario_name", meta.scenario_name);
  h5::write_attribute(file, "scenario_toml", meta.scenario_toml);
  h5::write_attribute(file, "sweep_toml", meta.sweep_toml);
  h5::write_attribute(file, "swept_keys", keys);
  h5::write_attribute(file, "paths", static_cast<std::int64_t>(first.paths));
  h5::write_attribute(file, "seed", std::uint64_t{first.seed});
  h5::write_attribute(file, "sampler", std::string_view(sampler_name(first.sampler)));
  h5::write_attribute(file, "quantile_method", first.quantile_method);
  h5::write_attribute(file, "quantile_relative_accuracy", first.quantile_relative_accuracy);
  h5::write_attribute(file, "common_random_numbers",
                      std::int32_t{meta.common_random_numbers ? 1 : 0});
  h5::write_attribute(file, "unit", meta.unit);
  h5::write_attribute(file, "software_version", meta.software_version);
  h5::write_attribute(file, "created_utc", meta.created_utc);
  write_scales(file, first, s);

  const h5::Group group = h5::create_group(file, "summary");
  const Scales sc = write_scales(group, first, s);
  write_coordinates(group, sc, coordinates, s.points);
  std::string coordinate_names;
  for (const SweepCoordinate& c : coordinates)
    coordinate_names += (coordinate_names.empty() ? "" : " ") + c.key;
  const auto finish = [&](const h5::Dataset& d, std::initializer_list<const h5::Dataset*> axes) {
    h5::attach_scales(d, axes);
    if (!coordinate_names.empty()) h5::write_attribute(d, "coordinates", coordinate_names);
  };

  const hsize_t pey[] = {s.points, s.entities, s.years},
                peyq[] = {s.points, s.entities, s.years, s.quantiles},
                pe[] = {s.points, s.entities}, p[] = {s.points};
  for (const SummaryField& f : kSummaryFields) {
    const std::vector<double> v = stacked(points, f.values, ey, f.name);
    const h5::Dataset d = h5::write_dataset(group, f.name, std::span(v), pey);
    h5::describe(d, f.long_name, f.description, f.money ? std::string_view(meta.unit) : "1");
    finish(d, {&sc.point, &sc.entity, &sc.year});
  }
  for (const QuantileField& f : kQuantileFields) {
    const std::vector<double> v = stacked(points, f.values, ey * s.quantiles, f.name);
    const h5::Dataset d = h5::write_dataset(group, f.name, std::span(v), peyq);
    h5::describe(d, f.long_name, f.description, meta.unit);
    finish(d, {&sc.point, &sc.entity, &sc.year, &sc.quantile});
  }
  for (const CountField& f : kCountFields) {
    const std::vector<std::int64_t> v = stacked(points, f.values, ey, f.name);
    const h5::Dataset d = h5::write_dataset(group, f.name, std::span(v), pey);
    h5::describe(d, f.long_name, f.description, "paths");
    finish(d, {&sc.point, &sc.entity, &sc.year});
  }
  const std::vector<std::int64_t> never =
      stacked(points, &RunResults::never_negative_counts, s.entities, "never_negative_counts");
  const h5::Dataset d = h5::write_dataset(group, "never_negative_counts", std::span(never), pe);
  h5::describe(d, "paths never negative",
               "Number of paths whose surplus is >= 0 in every year of the horizon", "paths");
  finish(d, {&sc.point, &sc.entity});
  std::vector<std::uint64_t> seeds;
  seeds.reserve(points.size());
  for (const RunResults& r : points) seeds.push_back(r.seed);
  const h5::Dataset seed =
      h5::write_dataset(group, "seed", std::span<const std::uint64_t>(seeds), p);
  h5::describe(seed, "seed of the point",
               "The seed each point ran with (all equal with common random numbers)", "");
  finish(seed, {&sc.point});
  if (!first.balance.empty())
    write_balance_group(file, points, coordinates, s, coordinate_names, meta.unit);
}

}  // namespace

void write_sweep(const std::string& path, const std::vector<RunResults>& points,
                 const std::vector<SweepCoordinate>& coordinates, const SweepMetadata& meta) {
  check_alike(points);
  h5::write_new_file(path,
                     [&](const h5::File& file) { write_layout(file, points, coordinates, meta); });
}

}  // namespace capexsim
