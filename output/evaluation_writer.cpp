// VintageEvaluation file: root attributes say what was run; /evaluation holds the (lead, flow,
// entity) cube of aggregates with its dimension scales (as /summary does, so
// xarray.open_dataset(..., group="evaluation") shows them) and /evaluation/cells one row per scored
// cell (a netCDF dimension without coordinate values, so xarray numbers the cells).
#include "output/evaluation_writer.h"

#include <span>
#include <string_view>
#include <vector>

#include "output/h5.h"

namespace capexsim {
namespace {

void write_root(const h5::File& file, const VintageEvaluation& ev, const EvaluationMetadata& m) {
  const auto text = [&](const char* name, const std::string& value) {
    h5::write_attribute(file, name, std::string_view(value));
  };
  text("format", "capexsim-evaluation");
  h5::write_attribute(file, "format_version", std::int32_t{kEvaluationFormatVersion});
  text("history_file", ev.history_file);
  text("unit", ev.unit);
  h5::write_attribute(file, "from", std::int32_t{ev.base_years.front()});
  h5::write_attribute(file, "to", std::int32_t{ev.base_years.back()});
  h5::write_attribute(file, "horizon", std::int32_t{m.horizon});
  h5::write_attribute(file, "paths", static_cast<std::int64_t>(ev.paths));
  h5::write_attribute(file, "seed", std::uint64_t{ev.seed});
  text("software_version", m.software_version);
  text("created_utc", m.created_utc);
}

struct Scales {
  h5::Dataset lead, flow, entity, bin;
};

Scales write_scales(const h5::Group& g, const EvaluationSummary& s) {
  Scales sc;
  const hsize_t nl[] = {s.leads.size()}, nb[] = {kPitBins};
  sc.lead = h5::write_dataset(g, "lead", std::span<const std::int32_t>(s.leads), nl);
  h5::set_scale(sc.lead, "lead");
  h5::describe(sc.lead, "lead time", "Years after the base year; 0: all leads pooled", "year");
  sc.flow = h5::write_dataset(g, "flow", s.flows);
  h5::set_scale(sc.flow, "flow");
  h5::describe(sc.flow, "cash flow", "ocf, capex, buybacks, dividends, surplus; all: pooled", "");
  sc.entity = h5::write_dataset(g, "entity", s.entities);
  h5::set_scale(sc.entity, "entity");
  h5::describe(sc.entity, "entity", "The companies, total (their sum); all: pooled", "");
  std::vector<double> edges;
  edges.reserve(kPitBins);
  for (int b = 0; b < kPitBins; ++b) edges.push_back(static_cast<double>(b) / kPitBins);
  sc.bin = h5::write_dataset(g, "pit_bin", std::span<const double>(edges), nb);
  h5::set_scale(sc.bin, "pit_bin");
  h5::describe(sc.bin, "PIT bin", "Lower edge of each PIT bin (width 0.1, the last closed)", "1");
  return sc;
}

struct CubeField {
  const char* name;
  const std::vector<double> EvaluationSummary::*values;
  const char* long_name;
  const char* description;
  bool money;
};

constexpr CubeField kCube[] = {
    {"in50", &EvaluationSummary::in50, "50% coverage", "Share of cells inside [q0.25, q0.75]",
     false},
    {"in50_lower", &EvaluationSummary::in50_lower, "50% coverage, lower",
     "95% Wilson interval of in50, lower end", false},
    {"in50_upper", &EvaluationSummary::in50_upper, "50% coverage, upper",
     "95% Wilson interval of in50, upper end", false},
    {"in90", &EvaluationSummary::in90, "90% coverage", "Share of cells inside [q0.05, q0.95]",
     false},
    {"in90_lower", &EvaluationSummary::in90_lower, "90% coverage, lower",
     "95% Wilson interval of in90, lower end", false},
    {"in90_upper", &EvaluationSummary::in90_upper, "90% coverage, upper",
     "95% Wilson interval of in90, upper end", false},
    {"pit_chi2", &EvaluationSummary::pit_chi2, "PIT chi-square",
     "Pearson chi-square of the 10 PIT bin counts against equal counts (9 degrees of freedom)",
     false},
    {"pit_p", &EvaluationSummary::pit_p, "PIT uniformity p-value",
     "P(chi2(9) >= pit_chi2); cells are treated as independent", false},
    {"crps", &EvaluationSummary::crps, "mean CRPS", "Mean CRPS of the simulated paths", true},
    {"crps_seed", &EvaluationSummary::crps_seed, "mean CRPS, seed's method",
     "Mean |forecast - realized| of the seed's method (trailing 3-year growth)", true},
    {"crps_naive", &EvaluationSummary::crps_naive, "mean CRPS, naive",
     "Mean |forecast - realized| of last year's growth", true},
};

void write_cube(const h5::Group& g, const VintageEvaluation& ev) {
  const EvaluationSummary& s = ev.summary;
  const Scales sc = write_scales(g, s);
  const hsize_t dims[] = {s.leads.size(), s.flows.size(), s.entities.size(), kPitBins};
  const std::span<const hsize_t> cube(dims, 3);
  const h5::Dataset n = h5::write_dataset(g, "n", std::span<const std::int64_t>(s.n), cube);
  h5::describe(n, "scored cells", "Cells scored in the entry", "1");
  h5::attach_scales(n, {&sc.lead, &sc.flow, &sc.entity});
  for (const CubeField& f : kCube) {
    const h5::Dataset d = h5::write_dataset(g, f.name, std::span(s.*f.values), cube);
    h5::describe(d, f.long_name, f.description, f.money ? std::string_view(ev.unit) : "1");
    h5::attach_scales(d, {&sc.lead, &sc.flow, &sc.entity});
  }
  const h5::Dataset h =
      h5::write_dataset(g, "pit_histogram", std::span<const std::int64_t>(s.pit_counts), dims);
  h5::describe(h, "PIT histogram", "Cells whose PIT falls in each bin", "1");
  h5::attach_scales(h, {&sc.lead, &sc.flow, &sc.entity, &sc.bin});
}

void write_cells(const h5::Group& parent, const VintageEvaluation& ev) {
  const h5::Group g = h5::create_group(parent, "cells");
  const std::vector<EvaluationCell>& c = ev.cells;
  const hsize_t dims[] = {c.size()};
  const h5::Dataset cell = h5::create_netcdf_dimension(g, "cell", dims[0]);
  const auto ints = [&](const char* name, auto member, const char* desc) {
    std::vector<std::int32_t> v;
    v.reserve(c.size());
    for (const EvaluationCell& x : c) v.push_back(member(x));
    const h5::Dataset d = h5::write_dataset(g, name, std::span<const std::int32_t>(v), dims);
    h5::describe(d, name, desc, "");
    h5::attach_scales(d, {&cell});
  };
  ints(
      "base_year", [](const EvaluationCell& x) { return x.base_year; }, "Last year calibrated on");
  ints(
      "year", [](const EvaluationCell& x) { return x.year; }, "Realized year scored");
  ints(
      "lead", [](const EvaluationCell& x) { return x.lead(); }, "year - base_year");
  const auto strings = [&](const char* name, auto member, const char* desc) {
    std::vector<std::string> v;
    v.reserve(c.size());
    for (const EvaluationCell& x : c) v.emplace_back(member(x));
    const h5::Dataset d = h5::write_dataset(g, name, v);
    h5::describe(d, name, desc, "");
    h5::attach_scales(d, {&cell});
  };
  const EvaluationSummary& s = ev.summary;
  strings(
      "entity",
      [&](const EvaluationCell& x) { return s.entities[static_cast<std::size_t>(x.entity)]; },
      "Company or total");
  strings(
      "flow", [&](const EvaluationCell& x) { return s.flows[static_cast<std::size_t>(x.flow)]; },
      "Cash flow");
  const auto reals = [&](const char* name, double EvaluationCell::*member, const char* desc,
                         bool money) {
    std::vector<double> v;
    v.reserve(c.size());
    for (const EvaluationCell& x : c) v.push_back(x.*member);
    const h5::Dataset d = h5::write_dataset(g, name, std::span<const double>(v), dims);
    h5::describe(d, name, desc, money ? std::string_view(ev.unit) : "1");
    h5::attach_scales(d, {&cell});
  };
  reals("realized", &EvaluationCell::realized, "Realized value", true);
  reals("median", &EvaluationCell::median, "Median of the simulated paths", true);
  reals("pit", &EvaluationCell::pit, "Mid-rank share of paths below the realized value", false);
  reals("in50", &EvaluationCell::in50, "1 if inside [q0.25, q0.75], else 0", false);
  reals("in90", &EvaluationCell::in90, "1 if inside [q0.05, q0.95], else 0", false);
  reals("crps", &EvaluationCell::crps, "CRPS of the simulated paths", true);
  reals("forecast_seed", &EvaluationCell::seed, "The seed's method's forecast", true);
  reals("forecast_naive", &EvaluationCell::naive, "The naive forecast", true);
  reals("crps_seed", &EvaluationCell::crps_seed, "|forecast_seed - realized|", true);
  reals("crps_naive", &EvaluationCell::crps_naive, "|forecast_naive - realized|", true);
}

}  // namespace

void write_evaluation(const std::string& path, const VintageEvaluation& evaluation,
                      const EvaluationMetadata& meta) {
  h5::write_new_file(path, [&](const h5::File& file) {
    write_root(file, evaluation, meta);
    const h5::Group g = h5::create_group(file, "evaluation");
    write_cube(g, evaluation);
    write_cells(g, evaluation);
  });
}

}  // namespace capexsim
