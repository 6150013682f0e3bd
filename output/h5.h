//! A thin RAII layer over the HDF5 1.10 C API: move-only handles that close themselves, and
//! writers that turn every failed call into an IoError (models/errors.h) naming the object and
//! the operation.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace capexsim::h5 {

//! Throws IoError "HDF5: cannot <op> '<object>': <innermost HDF5 error>".
[[noreturn]] void fail(std::string_view op, std::string_view object);

//! Returns `status` unchanged, or calls fail() when it is negative (for herr_t, hid_t, htri_t).
template <class Status>
Status check(Status status, std::string_view op, std::string_view object) {
  if (status < 0) fail(op, object);
  return status;
}

//! Owns one HDF5 identifier and releases it with Close; move-only. `name()` is the object's
//! HDF5 path (or the file name) used in error messages.
template <herr_t (*Close)(hid_t)>
class Handle {
 public:
  Handle() = default;
  //! Takes ownership of the result of an H5xcreate/H5xopen call; throws when it failed.
  Handle(hid_t id, std::string_view op, std::string name) : name_(std::move(name)) {
    id_ = check(id, op, name_);
  }
  ~Handle() {
    if (id_ >= 0) Close(id_);
  }
  Handle(Handle&& other) noexcept : id_(other.id_), name_(std::move(other.name_)) {
    other.id_ = H5I_INVALID_HID;
  }
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      if (id_ >= 0) Close(id_);
      id_ = other.id_;
      name_ = std::move(other.name_);
      other.id_ = H5I_INVALID_HID;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  hid_t id() const noexcept { return id_; }
  const std::string& name() const noexcept { return name_; }

  //! Closes now and reports failure (a file's close flushes it, so its result matters).
  void close() {
    const hid_t id = id_;
    id_ = H5I_INVALID_HID;
    if (id >= 0) check(Close(id), "close", name_);
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
  std::string name_;
};

using File = Handle<H5Fclose>;
using Group = Handle<H5Gclose>;
using Dataset = Handle<H5Dclose>;
using Dataspace = Handle<H5Sclose>;
using Datatype = Handle<H5Tclose>;
using PropertyList = Handle<H5Pclose>;
using Attribute = Handle<H5Aclose>;

//! A non-owning view of any open handle, naming it for error messages: what the functions
//! below act on (a file or group as a location, any object for attributes).
struct Ref {
  template <herr_t (*Close)(hid_t)>
  Ref(const Handle<Close>& handle) : id(handle.id()), name(handle.name()) {}  // NOLINT: implicit
  hid_t id;
  std::string_view name;
};

//! Silences HDF5's automatic error-stack printing while alive (fail() reports it instead).
class QuietErrors {
 public:
  QuietErrors();
  ~QuietErrors();
  QuietErrors(const QuietErrors&) = delete;
  QuietErrors& operator=(const QuietErrors&) = delete;

 private:
  H5E_auto2_t func_ = nullptr;
  void* data_ = nullptr;
};

//! The variable-length UTF-8 string type of every string capexsim writes.
Datatype utf8_string_type(const std::string& object);

//! Creates a new file, failing if it exists; link and attribute creation order are tracked
//! and indexed, as netCDF-4 tools require.
File create_file(const std::string& path);
//! Creates `path` (which must not exist), lets `layout` fill it and closes it, with HDF5's error
//! stack quiet; on any failure the partial file is removed and the exception passed on, so a
//! failed write never leaves a file behind.
void write_new_file(const std::string& path, const std::function<void(const File&)>& layout);
Group create_group(Ref loc, const std::string& name);

//! How a dataset is stored: contiguous unless `chunk` is given.
struct Storage {
  std::vector<hsize_t> chunk;  //!< chunk shape, empty for contiguous storage
  bool fill = true;            //!< false: never write fill values (written in full, or never)
  int deflate = 0;  //!< chunked only: 1-9 compresses with shuffle + deflate at that level
};

//! Creates a dataset of file type `type` and shape `dims` (attribute creation order tracked).
Dataset create_dataset(Ref loc, const std::string& name, hid_t type, std::span<const hsize_t> dims,
                       const Storage& storage = {});

//! Writes `data` into the block of `dataset` at `offset` with shape `count` (row-major).
void write_slab(const Dataset& dataset, std::span<const double> data,
                std::span<const hsize_t> offset, std::span<const hsize_t> count);
void write_slab(const Dataset& dataset, std::span<const std::int32_t> data,
                std::span<const hsize_t> offset, std::span<const hsize_t> count);

//! Creates a contiguous dataset of shape `dims` holding `data` (row-major) and returns it.
Dataset write_dataset(Ref loc, const std::string& name, std::span<const std::int32_t> data,
                      std::span<const hsize_t> dims);
Dataset write_dataset(Ref loc, const std::string& name, std::span<const std::int64_t> data,
                      std::span<const hsize_t> dims);
Dataset write_dataset(Ref loc, const std::string& name, std::span<const std::uint64_t> data,
                      std::span<const hsize_t> dims);
Dataset write_dataset(Ref loc, const std::string& name, std::span<const double> data,
                      std::span<const hsize_t> dims);
//! A 1-D dataset of variable-length UTF-8 strings.
Dataset write_dataset(Ref loc, const std::string& name, const std::vector<std::string>& data);

//! Scalar attributes; strings are variable-length UTF-8.
void write_attribute(Ref obj, const std::string& name, std::int32_t value);
void write_attribute(Ref obj, const std::string& name, std::int64_t value);
void write_attribute(Ref obj, const std::string& name, std::uint64_t value);
void write_attribute(Ref obj, const std::string& name, double value);
void write_attribute(Ref obj, const std::string& name, std::string_view value);

//! The netCDF (CF) variable attributes `long_name`, `description` and, when not empty, `units`.
void describe(Ref obj, std::string_view long_name, std::string_view description,
              std::string_view units);

//! Makes `dataset` a dimension scale named `dim_name` (H5DSset_scale).
void set_scale(const Dataset& dataset, const std::string& dim_name);
//! Attaches `scales[i]` to axis i of `dataset`, for every axis (H5DSattach_scale).
void attach_scales(const Dataset& dataset, std::initializer_list<const Dataset*> scales);

//! netCDF-4's dimension without coordinate values: a never-written float32 dataset of length
//! `length` whose scale name is "This is a netCDF dimension but not a netCDF variable." followed
//! by the length in 10 characters (printf "%10d"); it takes no file space.
Dataset create_netcdf_dimension(Ref loc, const std::string& name, hsize_t length);

}  // namespace capexsim::h5
