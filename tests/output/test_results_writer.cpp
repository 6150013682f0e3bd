//! Writes small synthetic RunResults and reads them back with the plain HDF5 C API (and with
//! h5py/xarray through check_xarray.py): every shape, value, type, attribute and scale.
#include <catch2/catch.hpp>

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

#include "output/results_writer.h"

namespace capexsim {
namespace {

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
  fill_paths(r);
  return r;
}

RunMetadata make_meta() {
  return {"unit-test", kToml, kUnit, "0.1.0-test", "2026-11-30T13:40:00Z"};
}

//! An HDF5 identifier closed on scope exit.
class Id {
 public:
  Id(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) { REQUIRE(id_ >= 0); }
  ~Id() {
    if (id_ >= 0) close_(id_);
  }
  Id(Id&& other) noexcept : id_(other.id_), close_(other.close_) { other.id_ = H5I_INVALID_HID; }
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;
  operator hid_t() const { return id_; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

Id open_file(const std::string& path) {
  return Id(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
}
Id open_dataset(hid_t file, const std::string& path) {
  return Id(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose);
}

bool exists(hid_t file, const std::string& path) {
  return H5Lexists(file, path.c_str(), H5P_DEFAULT) > 0;
}

std::vector<hsize_t> shape_of(hid_t dataset) {
  Id space(H5Dget_space(dataset), H5Sclose);
  std::vector<hsize_t> dims(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space)));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  return dims;
}

//! Reads a whole dataset after checking its shape and its file type.
template <class T>
std::vector<T> read(hid_t file, const std::string& path, const std::vector<hsize_t>& shape,
                    hid_t file_type, hid_t mem_type) {
  Id d = open_dataset(file, path);
  INFO(path);
  REQUIRE(shape_of(d) == shape);
  Id type(H5Dget_type(d), H5Tclose);
  REQUIRE(H5Tequal(type, file_type) > 0);
  hsize_t n = 1;
  for (hsize_t s : shape) n *= s;
  std::vector<T> values(n);
  REQUIRE(H5Dread(d, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) >= 0);
  return values;
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

herr_t collect_name(hid_t, const char* name, const H5A_info_t*, void* out) {
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

void require_path_dimension(hid_t file, const RunResults& r) {
  REQUIRE(exists(file, "/path") == (r.store != StorePaths::none));
  REQUIRE(exists(file, "/paths") == (r.store != StorePaths::none));
  if (r.store == StorePaths::none) return;
  Id path = open_dataset(file, "/path");
  REQUIRE(shape_of(path) == std::vector<hsize_t>{r.paths});
  Id type(H5Dget_type(path), H5Tclose);
  REQUIRE(H5Tget_class(type) == H5T_FLOAT);
  REQUIRE(H5Tget_size(type) == 4);
  REQUIRE(H5DSis_scale(path) > 0);
  char expected[96];
  std::snprintf(expected, sizeof expected, "%s%10d",
                "This is a netCDF dimension but not a netCDF variable.", static_cast<int>(r.paths));
  REQUIRE(scale_name(path) == expected);
  REQUIRE(H5Dget_storage_size(path) == 0);
}

std::string write_temp(const TempDir& dir, const RunResults& r, const std::string& name) {
  const std::string file = dir.file(name);
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
                                   "seed", "paths", "store_paths", "unit", "software_version",
                                   "created_utc"});
  REQUIRE(string_attribute(file, "/", "format") == "capexsim");
  REQUIRE(numeric_attribute<std::int32_t>(file, "/", "format_version", H5T_STD_I32LE,
                                          H5T_NATIVE_INT32) == kFormatVersion);
  REQUIRE(string_attribute(file, "/", "scenario_name") == "unit-test");
  REQUIRE(string_attribute(file, "/", "scenario_toml") == kToml);
  REQUIRE(numeric_attribute<std::uint64_t>(file, "/", "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64) ==
          r.seed);
  REQUIRE(numeric_attribute<std::int64_t>(file, "/", "paths", H5T_STD_I64LE, H5T_NATIVE_INT64) ==
          10);
  REQUIRE(string_attribute(file, "/", "store_paths") == "total");
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
      {"usage_ratio", &r.usage_ratio}};
  for (const auto& [name, values] : doubles) {
    const std::string path = std::string("/summary/") + name;
    REQUIRE(read_f64(file, path, ey) == *values);
    require_scales(file, path, {"entity", "year"});
    const bool ratio = path.ends_with("prob_negative") || path.ends_with("usage_ratio");
    require_units(file, path, ratio ? "1" : kUnit);
  }
  REQUIRE(read_f64(file, "/summary/surplus_quantiles", {3, 3, 9}) == r.surplus_quantiles);
  require_scales(file, "/summary/surplus_quantiles", {"entity", "year", "quantile"});
  require_units(file, "/summary/surplus_quantiles", kUnit);
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

int run_check(const std::string& file, StorePaths store, const std::string& expectations,
              const std::string& redirect = "") {
  const std::string command =
      std::string(CAPEXSIM_PYTHON) + " '" + CAPEXSIM_SOURCE_DIR +
      "/tests/output/check_xarray.py' '" + file + "' --store " + store_paths_name(store) +
      " --entities alpha,beta,total --years 2024,2025,2026 --paths 10 " + expectations + redirect;
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

TEST_CASE("check_xarray.py fails on a wrong value", "[output][python]") {
  TempDir dir;
  const RunResults r = make_results(StorePaths::total);
  const std::string file = write_temp(dir, r, "wrong.h5");
  const std::string quiet = " 2>/dev/null";
  REQUIRE(run_check(file, StorePaths::total, expect("paths/total_surplus[3,1]", -1.5), quiet) != 0);
  REQUIRE(run_check(file, StorePaths::all, "", quiet) != 0);
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
  REQUIRE_THROWS_AS(write_results(file, r, make_meta()), std::invalid_argument);
  REQUIRE_FALSE(fs::exists(file));
}

}  // namespace
}  // namespace capexsim
