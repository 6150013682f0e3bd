//! Writes small synthetic RunResults and reads them back with the plain HDF5 C API (and with
//! h5py/xarray through check_xarray.py): every shape, value, type, attribute and scale.
#include <sys/resource.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <csignal>

// Debian installs the serial HDF5 headers under hdf5/serial; this test target does not get
// the HDF5 include directories from CMake, so fall back to that path.
#if __has_include(<hdf5.h>)
#include <hdf5.h>
#include <hdf5_hl.h>
#else
#include <hdf5/serial/hdf5.h>
#include <hdf5/serial/hdf5_hl.h>
#endif

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "output/atomic_file.h"
#include "output/results_writer.h"
#include "sim/engine.h"
#include "tests/support/scenario_builders.h"

#include "h5_test_support.h"

namespace capexsim {
namespace {

using namespace h5test;

namespace fs = std::filesystem;

constexpr const char* kUnit = "USD 100 million";
constexpr const char* kToml = "[simulation]\nname = \"unit-test\"  # caf\u00e9 \u2713\n";

//! A fresh folder under the system temporary directory, removed with everything in it.
struct TempDir {
  fs::path path;
  TempDir() {
    static int counter = 0;
    path = fs::temp_directory_path() /
           ("capexsim-h5-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  TempDir(const TempDir&) = delete;  // one owner removes the folder
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path / name).string(); }
};

//! Distinct, exactly representable values: base + i / 4.
std::vector<double> ramp(std::size_t n, double base) {
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = base + static_cast<double>(i) / 4.0;
  return v;
}

std::vector<std::int64_t> counts(std::size_t n, std::int64_t base) {
  std::vector<std::int64_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = base + static_cast<std::int64_t>(i);
  return v;
}

//! Value of entity e, year t, path p of flow number `flow` (may be negative).
double path_value(int flow, std::size_t e, std::size_t t, std::size_t p) {
  return static_cast<double>(flow) * 1e6 + static_cast<double>(e) * 1e4 +
         static_cast<double>(t) * 100.0 - static_cast<double>(p % 1000) * 0.5 +
         static_cast<double>(p) * 1e-3;
}

std::int32_t first_negative(std::size_t e, std::size_t p) {
  return (p + e) % 4 == 0 ? 0 : 2024 + static_cast<std::int32_t>((p + e) % 3);
}

//! Per-path arrays in the documented [entity][year][path] / [entity][path] layouts.
void fill_paths(RunResults& r) {
  const std::size_t stored = r.store == StorePaths::all     ? r.entities.size()
                             : r.store == StorePaths::total ? 1
                                                            : 0;
  const std::size_t first_entity = r.entities.size() - stored, years = r.years.size();
  PathArray<double>* flows[] = {&r.path_surplus, &r.path_ocf, &r.path_buybacks, &r.path_dividends,
                                &r.path_capex};
  for (int f = 0; f < 5; ++f) {
    if (f > 0 && r.store != StorePaths::all) break;
    for (std::size_t s = 0; s < stored; ++s)
      for (std::size_t t = 0; t < years; ++t)
        for (std::size_t p = 0; p < r.paths; ++p)
          flows[f]->push_back(path_value(f, first_entity + s, t, p));
  }
  for (std::size_t s = 0; s < stored; ++s)
    for (std::size_t p = 0; p < r.paths; ++p)
      r.path_first_negative_year.push_back(first_negative(first_entity + s, p));
}

RunResults make_results(StorePaths store, std::uint64_t paths = 10,
                        std::vector<int> years = {2024, 2025, 2026}) {
  RunResults r;
  r.years = std::move(years);
  r.entities = {"alpha", "beta", "total"};
  r.paths = paths;
  r.seed = 18446744073709551557ull;  // above INT64_MAX: must survive as uint64
  r.store = store;
  const std::size_t ey = r.entities.size() * r.years.size();
  r.ocf_mean = ramp(ey, 1000.0);
  r.buybacks_mean = ramp(ey, 200.0);
  r.dividends_mean = ramp(ey, 50.0);
  r.capex_mean = ramp(ey, 600.0);
  r.surplus_mean = ramp(ey, -3.0);
  r.surplus_std = ramp(ey, 40.0);
  r.prob_negative = ramp(ey, 0.0);
  r.usage_ratio = ramp(ey, 0.5);
  r.surplus_quantiles = ramp(ey * r.quantile_levels.size(), -100.0);
  r.first_negative_counts = counts(ey, 1);
  r.never_negative_counts = counts(r.entities.size(), 7);
  r.ocf_growth_floored = counts(ey, 100);
  r.capex_growth_floored = counts(ey, 200);
  r.sampler = SamplerKind::lhs;
  r.replicates = 8;
  r.ocf_mean_stderr = ramp(ey, 10.0);
  r.buybacks_mean_stderr = ramp(ey, 2.0);
  r.dividends_mean_stderr = ramp(ey, 0.5);
  r.capex_mean_stderr = ramp(ey, 6.0);
  r.surplus_mean_stderr = ramp(ey, 0.25);
  r.prob_negative_stderr = ramp(ey, 0.01);
  r.prob_negative_lower = ramp(ey, -0.125);
  r.prob_negative_upper = ramp(ey, 0.125);
  r.survival = ramp(ey, 0.5);
  r.survival_lower = ramp(ey, 0.375);
  r.survival_upper = ramp(ey, 0.625);
  r.hazard = ramp(ey, 0.0625);
  r.hazard_lower = ramp(ey, 0.03125);
  r.hazard_upper = ramp(ey, 0.09375);
  r.surplus_quantiles_lower = ramp(ey * r.quantile_levels.size(), -110.0);
  r.surplus_quantiles_upper = ramp(ey * r.quantile_levels.size(), -90.0);
  fill_paths(r);
  return r;
}

const std::vector<std::string> kVariables = {"alpha.ocf_growth", "alpha.capex_growth",
                                             "beta.capex_growth"};

//! Element (i, j) of the synthetic correlation: asymmetric, so that a transposed write shows.
double correlation_value(std::size_t i, std::size_t j) {
  return i == j ? 1.0 : 0.1 * static_cast<double>(i + 1) + 0.01 * static_cast<double>(j + 1);
}
double declared_value(std::size_t i, std::size_t j) {
  return i == j ? 1.0 : 0.5 * static_cast<double>(i + 1) + 0.25 * static_cast<double>(j + 1);
}

//! The same matrix in the file's row-major order, built without Eigen.
std::vector<double> row_major(double (*value)(std::size_t, std::size_t), std::size_t k) {
  std::vector<double> v;
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < k; ++j) v.push_back(value(i, j));
  return v;
}

//! Three drawn variables with the synthetic matrices, filled by hand into Eigen's storage.
Dependence make_dependence(bool repaired) {
  Dependence d;
  for (std::size_t i = 0; i < kVariables.size(); ++i) {
    d.variables.push_back({static_cast<int>(i / 2), static_cast<int>(i % 2), kVariables[i]});
  }
  const auto k = static_cast<Eigen::Index>(kVariables.size());
  d.correlation.resize(k, k);
  d.declared.resize(k, k);
  for (Eigen::Index i = 0; i < k; ++i) {
    for (Eigen::Index j = 0; j < k; ++j) {
      const auto row = static_cast<std::size_t>(i), col = static_cast<std::size_t>(j);
      d.correlation(i, j) = correlation_value(row, col);
      d.declared(i, j) = repaired ? declared_value(row, col) : correlation_value(row, col);
    }
  }
  d.repaired = repaired;
  d.repair_distance = repaired ? 0.875 : 0.0;
  d.persistence = {0.5, 0.0, -0.25};
  return d;
}

const std::vector<ConvergencePoint> kTrace = {
    {4096, 0.25, 0.0068}, {8192, 0.2475, 0.0048}, {12288, 0.251, 0.00099}};

void add_convergence(RunResults& r, const std::string& statistic) {
  r.target_statistic = statistic;
  r.target_stderr = 0.001;
  r.target_met = true;
  r.convergence = kTrace;
}

RunMetadata make_meta() {
  return {"unit-test",
          kToml,
          kUnit,
          "0.1.0-test",
          "2026-11-30T13:40:00Z",
          "company.a.capex_growth+=0.1",
          0};
}

std::vector<double> read_f64(hid_t file, const std::string& path,
                             const std::vector<hsize_t>& shape) {
  return read<double>(file, path, shape, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE);
}
std::vector<std::int64_t> read_i64(hid_t file, const std::string& path,
                                   const std::vector<hsize_t>& shape) {
  return read<std::int64_t>(file, path, shape, H5T_STD_I64LE, H5T_NATIVE_INT64);
}
std::vector<std::int32_t> read_i32(hid_t file, const std::string& path,
                                   const std::vector<hsize_t>& shape) {
  return read<std::int32_t>(file, path, shape, H5T_STD_I32LE, H5T_NATIVE_INT32);
}

//! Checks a variable-length UTF-8 string type.
void require_utf8(hid_t type) {
  REQUIRE(H5Tget_class(type) == H5T_STRING);
  REQUIRE(H5Tis_variable_str(type) > 0);
  REQUIRE(H5Tget_cset(type) == H5T_CSET_UTF8);
}

std::vector<std::string> read_strings(hid_t file, const std::string& path) {
  Id d = open_dataset(file, path);
  Id type(H5Dget_type(d), H5Tclose);
  require_utf8(type);
  const std::vector<hsize_t> shape = shape_of(d);
  REQUIRE(shape.size() == 1);
  std::vector<char*> raw(shape[0]);
  REQUIRE(H5Dread(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) >= 0);
  std::vector<std::string> out(raw.begin(), raw.end());
  Id space(H5Dget_space(d), H5Sclose);
  H5Dvlen_reclaim(type, space, H5P_DEFAULT, raw.data());
  return out;
}

//! Opens attribute `name` of object `path` after checking it is a scalar.
Id open_attribute(hid_t file, const std::string& path, const std::string& name) {
  INFO(path << " attribute " << name);
  REQUIRE(H5Aexists_by_name(file, path.c_str(), name.c_str(), H5P_DEFAULT) > 0);
  Id attr(H5Aopen_by_name(file, path.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  Id space(H5Aget_space(attr), H5Sclose);
  REQUIRE(H5Sget_simple_extent_type(space) == H5S_SCALAR);
  return attr;
}

std::string string_attribute(hid_t file, const std::string& path, const std::string& name) {
  Id attr = open_attribute(file, path, name);
  Id type(H5Aget_type(attr), H5Tclose);
  require_utf8(type);
  char* raw = nullptr;
  REQUIRE(H5Aread(attr, type, &raw) >= 0);
  std::string out(raw);
  H5free_memory(raw);
  return out;
}

template <class T>
T numeric_attribute(hid_t file, const std::string& path, const std::string& name, hid_t file_type,
                    hid_t mem_type) {
  Id attr = open_attribute(file, path, name);
  Id type(H5Aget_type(attr), H5Tclose);
  REQUIRE(H5Tequal(type, file_type) > 0);
  T value{};
  REQUIRE(H5Aread(attr, mem_type, &value) >= 0);
  return value;
}

herr_t collect_name(hid_t /*location*/, const char* name, const H5A_info_t* /*info*/, void* out) {
  static_cast<std::vector<std::string>*>(out)->push_back(name);
  return 0;
}

//! Attribute names of `path` in creation order (fails unless creation order is tracked).
std::vector<std::string> attribute_names(hid_t file, const std::string& path) {
  std::vector<std::string> names;
  REQUIRE(H5Aiterate_by_name(file, path.c_str(), H5_INDEX_CRT_ORDER, H5_ITER_INC, nullptr,
                             collect_name, &names, H5P_DEFAULT) >= 0);
  return names;
}

std::string scale_name(hid_t dataset) {
  char name[128] = {};
  REQUIRE(H5DSget_scale_name(dataset, name, sizeof name) > 0);
  return name;
}

//! Every axis of `path` has exactly the expected dimension scale attached.
void require_scales(hid_t file, const std::string& path, const std::vector<std::string>& dims) {
  INFO(path);
  Id d = open_dataset(file, path);
  REQUIRE(shape_of(d).size() == dims.size());
  for (unsigned axis = 0; axis < dims.size(); ++axis) {
    INFO("axis " << axis);
    // The scales of a dataset are the coordinates of its own group.
    Id scale = open_dataset(file, path.substr(0, path.rfind('/')) + "/" + dims[axis]);
    REQUIRE(H5DSget_num_scales(d, axis) == 1);
    REQUIRE(H5DSis_attached(d, scale, axis) > 0);
    char label[64] = {};
    REQUIRE(H5DSget_label(d, axis, label, sizeof label) > 0);
    REQUIRE(label == dims[axis]);
  }
}

void require_units(hid_t file, const std::string& path, const std::string& units) {
  INFO(path);
  REQUIRE_FALSE(string_attribute(file, path, "long_name").empty());
  REQUIRE_FALSE(string_attribute(file, path, "description").empty());
  REQUIRE(string_attribute(file, path, "units") == units);
}

void require_creation_order(hid_t plist) {
  unsigned links = 0, attrs = 0;
  REQUIRE(H5Pget_link_creation_order(plist, &links) >= 0);
  REQUIRE(H5Pget_attr_creation_order(plist, &attrs) >= 0);
  REQUIRE(links == (H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED));
  REQUIRE(attrs == (H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED));
}

//! flow[e][t][p] of the in-memory layout, transposed to the file's (path, year) for entity e.
std::vector<double> file_order(int flow, std::size_t e, std::size_t years, std::size_t paths) {
  std::vector<double> v;
  for (std::size_t p = 0; p < paths; ++p)
    for (std::size_t t = 0; t < years; ++t) v.push_back(path_value(flow, e, t, p));
  return v;
}

std::vector<std::int32_t> first_negatives(std::size_t e, std::size_t paths) {
  std::vector<std::int32_t> v;
  for (std::size_t p = 0; p < paths; ++p) v.push_back(first_negative(e, p));
  return v;
}

const char* const kFlowNames[] = {"surplus", "ocf", "buybacks", "dividends", "capex"};

void require_path_data(hid_t file, const RunResults& r) {
  const std::size_t e_count = r.entities.size(), years = r.years.size(), paths = r.paths;
  REQUIRE(read_f64(file, "/paths/total_surplus", {paths, years}) ==
          file_order(0, e_count - 1, years, paths));
  REQUIRE(read_i32(file, "/paths/total_first_negative_year", {paths}) ==
          first_negatives(e_count - 1, paths));
  require_scales(file, "/paths/total_surplus", {"path", "year"});
  require_scales(file, "/paths/total_first_negative_year", {"path"});
  require_units(file, "/paths/total_surplus", kUnit);
  REQUIRE(exists(file, "/paths/surplus") == (r.store == StorePaths::all));
  if (r.store != StorePaths::all) return;
  for (int f = 0; f < 5; ++f) {
    const std::string path = std::string("/paths/") + kFlowNames[f];
    std::vector<double> expected;
    for (std::size_t e = 0; e < e_count; ++e) {
      const std::vector<double> slice = file_order(f, e, years, paths);
      expected.insert(expected.end(), slice.begin(), slice.end());
    }
    REQUIRE(read_f64(file, path, {e_count, paths, years}) == expected);
    require_scales(file, path, {"entity", "path", "year"});
    require_units(file, path, kUnit);
  }
  std::vector<std::int32_t> expected;
  for (std::size_t e = 0; e < e_count; ++e) {
    const std::vector<std::int32_t> slice = first_negatives(e, paths);
    expected.insert(expected.end(), slice.begin(), slice.end());
  }
  REQUIRE(read_i32(file, "/paths/first_negative_year", {e_count, paths}) == expected);
  require_scales(file, "/paths/first_negative_year", {"entity", "path"});
}

//! `path` is a netCDF dimension without coordinate values of this length.
void require_netcdf_dimension(hid_t file, const std::string& path, std::size_t length) {
  INFO(path);
  Id d = open_dataset(file, path);
  REQUIRE(shape_of(d) == std::vector<hsize_t>{length});
  Id type(H5Dget_type(d), H5Tclose);
  REQUIRE(H5Tget_class(type) == H5T_FLOAT);
  REQUIRE(H5Tget_size(type) == 4);
  REQUIRE(H5DSis_scale(d) > 0);
  char expected[96];
  std::snprintf(expected, sizeof expected, "%s%10d",
                "This is a netCDF dimension but not a netCDF variable.", static_cast<int>(length));
  REQUIRE(scale_name(d) == expected);
  REQUIRE(H5Dget_storage_size(d) == 0);
}

void require_path_dimension(hid_t file, const RunResults& r) {
  REQUIRE(exists(file, "/path") == (r.store != StorePaths::none));
  REQUIRE(exists(file, "/paths") == (r.store != StorePaths::none));
  if (r.store == StorePaths::none) return;
  require_netcdf_dimension(file, "/path", r.paths);
}

std::string write_temp(const TempDir& dir, const RunResults& r, const std::string& name) {
  std::string file = dir.file(name);
  write_results(file, r, make_meta());
  REQUIRE(fs::exists(file));
  return file;
}

TEST_CASE("write_results: root attributes in creation order", "[output]") {
  TempDir dir;
  const RunResults r = make_results(StorePaths::total);
  Id file = open_file(write_temp(dir, r, "root.h5"));
  REQUIRE(attribute_names(file, "/") ==
          std::vector<std::string>{"format", "format_version", "scenario_name", "scenario_toml",
                                   "overrides", "seed", "paths", "store_paths", "sampler",
                                   "common_random_numbers", "replicates", "mpi_ranks",
                                   "quantile_method", "quantile_relative_accuracy", "unit",
                                   "software_version", "created_utc"});
  REQUIRE(string_attribute(file, "/", "quantile_method") == "exact");
  REQUIRE(string_attribute(file, "/", "format") == "capexsim");
  REQUIRE(numeric_attribute<std::int32_t>(file, "/", "format_version", H5T_STD_I32LE,
                                          H5T_NATIVE_INT32) == kFormatVersion);
  REQUIRE(string_attribute(file, "/", "scenario_name") == "unit-test");
  REQUIRE(string_attribute(file, "/", "scenario_toml") == kToml);
  REQUIRE(string_attribute(file, "/", "overrides") == "company.a.capex_growth+=0.1");
  REQUIRE(numeric_attribute<std::int32_t>(file, "/", "common_random_numbers", H5T_STD_I32LE,
                                          H5T_NATIVE_INT32) == 0);
  REQUIRE(numeric_attribute<std::uint64_t>(file, "/", "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64) ==
          r.seed);
  REQUIRE(numeric_attribute<std::int64_t>(file, "/", "paths", H5T_STD_I64LE, H5T_NATIVE_INT64) ==
          10);
  REQUIRE(string_attribute(file, "/", "store_paths") == "total");
  REQUIRE(string_attribute(file, "/", "sampler") == "lhs");
  REQUIRE(numeric_attribute<std::int64_t>(file, "/", "replicates", H5T_STD_I64LE,
                                          H5T_NATIVE_INT64) == 8);
  REQUIRE(string_attribute(file, "/", "unit") == kUnit);
  REQUIRE(string_attribute(file, "/", "software_version") == "0.1.0-test");
  REQUIRE(string_attribute(file, "/", "created_utc") == "2026-11-30T13:40:00Z");

  // The file's creation properties persist on its root group.
  for (const char* group : {"/", "/summary", "/paths"}) {
    INFO(group);
    Id g(H5Gopen2(file, group, H5P_DEFAULT), H5Gclose);
    Id gcpl(H5Gget_create_plist(g), H5Pclose);
    require_creation_order(gcpl);
  }
}

TEST_CASE("write_results: dimension scales", "[output]") {
  TempDir dir;
  const RunResults r = make_results(StorePaths::total);
  Id file = open_file(write_temp(dir, r, "scales.h5"));
  REQUIRE(read_i32(file, "/year", {3}) == std::vector<std::int32_t>{2024, 2025, 2026});
  REQUIRE(read_strings(file, "/entity") == r.entities);
  REQUIRE(read_f64(file, "/quantile", {9}) == kQuantileLevels);
  for (const char* name : {"year", "entity", "quantile"}) {
    INFO(name);
    Id d = open_dataset(file, std::string("/") + name);
    REQUIRE(H5DSis_scale(d) > 0);
    REQUIRE(scale_name(d) == name);
  }
  REQUIRE(string_attribute(file, "/quantile", "units") == "1");
  require_path_dimension(file, r);
}

TEST_CASE("write_results: summary arrays, units and scales", "[output]") {
  TempDir dir;
  const RunResults r = make_results(StorePaths::none);
  Id file = open_file(write_temp(dir, r, "summary.h5"));
  const std::vector<hsize_t> ey = {3, 3};
  const std::pair<const char*, const std::vector<double>*> doubles[] = {
      {"ocf_mean", &r.ocf_mean},
      {"buybacks_mean", &r.buybacks_mean},
      {"dividends_mean", &r.dividends_mean},
      {"capex_mean", &r.capex_mean},
      {"surplus_mean", &r.surplus_mean},
      {"surplus_std", &r.surplus_std},
      {"prob_negative", &r.prob_negative},
      {"usage_ratio", &r.usage_ratio},
      {"ocf_mean_stderr", &r.ocf_mean_stderr},
      {"buybacks_mean_stderr", &r.buybacks_mean_stderr},
      {"dividends_mean_stderr", &r.dividends_mean_stderr},
      {"capex_mean_stderr", &r.capex_mean_stderr},
      {"surplus_mean_stderr", &r.surplus_mean_stderr},
      {"prob_negative_stderr", &r.prob_negative_stderr},
      {"prob_negative_lower", &r.prob_negative_lower},
      {"prob_negative_upper", &r.prob_negative_upper},
      {"survival", &r.survival},
      {"survival_lower", &r.survival_lower},
      {"survival_upper", &r.survival_upper},
      {"hazard", &r.hazard},
      {"hazard_lower", &r.hazard_lower},
      {"hazard_upper", &r.hazard_upper}};
  for (const auto& [name, values] : doubles) {
    const std::string path = std::string("/summary/") + name;
    REQUIRE(read_f64(file, path, ey) == *values);
    require_scales(file, path, {"entity", "year"});
    const bool ratio =
        path.find("prob_negative") != std::string::npos || path.ends_with("usage_ratio") ||
        path.find("survival") != std::string::npos || path.find("hazard") != std::string::npos;
    require_units(file, path, ratio ? "1" : kUnit);
  }
  const std::pair<const char*, const std::vector<double>*> quantiles[] = {
      {"surplus_quantiles", &r.surplus_quantiles},
      {"surplus_quantiles_lower", &r.surplus_quantiles_lower},
      {"surplus_quantiles_upper", &r.surplus_quantiles_upper}};
  for (const auto& [name, values] : quantiles) {
    const std::string path = std::string("/summary/") + name;
    REQUIRE(read_f64(file, path, {3, 3, 9}) == *values);
    require_scales(file, path, {"entity", "year", "quantile"});
    require_units(file, path, kUnit);
  }
  const std::pair<const char*, const std::vector<std::int64_t>*> ints[] = {
      {"first_negative_counts", &r.first_negative_counts},
      {"ocf_growth_floored", &r.ocf_growth_floored},
      {"capex_growth_floored", &r.capex_growth_floored}};
  for (const auto& [name, values] : ints) {
    const std::string path = std::string("/summary/") + name;
    REQUIRE(read_i64(file, path, ey) == *values);
    require_scales(file, path, {"entity", "year"});
    require_units(file, path, "paths");
  }
  REQUIRE(read_i64(file, "/summary/never_negative_counts", {3}) == r.never_negative_counts);
  require_scales(file, "/summary/never_negative_counts", {"entity"});
  require_units(file, "/summary/never_negative_counts", "paths");
}

TEST_CASE("write_results: per-path data for each store_paths mode", "[output]") {
  TempDir dir;
  for (StorePaths store : {StorePaths::none, StorePaths::total, StorePaths::all}) {
    const RunResults r = make_results(store);
    INFO("store_paths " << store_paths_name(store));
    Id file = open_file(write_temp(dir, r, std::string(store_paths_name(store)) + ".h5"));
    REQUIRE(string_attribute(file, "/", "store_paths") == store_paths_name(store));
    require_path_dimension(file, r);
    if (store != StorePaths::none) require_path_data(file, r);
  }
}

TEST_CASE("write_results: per-path datasets are chunked and transposed across chunks", "[output]") {
  TempDir dir;
  const RunResults r = make_results(StorePaths::all, 2 * 65536 + 7, {2030, 2031});
  Id file = open_file(write_temp(dir, r, "chunks.h5"));
  require_path_data(file, r);
  Id d = open_dataset(file, "/paths/ocf");
  Id dcpl(H5Dget_create_plist(d), H5Pclose);
  REQUIRE(H5Pget_layout(dcpl) == H5D_CHUNKED);
  hsize_t chunk[3] = {};
  REQUIRE(H5Pget_chunk(dcpl, 3, chunk) == 3);
  REQUIRE(std::vector<hsize_t>(chunk, chunk + 3) == std::vector<hsize_t>{1, 65536, 2});
}

TEST_CASE("write_results: /dependence holds the variables, row-major matrices and persistence",
          "[output]") {
  TempDir dir;
  RunResults r = make_results(StorePaths::none);
  r.dependence = make_dependence(false);
  Id file = open_file(write_temp(dir, r, "dependence.h5"));
  Id group(H5Gopen2(file, "/dependence", H5P_DEFAULT), H5Gclose);
  Id gcpl(H5Gget_create_plist(group), H5Pclose);
  require_creation_order(gcpl);
  for (const char* name : {"variable", "variable_j"}) {
    const std::string path = std::string("/dependence/") + name;
    INFO(path);
    REQUIRE(read_strings(file, path) == kVariables);
    Id d = open_dataset(file, path);
    REQUIRE(H5DSis_scale(d) > 0);
    REQUIRE(scale_name(d) == name);
  }
  const std::vector<double> correlation = read_f64(file, "/dependence/correlation", {3, 3});
  REQUIRE(correlation == row_major(correlation_value, 3));
  // Element (i, j) read back where C order puts it: row i, column j.
  REQUIRE(correlation[0 * 3 + 2] == correlation_value(0, 2));
  REQUIRE(correlation[2 * 3 + 0] == correlation_value(2, 0));
  REQUIRE(correlation[0 * 3 + 2] != correlation[2 * 3 + 0]);
  require_scales(file, "/dependence/correlation", {"variable", "variable_j"});
  require_units(file, "/dependence/correlation", "1");
  REQUIRE(read_f64(file, "/dependence/persistence", {3}) == std::vector<double>{0.5, 0.0, -0.25});
  require_scales(file, "/dependence/persistence", {"variable"});
  require_units(file, "/dependence/persistence", "1");
  REQUIRE_FALSE(exists(file, "/dependence/declared_correlation"));
  REQUIRE(numeric_attribute<std::int32_t>(file, "/dependence", "repaired", H5T_STD_I32LE,
                                          H5T_NATIVE_INT32) == 0);
  REQUIRE(numeric_attribute<double>(file, "/dependence", "repair_distance", H5T_IEEE_F64LE,
                                    H5T_NATIVE_DOUBLE) == 0.0);
}

TEST_CASE("write_results: a repaired correlation keeps the declared matrix", "[output]") {
  TempDir dir;
  RunResults r = make_results(StorePaths::total);
  r.dependence = make_dependence(true);
  Id file = open_file(write_temp(dir, r, "repaired.h5"));
  REQUIRE(read_f64(file, "/dependence/correlation", {3, 3}) == row_major(correlation_value, 3));
  REQUIRE(read_f64(file, "/dependence/declared_correlation", {3, 3}) ==
          row_major(declared_value, 3));
  require_scales(file, "/dependence/declared_correlation", {"variable", "variable_j"});
  require_units(file, "/dependence/declared_correlation", "1");
  REQUIRE(numeric_attribute<std::int32_t>(file, "/dependence", "repaired", H5T_STD_I32LE,
                                          H5T_NATIVE_INT32) == 1);
  REQUIRE(numeric_attribute<double>(file, "/dependence", "repair_distance", H5T_IEEE_F64LE,
                                    H5T_NATIVE_DOUBLE) == 0.875);
}

TEST_CASE("write_results: /dependence and /convergence are absent when unused", "[output]") {
  TempDir dir;
  RunResults r = make_results(StorePaths::total);
  SECTION("nothing drawn, no target") {}
  SECTION("nothing drawn: an empty matrix") {
    r.dependence.correlation.resize(0, 0);
    r.dependence.declared.resize(0, 0);
  }
  SECTION("a target without a statistic is not a target") { r.target_stderr = 0.01; }
  Id file = open_file(write_temp(dir, r, "plain.h5"));
  REQUIRE(exists(file, "/summary"));
  REQUIRE_FALSE(exists(file, "/dependence"));
  REQUIRE_FALSE(exists(file, "/convergence"));
}

TEST_CASE("write_results: /convergence holds the trace on a dimension without coordinates",
          "[output]") {
  TempDir dir;
  RunResults r = make_results(StorePaths::none);
  add_convergence(r, "prob_negative[total,2026]");
  r.dependence = make_dependence(false);
  Id file = open_file(write_temp(dir, r, "convergence.h5"));
  Id group(H5Gopen2(file, "/convergence", H5P_DEFAULT), H5Gclose);
  Id gcpl(H5Gget_create_plist(group), H5Pclose);
  require_creation_order(gcpl);
  require_netcdf_dimension(file, "/convergence/check", kTrace.size());
  REQUIRE(read_i64(file, "/convergence/paths", {3}) ==
          std::vector<std::int64_t>{4096, 8192, 12288});
  REQUIRE(read_f64(file, "/convergence/estimate", {3}) == std::vector<double>{0.25, 0.2475, 0.251});
  REQUIRE(read_f64(file, "/convergence/stderr", {3}) ==
          std::vector<double>{0.0068, 0.0048, 0.00099});
  for (const char* name : {"paths", "estimate", "stderr"}) {
    require_scales(file, std::string("/convergence/") + name, {"check"});
  }
  require_units(file, "/convergence/paths", "paths");
  require_units(file, "/convergence/estimate", "1");
  require_units(file, "/convergence/stderr", "1");
  REQUIRE(string_attribute(file, "/convergence", "statistic") == "prob_negative[total,2026]");
  REQUIRE(numeric_attribute<double>(file, "/convergence", "target_stderr", H5T_IEEE_F64LE,
                                    H5T_NATIVE_DOUBLE) == 0.001);
  REQUIRE(numeric_attribute<std::int32_t>(file, "/convergence", "target_met", H5T_STD_I32LE,
                                          H5T_NATIVE_INT32) == 1);
  REQUIRE(exists(file, "/dependence"));
}

TEST_CASE("write_results: the convergence estimate has its statistic's units", "[output]") {
  TempDir dir;
  RunResults r = make_results(StorePaths::none);
  add_convergence(r, "surplus_mean[alpha,2025]");
  r.target_met = false;
  Id file = open_file(write_temp(dir, r, "units.h5"));
  require_units(file, "/convergence/estimate", kUnit);
  require_units(file, "/convergence/stderr", kUnit);
  REQUIRE(numeric_attribute<std::int32_t>(file, "/convergence", "target_met", H5T_STD_I32LE,
                                          H5T_NATIVE_INT32) == 0);
}

int run_check(const std::string& file, StorePaths store, const std::string& expectations,
              const std::string& redirect = "") {
  const std::string command =
      std::string(CAPEXSIM_PYTHON) + " '" + CAPEXSIM_SOURCE_DIR +
      "/tests/output/check_xarray.py' '" + file + "' --store " + store_paths_name(store) +
      " --entities alpha,beta,total --years 2024,2025,2026 --paths 10 --sampler lhs"
      " --replicates 8 " +
      expectations + redirect;
  INFO(command);
  return std::system(command.c_str());
}

std::string expect(const std::string& where, double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.17g", value);
  return " --expect '" + where + "=" + text + "'";
}

TEST_CASE("write_results: h5py and xarray read dims, shapes and values", "[output][python]") {
  TempDir dir;
  for (StorePaths store : {StorePaths::none, StorePaths::total, StorePaths::all}) {
    INFO("store_paths " << store_paths_name(store));
    const RunResults r = make_results(store);
    const std::string file =
        write_temp(dir, r, std::string("xr-") + store_paths_name(store) + ".h5");
    std::string expectations =
        expect("summary/surplus_mean[2,1]", r.surplus_mean[r.at(2, 1)]) +
        expect("summary/surplus_quantiles[1,2,4]", r.surplus_quantiles[(3 + 2) * 9 + 4]) +
        expect("summary/first_negative_counts[0,2]",
               static_cast<double>(r.first_negative_counts[r.at(0, 2)])) +
        expect("summary/never_negative_counts[2]", static_cast<double>(r.never_negative_counts[2]));
    if (store != StorePaths::none) {
      expectations += expect("paths/total_surplus[3,1]", path_value(0, 2, 1, 3)) +
                      expect("paths/total_first_negative_year[7]", first_negative(2, 7));
    }
    if (store == StorePaths::all) {
      expectations += expect("paths/ocf[1,4,2]", path_value(1, 1, 2, 4)) +
                      expect("paths/first_negative_year[0,5]", first_negative(0, 5));
    }
    REQUIRE(run_check(file, store, expectations) == 0);
  }
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ",") + name;
  return out;
}

TEST_CASE("write_results: xarray reads /dependence and /convergence with named dims",
          "[output][python]") {
  TempDir dir;
  for (bool repaired : {false, true}) {
    INFO("repaired " << repaired);
    RunResults r = make_results(StorePaths::total);
    r.dependence = make_dependence(repaired);
    add_convergence(r, "prob_negative[total,2026]");
    const std::string file = write_temp(dir, r, repaired ? "xr-repaired.h5" : "xr-dep.h5");
    std::string expectations =
        " --variables " + join(kVariables) + " --checks 3 --statistic 'prob_negative[total,2026]'" +
        (repaired ? " --repaired" : "") +
        expect("dependence/correlation[0,2]", correlation_value(0, 2)) +
        expect("dependence/correlation[2,1]", correlation_value(2, 1)) +
        expect("dependence/persistence[2]", -0.25) + expect("convergence/paths[1]", 8192) +
        expect("convergence/stderr[2]", 0.00099) +
        expect("summary/prob_negative_upper[1,2]", r.prob_negative_upper[r.at(1, 2)]) +
        expect("summary/surplus_quantiles_lower[2,0,8]",
               r.surplus_quantiles_lower[(6 + 0) * 9 + 8]);
    if (repaired) {
      expectations += expect("dependence/declared_correlation[1,0]", declared_value(1, 0));
    }
    REQUIRE(run_check(file, StorePaths::total, expectations) == 0);
  }
}

TEST_CASE("check_xarray.py fails on a wrong value", "[output][python]") {
  TempDir dir;
  RunResults r = make_results(StorePaths::total);
  const std::string file = write_temp(dir, r, "wrong.h5");
  const std::string quiet = " 2>/dev/null";
  REQUIRE(run_check(file, StorePaths::total, expect("paths/total_surplus[3,1]", -1.5), quiet) != 0);
  REQUIRE(run_check(file, StorePaths::all, "", quiet) != 0);
  // Groups the file lacks.
  REQUIRE(run_check(file, StorePaths::total, " --variables " + join(kVariables), quiet) != 0);
  REQUIRE(run_check(file, StorePaths::total, " --checks 3 --statistic s", quiet) != 0);

  r.dependence = make_dependence(false);
  add_convergence(r, "prob_negative[total,2026]");
  const std::string grouped = write_temp(dir, r, "wrong-groups.h5");
  const std::string groups =
      " --variables " + join(kVariables) + " --checks 3 --statistic 'prob_negative[total,2026]'";
  REQUIRE(run_check(grouped, StorePaths::total, groups, quiet) == 0);
  // A transposed matrix, a missing repair, a wrong trace length or sampler are caught.
  REQUIRE(run_check(grouped, StorePaths::total,
                    groups + expect("dependence/correlation[0,2]", correlation_value(2, 0)),
                    quiet) != 0);
  REQUIRE(run_check(grouped, StorePaths::total, groups + " --repaired", quiet) != 0);
  REQUIRE(run_check(grouped, StorePaths::total,
                    " --variables " + join(kVariables) +
                        " --checks 2 --statistic "
                        "'prob_negative[total,2026]'",
                    quiet) != 0);
  REQUIRE(run_check(grouped, StorePaths::total, groups + " --sampler sobol", quiet) != 0);
}

TEST_CASE("write_results: a missing folder throws and creates nothing", "[output]") {
  TempDir dir;
  const std::string file = dir.file("missing/results.h5");
  const RunResults r = make_results(StorePaths::total);
  REQUIRE_THROWS_AS(write_results(file, r, make_meta()), std::runtime_error);
  try {
    write_results(file, r, make_meta());
  } catch (const std::runtime_error& e) {
    REQUIRE_THAT(e.what(), Catch::Contains("results.h5"));
  }
  REQUIRE_FALSE(fs::exists(dir.path / "missing"));
}

TEST_CASE("write_results: a write failing half-way (file size limit) leaves no file behind",
          "[output]") {
  // A full disk, made reproducible: in a child process, RLIMIT_FSIZE turns every write past
  // 256 KiB into EFBIG (SIGXFSZ ignored, as capexsim does), as ENOSPC would be.
  TempDir dir;
  const fs::path destination = dir.path / "r.h5";
  const RunResults r = make_results(StorePaths::all, 20000);
  const pid_t pid = ::fork();
  if (pid == 0) {
    std::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{rlim_t{256} * 1024, rlim_t{256} * 1024};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    int code = 0;
    {
      AtomicOutput out(destination, false);
      try {
        write_results(out.temp_path().string(), r, make_meta());
        code = 3;  // the limit did not bite
      } catch (const std::runtime_error& e) {
        if (std::string(e.what()).find(out.temp_path().filename().string()) == std::string::npos)
          code = 4;  // the message does not name the file
      }
      if (fs::exists(out.temp_path())) code = 5;  // write_results left its partial file
    }
    ::_exit(code);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(fs::is_empty(dir.path));
}

TEST_CASE("write_results: an existing file is refused and left intact", "[output]") {
  TempDir dir;
  const std::string file = dir.file("existing.h5");
  std::ofstream(file) << "keep me";
  REQUIRE_THROWS_AS(write_results(file, make_results(StorePaths::total), make_meta()),
                    std::runtime_error);
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  REQUIRE(text.str() == "keep me");
}

TEST_CASE("write_results: inconsistent array sizes throw before creating the file", "[output]") {
  TempDir dir;
  const std::string file = dir.file("bad.h5");
  RunResults r = make_results(StorePaths::total);
  SECTION("summary") { r.capex_mean.pop_back(); }
  SECTION("quantiles") { r.surplus_quantiles.push_back(0.0); }
  SECTION("per-path flows") { r.path_surplus.pop_back(); }
  SECTION("per-company flows without StorePaths::all") { r.path_ocf.push_back(1.0); }
  SECTION("first negative years") { r.path_first_negative_year.pop_back(); }
  SECTION("standard errors") { r.surplus_mean_stderr.pop_back(); }
  SECTION("Wilson interval") { r.prob_negative_upper.push_back(1.0); }
  SECTION("quantile intervals") { r.surplus_quantiles_lower.pop_back(); }
  SECTION("correlation shape") {
    r.dependence = make_dependence(false);
    r.dependence.correlation.conservativeResize(3, 2);
  }
  SECTION("declared shape of a repaired matrix") {
    r.dependence = make_dependence(true);
    r.dependence.declared.resize(2, 2);
  }
  SECTION("persistence") {
    r.dependence = make_dependence(false);
    r.dependence.persistence.pop_back();
  }
  SECTION("a correlation without variables") { r.dependence.correlation.setIdentity(2, 2); }
  SECTION("a convergence trace without a statistic") { r.convergence = kTrace; }
  REQUIRE_THROWS_AS(write_results(file, r, make_meta()), std::invalid_argument);
  REQUIRE_FALSE(fs::exists(file));
}

}  // namespace
}  // namespace capexsim

namespace capexsim {
namespace {

//! The engine tests' two companies, each with financing (fixed rates).
Scenario financed_scenario() {
  Scenario s = test::two_company_scenario("financed", 0.4);
  for (std::size_t c = 0; c < s.companies.size(); ++c) {
    Financing f;
    f.base = {10, 5};
    f.min_cash_ratio = {0.2, 0.2, 0.2};
    f.max_debt_to_ocf = 1.0;
    test::give_financing(s, c, f, Distribution::fixed(0.03), Distribution::fixed(0.06));
  }
  return s;
}

RunResults run_financed(const Scenario& s, StorePaths store) {
  RunOptions o;
  o.paths = 300;
  o.seed = 4;
  o.store = store;
  o.sensitivity_paths = 0;
  return run_simulation(s, o);
}

TEST_CASE("write_results: /balance and /paths/net_cash with financing, absent without",
          "[output][balance]") {
  const TempDir dir;
  const RunResults r = run_financed(financed_scenario(), StorePaths::all);
  const std::string file = write_temp(dir, r, "balance.h5");
  const Id f = open_file(file);
  const hsize_t E = 3, T = 3, Q = r.quantile_levels.size(), P = 300;
  for (int k = 0; k < kBalanceVarCount; ++k) {
    const std::string path = std::string("/balance/") + kBalanceVarNames[k] + "_mean";
    CHECK(read_f64(f, path, {E, T}) == r.balance.mean[k]);
    require_scales(f, path, {"entity", "year"});
    require_units(f, path, kUnit);
  }
  CHECK(read_f64(f, "/balance/net_cash_quantiles", {E, T, Q}) == r.balance.net_cash_quantiles);
  require_scales(f, "/balance/net_cash_quantiles", {"entity", "year", "quantile"});
  CHECK(read_f64(f, "/balance/net_cash_quantiles_lower", {E, T, Q}) ==
        r.balance.net_cash_quantiles_lower);
  CHECK(read_f64(f, "/balance/net_cash_quantiles_upper", {E, T, Q}) ==
        r.balance.net_cash_quantiles_upper);
  require_scales(f, "/balance/net_cash_quantiles_upper", {"entity", "year", "quantile"});
  for (std::size_t i = 0; i < r.balance.net_cash_quantiles.size(); ++i) {
    CHECK(r.balance.net_cash_quantiles_lower[i] <= r.balance.net_cash_quantiles[i]);
    CHECK(r.balance.net_cash_quantiles[i] <= r.balance.net_cash_quantiles_upper[i]);
  }
  CHECK(read_f64(f, "/balance/cumulative_issued_quantiles", {E, Q}) ==
        r.balance.cumulative_issued_quantiles);
  CHECK(read_f64(f, "/balance/prob_net_debt", {E, T}) == r.balance.prob[0]);
  require_scales(f, "/balance/prob_net_debt", {"entity", "year"});
  CHECK(read_i64(f, "/balance/first_net_debt_counts", {E, T}) == r.balance.first_counts[0]);
  CHECK(read_i64(f, "/balance/never_net_debt_counts", {E}) == r.balance.never_counts[0]);
  require_scales(f, "/balance/never_net_debt_counts", {"entity"});
  // (entity, path, year) in the file, [entity][year][path] in memory.
  const std::vector<double> net = read_f64(f, "/paths/net_cash", {E, P, T});
  for (hsize_t e = 0; e < E; ++e)
    for (hsize_t p = 0; p < P; p += 37)
      for (hsize_t t = 0; t < T; ++t)
        CHECK(net[(e * P + p) * T + t] == r.path_net_cash[(e * T + t) * P + p]);
  require_scales(f, "/paths/net_cash", {"entity", "path", "year"});

  // Stored total only: /balance, but no per-path net cash.
  const std::string total =
      write_temp(dir, run_financed(financed_scenario(), StorePaths::total), "total.h5");
  const Id ft = open_file(total);
  CHECK(exists(ft, "/balance"));
  CHECK_FALSE(exists(ft, "/paths/net_cash"));

  Scenario plain = financed_scenario();
  for (Company& c : plain.companies) c.financing.reset();
  const std::string none = write_temp(dir, run_financed(plain, StorePaths::all), "plain.h5");
  const Id fn = open_file(none);
  CHECK_FALSE(exists(fn, "/balance"));
  CHECK_FALSE(exists(fn, "/paths/net_cash"));
}

}  // namespace
}  // namespace capexsim
