#include "output/h5_read.h"
#include "models/errors.h"

#include <cstdint>
#include <stdexcept>
#include <type_traits>

namespace capexsim::h5 {
namespace {

template <class T>
hid_t native_type() {
  if constexpr (std::is_same_v<T, double>) return H5T_NATIVE_DOUBLE;
  if constexpr (std::is_same_v<T, std::int32_t>) return H5T_NATIVE_INT32;
  if constexpr (std::is_same_v<T, std::int64_t>) return H5T_NATIVE_INT64;
  if constexpr (std::is_same_v<T, std::uint64_t>) return H5T_NATIVE_UINT64;
}

Attribute open_attribute(Ref obj, const std::string& name) {
  if (!has_attribute(obj, name))
    throw InputError(std::string(obj.name) + ": no attribute '" + name + "'");
  return Attribute(H5Aopen(obj.id, name.c_str(), H5P_DEFAULT), "open attribute", name);
}

template <class T>
T read_scalar(Ref obj, const std::string& name) {
  const Attribute attr = open_attribute(obj, name);
  T value{};
  check(H5Aread(attr.id(), native_type<T>(), &value), "read attribute", name);
  return value;
}

Dataset open_dataset(Ref loc, const std::string& name) {
  return Dataset(H5Dopen2(loc.id, name.c_str(), H5P_DEFAULT), "open dataset", name);
}

}  // namespace

File open_read(const std::string& path) {
  const QuietErrors quiet;
  return File(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open", path);
}

bool has_attribute(Ref obj, const std::string& name) {
  return check(H5Aexists(obj.id, name.c_str()), "look for attribute", name) > 0;
}

std::string read_string_attribute(Ref obj, const std::string& name) {
  const Attribute attr = open_attribute(obj, name);
  const Datatype type = utf8_string_type(name);
  char* value = nullptr;
  check(H5Aread(attr.id(), type.id(), &value), "read attribute", name);
  std::string result = value != nullptr ? value : "";
  H5free_memory(value);
  return result;
}

std::int64_t read_int_attribute(Ref obj, const std::string& name) {
  return read_scalar<std::int64_t>(obj, name);
}
std::uint64_t read_uint_attribute(Ref obj, const std::string& name) {
  return read_scalar<std::uint64_t>(obj, name);
}
double read_double_attribute(Ref obj, const std::string& name) {
  return read_scalar<double>(obj, name);
}

std::vector<hsize_t> shape_of(const Dataset& dataset) {
  const Dataspace space(H5Dget_space(dataset.id()), "get dataspace of", dataset.name());
  const int rank = check(H5Sget_simple_extent_ndims(space.id()), "get rank of", dataset.name());
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  check(H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr), "get shape of",
        dataset.name());
  return dims;
}

template <class T>
std::vector<T> read_dataset(Ref loc, const std::string& name) {
  const Dataset d = open_dataset(loc, name);
  std::size_t n = 1;
  for (const hsize_t dim : shape_of(d)) n *= dim;
  std::vector<T> values(n);
  if (n > 0)
    check(H5Dread(d.id(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "read",
          name);
  return values;
}

template <class T>
void read_rows(Ref loc, const std::string& name, T* data, std::size_t rows, std::size_t used,
               std::size_t stride) {
  const Dataset d = open_dataset(loc, name);
  const std::vector<hsize_t> dims = shape_of(d);
  if (dims.size() != 2 || dims[0] != rows || dims[1] != used || used > stride)
    throw InputError(std::string(loc.name) + ": dataset '" + name + "' has shape " +
                     (dims.size() == 2 ? std::to_string(dims[0]) + "x" + std::to_string(dims[1])
                                       : "of rank " + std::to_string(dims.size())) +
                     ", expected " + std::to_string(rows) + "x" + std::to_string(used));
  if (rows == 0 || used == 0) return;
  const hsize_t memory_dims[2] = {rows, stride};
  const Dataspace memory(H5Screate_simple(2, memory_dims, nullptr), "create memory space for",
                         name);
  const hsize_t offset[2] = {0, 0}, count[2] = {rows, used};
  check(H5Sselect_hyperslab(memory.id(), H5S_SELECT_SET, offset, nullptr, count, nullptr),
        "select rows of", name);
  check(H5Dread(d.id(), native_type<T>(), memory.id(), H5S_ALL, H5P_DEFAULT, data), "read", name);
}

template std::vector<double> read_dataset(Ref, const std::string&);
template std::vector<std::int32_t> read_dataset(Ref, const std::string&);
template std::vector<std::int64_t> read_dataset(Ref, const std::string&);
template std::vector<std::uint64_t> read_dataset(Ref, const std::string&);
template void read_rows(Ref, const std::string&, double*, std::size_t, std::size_t, std::size_t);
template void read_rows(Ref, const std::string&, std::int32_t*, std::size_t, std::size_t,
                        std::size_t);

}  // namespace capexsim::h5
