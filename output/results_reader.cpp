//! Reading with the HDF5 C API through output/h5.h's RAII handles: scalar string and integer
//! attributes, 1-D coordinate datasets, and one (entity, year) column of a per-path dataset as a
//! hyperslab [e, 0:P, y] of (entity, path, year) or [0:P, y] of (path, year).
#include "output/results_reader.h"

#include <optional>
#include <stdexcept>
#include <type_traits>

#include "models/errors.h"
#include "output/balance_fields.h"
#include "output/h5.h"
#include "output/h5_read.h"
#include "output/summary_fields.h"

namespace capexsim {
namespace {

using h5::open_read;

//! A root attribute of a results file; a missing one means the file is not one.
void require_attribute(const h5::File& file, const char* name) {
  if (!h5::has_attribute(file, name))
    throw InputError(file.name() + ": not a capexsim results file (no root attribute '" + name +
                     "')");
}

std::string read_string_attribute(const h5::File& file, const char* name) {
  require_attribute(file, name);
  return h5::read_string_attribute(file, name);
}

std::int64_t read_int_attribute(const h5::File& file, const char* name) {
  require_attribute(file, name);
  return h5::read_int_attribute(file, name);
}

hsize_t length_of(const h5::Dataset& d) {
  const h5::Dataspace space(H5Dget_space(d.id()), "get dataspace of", d.name());
  if (H5Sget_simple_extent_ndims(space.id()) != 1) {
    throw InputError("HDF5: '" + d.name() + "' is not one-dimensional");
  }
  hsize_t n = 0;
  h5::check(H5Sget_simple_extent_dims(space.id(), &n, nullptr), "get length of", d.name());
  return n;
}

std::vector<int> read_years(const h5::File& file) {
  const h5::Dataset d(H5Dopen2(file.id(), "year", H5P_DEFAULT), "open dataset", "/year");
  std::vector<int> years(length_of(d));
  h5::check(H5Dread(d.id(), H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, years.data()), "read",
            d.name());
  return years;
}

std::vector<std::string> read_strings(const h5::File& file, const char* name) {
  const h5::Dataset d(H5Dopen2(file.id(), name, H5P_DEFAULT), "open dataset", name);
  const h5::Datatype type = h5::utf8_string_type(name);
  std::vector<char*> raw(length_of(d), nullptr);
  h5::check(H5Dread(d.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()), "read", name);
  std::vector<std::string> result(raw.begin(), raw.end());
  const h5::Dataspace space(H5Dget_space(d.id()), "get dataspace of", name);
  H5Dvlen_reclaim(type.id(), space.id(), H5P_DEFAULT, raw.data());
  return result;
}

StorePaths parse_store(const std::string& s, const std::string& file) {
  if (const std::optional<StorePaths> store = store_paths_from_name(s)) return *store;
  throw InputError(file + ": unknown store_paths '" + s + "'");
}

//! A whole dataset of `expected` values, converted to T (double or int64) by HDF5.
template <class T>
std::vector<T> read_all(const h5::File& file, const std::string& name, std::size_t expected) {
  const h5::Dataset d(H5Dopen2(file.id(), name.c_str(), H5P_DEFAULT), "open dataset", name);
  const h5::Dataspace space(H5Dget_space(d.id()), "get dataspace of", name);
  const hssize_t n = H5Sget_simple_extent_npoints(space.id());
  if (n < 0 || static_cast<std::size_t>(n) != expected)
    throw InputError(file.name() + ": " + name + " has " + std::to_string(n) +
                     " values, expected " + std::to_string(expected));
  std::vector<T> values(expected);
  const hid_t type = std::is_same_v<T, double> ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64;
  h5::check(H5Dread(d.id(), type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "read", name);
  return values;
}

}  // namespace

const char* path_flow_name(PathFlow f) {
  switch (f) {
    case PathFlow::ocf:
      return "ocf";
    case PathFlow::capex:
      return "capex";
    case PathFlow::buybacks:
      return "buybacks";
    case PathFlow::dividends:
      return "dividends";
    case PathFlow::surplus:
      return "surplus";
  }
  return "?";
}

ResultsInfo read_results_info(const std::string& path) {
  const h5::File file = open_read(path);
  const h5::QuietErrors quiet;
  ResultsInfo info;
  info.path = path;
  if (read_string_attribute(file, "format") != "capexsim") {
    throw InputError(path + ": not a capexsim results file (format attribute)");
  }
  info.unit = read_string_attribute(file, "unit");
  info.paths = static_cast<std::uint64_t>(read_int_attribute(file, "paths"));
  info.store = parse_store(read_string_attribute(file, "store_paths"), path);
  info.years = read_years(file);
  info.entities = read_strings(file, "entity");
  if (h5::check(H5Aexists(file.id(), "overrides"), "look for attribute", "overrides") > 0)
    info.overrides = read_string_attribute(file, "overrides");
  return info;
}

RunResults read_summary(const std::string& path) {
  const ResultsInfo info = read_results_info(path);
  const h5::File file = open_read(path);
  const h5::QuietErrors quiet;
  RunResults r;
  r.years = info.years;
  r.entities = info.entities;
  r.paths = info.paths;
  r.seed = static_cast<std::uint64_t>(read_int_attribute(file, "seed"));
  const std::optional<SamplerKind> sampler =
      sampler_from_name(read_string_attribute(file, "sampler"));
  if (!sampler) throw InputError(path + ": unknown sampler");
  r.sampler = *sampler;
  r.replicates = static_cast<std::uint64_t>(read_int_attribute(file, "replicates"));
  if (h5::check(H5Aexists(file.id(), "quantile_method"), "look for attribute", "quantile_method") >
      0) {
    r.quantile_method = read_string_attribute(file, "quantile_method");
    require_attribute(file, "quantile_relative_accuracy");
    r.quantile_relative_accuracy = h5::read_double_attribute(file, "quantile_relative_accuracy");
  }
  if (h5::check(H5Aexists(file.id(), "common_random_numbers"), "look for attribute",
                "common_random_numbers") > 0)
    r.common_random_numbers = read_int_attribute(file, "common_random_numbers") != 0;
  const std::size_t ey = r.entities.size() * r.years.size();
  const std::size_t q = length_of(
      h5::Dataset(H5Dopen2(file.id(), "quantile", H5P_DEFAULT), "open dataset", "/quantile"));
  r.quantile_levels = read_all<double>(file, "/quantile", q);
  for (const SummaryField& f : kSummaryFields)
    r.*f.values = read_all<double>(file, std::string("/summary/") + f.name, ey);
  for (const QuantileField& f : kQuantileFields)
    r.*f.values = read_all<double>(file, std::string("/summary/") + f.name, ey * q);
  for (const CountField& f : kCountFields)
    r.*f.values = read_all<std::int64_t>(file, std::string("/summary/") + f.name, ey);
  r.never_negative_counts =
      read_all<std::int64_t>(file, "/summary/never_negative_counts", r.entities.size());
  if (h5::check(H5Lexists(file.id(), "balance", H5P_DEFAULT), "look for group", "/balance") > 0)
    for_each_balance_field(
        [&](const BalanceField& f, auto& values) {
          using Value = typename std::decay_t<decltype(values)>::value_type;
          const std::string name = "/balance/" + f.name;
          if (f.optional &&
              h5::check(H5Lexists(file.id(), name.c_str(), H5P_DEFAULT), "look for", name) <= 0)
            return;
          values = read_all<Value>(
              file, name, balance_field_size(f.axes, r.entities.size(), r.years.size(), q));
        },
        r.balance);
  return r;
}

std::vector<double> read_path_flow(const ResultsInfo& info, PathFlow flow, std::size_t entity,
                                   std::size_t year) {
  const bool total_surplus = info.store == StorePaths::total && flow == PathFlow::surplus &&
                             entity + 1 == info.entities.size();
  if (info.store != StorePaths::all && !total_surplus) {
    throw InputError(info.path + ": no per-path " + path_flow_name(flow) + " for " +
                     info.entities.at(entity) + " (store_paths = " + store_paths_name(info.store) +
                     ")");
  }
  const h5::File file = open_read(info.path);
  const h5::QuietErrors quiet;
  const std::string name =
      std::string("/paths/") + (total_surplus ? "total_surplus" : path_flow_name(flow));
  const h5::Dataset d(H5Dopen2(file.id(), name.c_str(), H5P_DEFAULT), "open dataset", name);
  const h5::Dataspace space(H5Dget_space(d.id()), "get dataspace of", name);
  const hsize_t p = info.paths, e = entity, y = year;
  std::vector<hsize_t> offset = {0, y}, count = {p, 1};
  if (!total_surplus) {
    offset.insert(offset.begin(), e);
    count.insert(count.begin(), 1);
  }
  if (H5Sget_simple_extent_ndims(space.id()) != static_cast<int>(offset.size())) {
    throw InputError("HDF5: '" + name + "' does not have the documented shape");
  }
  h5::check(H5Sselect_hyperslab(space.id(), H5S_SELECT_SET, offset.data(), nullptr, count.data(),
                                nullptr),
            "select paths in", name);
  const h5::Dataspace memory(H5Screate_simple(1, &p, nullptr), "create memory space for", name);
  std::vector<double> values(info.paths);
  h5::check(H5Dread(d.id(), H5T_NATIVE_DOUBLE, memory.id(), space.id(), H5P_DEFAULT, values.data()),
            "read", name);
  return values;
}

}  // namespace capexsim
