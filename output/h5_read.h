//! Reading back what output/h5.h writes: files opened read-only, scalar attributes, whole
//! datasets, and 2-D datasets into strided memory. Every failure names the object: an IoError
//! for a failed HDF5 call, an InputError for a missing or misshapen object.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "output/h5.h"

namespace capexsim::h5 {

//! Opens an existing file read-only (HDF5's error stack quiet).
File open_read(const std::string& path);

bool has_attribute(Ref obj, const std::string& name);
//! Scalar attributes; a missing one throws "<object>: no attribute '<name>'".
std::string read_string_attribute(Ref obj, const std::string& name);
std::int64_t read_int_attribute(Ref obj, const std::string& name);
std::uint64_t read_uint_attribute(Ref obj, const std::string& name);
double read_double_attribute(Ref obj, const std::string& name);

//! The shape of a dataset.
std::vector<hsize_t> shape_of(const Dataset& dataset);

//! A whole dataset, converted by HDF5 to T (double, int32, int64 or uint64), row-major.
template <class T>
std::vector<T> read_dataset(Ref loc, const std::string& name);

//! A 2-D dataset of shape [rows][used] into `data`, whose rows are `stride` values apart
//! (used <= stride); throws if the dataset has another shape.
template <class T>
void read_rows(Ref loc, const std::string& name, T* data, std::size_t rows, std::size_t used,
               std::size_t stride);

}  // namespace capexsim::h5
