#include "output/balance_writer.h"

#include <stdexcept>
#include <string_view>

#include "output/balance_fields.h"

namespace capexsim {
namespace {

void attach(const h5::Dataset& d, BalanceAxes axes, const Scales& sc) {
  switch (axes) {
    case BalanceAxes::entity_year:
      h5::attach_scales(d, {&sc.entity, &sc.year});
      return;
    case BalanceAxes::entity_year_quantile:
      h5::attach_scales(d, {&sc.entity, &sc.year, &sc.quantile});
      return;
    case BalanceAxes::entity:
      h5::attach_scales(d, {&sc.entity});
      return;
    case BalanceAxes::entity_quantile:
      h5::attach_scales(d, {&sc.entity, &sc.quantile});
      return;
  }
}

}  // namespace

void validate_balance(const RunResults& r) {
  const BalanceResults& b = r.balance;
  if (b.empty()) return;
  const Shape s = shape_of(r);
  for_each_balance_field(
      [&](const BalanceField& f, const auto& values) {
        const std::size_t expected = balance_field_size(f.axes, s.entities, s.years, s.quantiles);
        if (values.size() != expected && !(f.optional && values.empty()))
          throw std::invalid_argument("write_results: RunResults::balance's " + f.name + " has " +
                                      std::to_string(values.size()) + " values, expected " +
                                      std::to_string(expected));
      },
      b);
  const hsize_t stored = r.store == StorePaths::all ? s.entities * s.years * s.paths : 0;
  if (r.path_net_cash.size() != stored)
    throw std::invalid_argument("write_results: RunResults::path_net_cash has " +
                                std::to_string(r.path_net_cash.size()) + " values, expected " +
                                std::to_string(stored));
}

void write_balance(const h5::File& file, const RunResults& r, const Shape& s,
                   const std::string& unit) {
  const BalanceResults& b = r.balance;
  if (b.empty()) return;
  const h5::Group group = h5::create_group(file, "balance");
  const Scales sc = write_scales(group, r, s, false);
  for_each_balance_field(
      [&](const BalanceField& f, const auto& values) {
        if (f.optional && values.empty()) return;
        const std::vector<std::size_t> shape =
            balance_field_shape(f.axes, s.entities, s.years, s.quantiles);
        const std::vector<hsize_t> dims(shape.begin(), shape.end());
        const h5::Dataset d = h5::write_dataset(group, f.name, std::span(values), dims);
        h5::describe(d, f.long_name, f.description, balance_units(f.units, unit));
        attach(d, f.axes, sc);
      },
      b);
}

void write_balance_paths(const h5::Group& paths, const Scales& sc, const RunResults& r,
                         const Shape& s, const std::string& unit, std::vector<double>& buffer) {
  if (r.balance.empty() || r.store != StorePaths::all) return;
  const h5::Dataset d = create_path_dataset(paths, "net_cash", H5T_IEEE_F64LE,
                                            {s.entities, s.paths, s.years}, 1, s.compress);
  for (hsize_t e = 0; e < s.entities; ++e)
    write_path_flow(d, r.path_net_cash.data() + e * s.years * s.paths, s, true, e, buffer);
  h5::describe(d, "net cash", "Per-path year-end net cash (cash - debt) of every entity", unit);
  h5::attach_scales(d, {&sc.entity, &sc.path, &sc.year});
}

}  // namespace capexsim
