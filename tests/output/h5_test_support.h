//! Reading HDF5 files back in the output tests with the C API: an identifier closed on scope
//! exit, existence, shape, and whole-dataset reads that check shape and file type.
#pragma once

#include <catch2/catch.hpp>

#if __has_include(<hdf5.h>)
#include <hdf5.h>
#else
#include <hdf5/serial/hdf5.h>
#endif

#include <string>
#include <vector>

namespace capexsim::h5test {

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

inline Id open_file(const std::string& path) {
  return Id(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
}
inline Id open_dataset(hid_t file, const std::string& path) {
  return Id(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose);
}

inline bool exists(hid_t file, const std::string& path) {
  return H5Lexists(file, path.c_str(), H5P_DEFAULT) > 0;
}

inline std::vector<hsize_t> shape_of(hid_t dataset) {
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

}  // namespace capexsim::h5test
