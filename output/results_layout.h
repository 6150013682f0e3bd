//! The pieces of the results layout (docs/results-format.md) that more than one group's writer
//! uses: the file's shape, its dimension scales and the per-path datasets' chunked transpose.
#pragma once

#include <string>
#include <vector>

#include "output/h5.h"
#include "sim/results.h"

namespace capexsim {

//! Paths per chunk of the per-path datasets (x years): about 1.5 MB for three years.
inline constexpr hsize_t kChunkPaths = 65536;

struct Scales {
  h5::Dataset year, entity, quantile, path;  // path only when paths are stored
};

struct Shape {
  hsize_t entities = 0, years = 0, quantiles = 0, paths = 0, stored = 0;  // stored: per path
  int compress = 0;                                                       // deflate level of /paths
};

Shape shape_of(const RunResults& r);

//! The coordinate datasets (dimension scales) in `loc`. They are written at the root and again
//! in each group, so that xarray.open_dataset(..., group=...) shows coordinates too.
Scales write_scales(h5::Ref file, const RunResults& r, const Shape& s, bool with_path);

//! Chunked, never-filled storage for a per-path dataset whose path axis is `path_axis`.
h5::Storage path_storage(std::vector<hsize_t> dims, std::size_t path_axis, int compress);

//! Writes one entity's flow, laid out [year][path], into (path, year) or, with `entity`,
//! (entity, path, year), transposing one chunk of paths at a time through `buffer`.
void write_path_flow(const h5::Dataset& d, const double* flow, const Shape& s, bool has_entity,
                     hsize_t entity, std::vector<double>& buffer);

h5::Dataset create_path_dataset(const h5::Group& group, const std::string& name, hid_t type,
                                std::vector<hsize_t> dims, std::size_t path_axis, int compress);

}  // namespace capexsim
