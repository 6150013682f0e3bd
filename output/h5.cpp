//! RAII handles and writers over the HDF5 1.10 C API (output/h5.h). Dimension scales follow
//! the HDF5 Dimension Scales specification; dimensions without coordinates follow netCDF-4's
//! convention (netcdf-c libhdf5: DIM_WITHOUT_VARIABLE, "%s%10d").
#include "output/h5.h"
#include "models/errors.h"

#include <filesystem>
#include <system_error>

#include <hdf5_hl.h>

#include <cstdio>
#include <functional>
#include <numeric>
#include <stdexcept>

namespace capexsim::h5 {
namespace {

constexpr unsigned kCreationOrder = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;
constexpr const char* kNotAVariable = "This is a netCDF dimension but not a netCDF variable.";

herr_t take_innermost(unsigned n, const H5E_error2_t* error, void* out) {
  if (n != 0) return 1;
  auto& message = *static_cast<std::string*>(out);
  message = error->desc != nullptr ? error->desc : "";
  if (error->func_name != nullptr) message += std::string(" (in ") + error->func_name + ")";
  return 1;
}

//! The HDF5 path of `name` inside `loc`, for messages and child handles.
std::string child_name(Ref loc, const std::string& name) {
  if (H5Iget_type(loc.id) == H5I_FILE) return "/" + name;
  return std::string(loc.name) + "/" + name;
}

hsize_t element_count(std::span<const hsize_t> dims) {
  return std::accumulate(dims.begin(), dims.end(), hsize_t{1}, std::multiplies<>());
}

void check_count(std::size_t size, std::span<const hsize_t> dims, const std::string& object) {
  if (size != element_count(dims)) {
    throw std::invalid_argument("HDF5: " + std::to_string(size) + " values for '" + object +
                                "' of " + std::to_string(element_count(dims)) + " elements");
  }
}

Dataspace simple_space(std::span<const hsize_t> dims, const std::string& object) {
  return Dataspace(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                   "create dataspace of", object);
}

Dataspace scalar_space(const std::string& object) {
  return Dataspace(H5Screate(H5S_SCALAR), "create scalar dataspace of", object);
}

template <class T>
void write_slab_of(const Dataset& dataset, hid_t mem_type, std::span<const T> data,
                   std::span<const hsize_t> offset, std::span<const hsize_t> count) {
  check_count(data.size(), count, dataset.name());
  if (data.empty()) return;
  Dataspace file_space(H5Dget_space(dataset.id()), "get dataspace of", dataset.name());
  check(H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, offset.data(), nullptr, count.data(),
                            nullptr),
        "select slab of", dataset.name());
  Dataspace mem_space = simple_space(count, dataset.name());
  check(H5Dwrite(dataset.id(), mem_type, mem_space.id(), file_space.id(), H5P_DEFAULT, data.data()),
        "write slab of", dataset.name());
}

template <class T>
Dataset write_numeric(Ref loc, const std::string& name, hid_t file_type, hid_t mem_type,
                      std::span<const T> data, std::span<const hsize_t> dims) {
  check_count(data.size(), dims, child_name(loc, name));
  Dataset dataset = create_dataset(loc, name, file_type, dims);
  if (!data.empty()) {
    check(H5Dwrite(dataset.id(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()), "write",
          dataset.name());
  }
  return dataset;
}

template <class T>
void write_scalar_attribute(Ref obj, const std::string& name, hid_t file_type, hid_t mem_type,
                            const T& value) {
  const std::string what = "attribute '" + name + "' of";
  Dataspace space = scalar_space(std::string(obj.name));
  Attribute attr(H5Acreate2(obj.id, name.c_str(), file_type, space.id(), H5P_DEFAULT, H5P_DEFAULT),
                 "create " + what, std::string(obj.name));
  check(H5Awrite(attr.id(), mem_type, &value), "write " + what, obj.name);
}

}  // namespace

Datatype utf8_string_type(const std::string& object) {
  Datatype type(H5Tcopy(H5T_C_S1), "copy string type for", object);
  check(H5Tset_size(type.id(), H5T_VARIABLE), "make variable-length string type for", object);
  check(H5Tset_cset(type.id(), H5T_CSET_UTF8), "set UTF-8 string type for", object);
  return type;
}

void fail(std::string_view op, std::string_view object) {
  std::string detail;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, take_innermost, &detail);
  H5Eclear2(H5E_DEFAULT);
  std::string message = "HDF5: cannot " + std::string(op) + " '" + std::string(object) + "'";
  if (!detail.empty()) message += ": " + detail;
  throw IoError(std::string(object), {}, message);
}

QuietErrors::QuietErrors() {
  H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

QuietErrors::~QuietErrors() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }

File create_file(const std::string& path) {
  PropertyList fcpl(H5Pcreate(H5P_FILE_CREATE), "create file creation properties for", path);
  check(H5Pset_link_creation_order(fcpl.id(), kCreationOrder), "track link order in", path);
  check(H5Pset_attr_creation_order(fcpl.id(), kCreationOrder), "track attribute order in", path);
  PropertyList fapl(H5Pcreate(H5P_FILE_ACCESS), "create file access properties for", path);
  // SEMI: closing the file fails, rather than silently deferring, while objects are still open.
  check(H5Pset_fclose_degree(fapl.id(), H5F_CLOSE_SEMI), "set close degree of", path);
  return File(H5Fcreate(path.c_str(), H5F_ACC_EXCL, fcpl.id(), fapl.id()), "create file", path);
}

void write_new_file(const std::string& path, const std::function<void(const File&)>& layout) {
  const QuietErrors quiet;
  bool created = false;
  try {
    File file = create_file(path);
    created = true;
    layout(file);
    file.close();
  } catch (...) {
    // The file is closed by now (unwinding destroyed it); never leave a partial one behind.
    if (created) {
      std::error_code ignored;
      std::filesystem::remove(path, ignored);
    }
    throw;
  }
}

Group create_group(Ref loc, const std::string& name) {
  std::string path = child_name(loc, name);
  PropertyList gcpl(H5Pcreate(H5P_GROUP_CREATE), "create group properties for", path);
  check(H5Pset_link_creation_order(gcpl.id(), kCreationOrder), "track link order in", path);
  check(H5Pset_attr_creation_order(gcpl.id(), kCreationOrder), "track attribute order in", path);
  return Group(H5Gcreate2(loc.id, name.c_str(), H5P_DEFAULT, gcpl.id(), H5P_DEFAULT),
               "create group", std::move(path));
}

Dataset create_dataset(Ref loc, const std::string& name, hid_t type, std::span<const hsize_t> dims,
                       const Storage& storage) {
  std::string path = child_name(loc, name);
  Dataspace space = simple_space(dims, path);
  PropertyList dcpl(H5Pcreate(H5P_DATASET_CREATE), "create dataset properties for", path);
  check(H5Pset_attr_creation_order(dcpl.id(), kCreationOrder), "track attribute order in", path);
  if (!storage.chunk.empty()) {
    check(H5Pset_chunk(dcpl.id(), static_cast<int>(storage.chunk.size()), storage.chunk.data()),
          "set chunk shape of", path);
  }
  if (storage.deflate > 0 && !storage.chunk.empty()) {
    check(H5Pset_shuffle(dcpl.id()), "set byte shuffle of", path);
    check(H5Pset_deflate(dcpl.id(), static_cast<unsigned>(storage.deflate)), "set deflate of",
          path);
  }
  if (!storage.fill) {
    check(H5Pset_fill_time(dcpl.id(), H5D_FILL_TIME_NEVER), "disable fill values of", path);
  }
  return Dataset(
      H5Dcreate2(loc.id, name.c_str(), type, space.id(), H5P_DEFAULT, dcpl.id(), H5P_DEFAULT),
      "create dataset", std::move(path));
}

void write_slab(const Dataset& dataset, std::span<const double> data,
                std::span<const hsize_t> offset, std::span<const hsize_t> count) {
  write_slab_of(dataset, H5T_NATIVE_DOUBLE, data, offset, count);
}

void write_slab(const Dataset& dataset, std::span<const std::int32_t> data,
                std::span<const hsize_t> offset, std::span<const hsize_t> count) {
  write_slab_of(dataset, H5T_NATIVE_INT32, data, offset, count);
}

Dataset write_dataset(Ref loc, const std::string& name, std::span<const std::int32_t> data,
                      std::span<const hsize_t> dims) {
  return write_numeric(loc, name, H5T_STD_I32LE, H5T_NATIVE_INT32, data, dims);
}

Dataset write_dataset(Ref loc, const std::string& name, std::span<const std::int64_t> data,
                      std::span<const hsize_t> dims) {
  return write_numeric(loc, name, H5T_STD_I64LE, H5T_NATIVE_INT64, data, dims);
}

Dataset write_dataset(Ref loc, const std::string& name, std::span<const std::uint64_t> data,
                      std::span<const hsize_t> dims) {
  return write_numeric(loc, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, data, dims);
}

Dataset write_dataset(Ref loc, const std::string& name, std::span<const double> data,
                      std::span<const hsize_t> dims) {
  return write_numeric(loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, data, dims);
}

Dataset write_dataset(Ref loc, const std::string& name, const std::vector<std::string>& data) {
  const std::string path = child_name(loc, name);
  Datatype type = utf8_string_type(path);
  const hsize_t dims[] = {data.size()};
  Dataset dataset = create_dataset(loc, name, type.id(), dims);
  std::vector<const char*> pointers;
  pointers.reserve(data.size());
  for (const std::string& s : data) pointers.push_back(s.c_str());
  if (!pointers.empty()) {
    check(H5Dwrite(dataset.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
          "write", path);
  }
  return dataset;
}

void write_attribute(Ref obj, const std::string& name, std::int32_t value) {
  write_scalar_attribute(obj, name, H5T_STD_I32LE, H5T_NATIVE_INT32, value);
}

void write_attribute(Ref obj, const std::string& name, std::int64_t value) {
  write_scalar_attribute(obj, name, H5T_STD_I64LE, H5T_NATIVE_INT64, value);
}

void write_attribute(Ref obj, const std::string& name, std::uint64_t value) {
  write_scalar_attribute(obj, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, value);
}

void write_attribute(Ref obj, const std::string& name, double value) {
  write_scalar_attribute(obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, value);
}

void write_attribute(Ref obj, const std::string& name, std::string_view value) {
  const std::string text(value);
  const char* pointer = text.c_str();
  Datatype type = utf8_string_type(std::string(obj.name));
  write_scalar_attribute(obj, name, type.id(), type.id(), pointer);
}

void describe(Ref obj, std::string_view long_name, std::string_view description,
              std::string_view units) {
  write_attribute(obj, "long_name", long_name);
  write_attribute(obj, "description", description);
  if (!units.empty()) write_attribute(obj, "units", units);
}

void set_scale(const Dataset& dataset, const std::string& dim_name) {
  check(H5DSset_scale(dataset.id(), dim_name.c_str()), "make a dimension scale of", dataset.name());
}

void attach_scales(const Dataset& dataset, std::initializer_list<const Dataset*> scales) {
  Dataspace space(H5Dget_space(dataset.id()), "get dataspace of", dataset.name());
  const int rank = check(H5Sget_simple_extent_ndims(space.id()), "get rank of", dataset.name());
  if (static_cast<std::size_t>(rank) != scales.size()) {
    throw std::invalid_argument("HDF5: " + std::to_string(scales.size()) +
                                " dimension scales for '" + dataset.name() + "' of rank " +
                                std::to_string(rank));
  }
  unsigned axis = 0;
  for (const Dataset* scale : scales) {
    check(H5DSattach_scale(dataset.id(), scale->id(), axis),
          "attach scale '" + scale->name() + "' to axis " + std::to_string(axis) + " of",
          dataset.name());
    // The axis label (h5py: dataset.dims[axis].label) is the dimension's name.
    const std::string& path = scale->name();
    const std::string label = path.substr(path.rfind('/') + 1);
    check(H5DSset_label(dataset.id(), axis, label.c_str()),
          "label axis " + std::to_string(axis) + " of", dataset.name());
    ++axis;
  }
}

Dataset create_netcdf_dimension(Ref loc, const std::string& name, hsize_t length) {
  const hsize_t dims[] = {length};
  Dataset dataset =
      create_dataset(loc, name, H5T_IEEE_F32LE, dims, Storage{.chunk = {}, .fill = false});
  char scale_name[96];
  std::snprintf(scale_name, sizeof scale_name, "%s%10llu", kNotAVariable,
                static_cast<unsigned long long>(length));
  set_scale(dataset, scale_name);
  return dataset;
}

}  // namespace capexsim::h5
