// Layout (docs/checkpoint.md): root attributes identify the file and its run, /settings holds one
// string attribute per setting, /state the engine's snapshot: attributes blocks_done,
// paths_done and round_end, the accumulator's reals and counts, the quantile sketches' words,
// the convergence history, and /state/arrays/NAME [rows][paths] for each per-path buffer.
#include "output/checkpoint_file.h"

#include <span>
#include <stdexcept>

#include "models/errors.h"
#include "output/h5.h"
#include "output/h5_read.h"

namespace capexsim {
namespace {

constexpr const char* kFormat = "capexsim checkpoint";

template <class T>
void write_vector(h5::Ref loc, const std::string& name, const std::vector<T>& v) {
  const hsize_t dims[1] = {v.size()};
  h5::write_dataset(loc, name, std::span<const T>(v), dims);
}

template <class T>
void write_rows(h5::Ref loc, const SnapshotArray<T>& a, hid_t type) {
  const hsize_t dims[2] = {a.rows, a.used};
  const h5::Dataset d = h5::create_dataset(loc, a.name, type, dims, {.chunk = {}, .fill = false});
  if (a.used == 0) return;
  for (std::size_t r = 0; r < a.rows; ++r) {
    const hsize_t offset[2] = {r, 0}, count[2] = {1, a.used};
    h5::write_slab(d, std::span<const T>(a.data + r * a.stride, a.used), offset, count);
  }
}

}  // namespace

std::uint64_t estimate_checkpoint_bytes(std::uint64_t entities, std::uint64_t years,
                                        std::uint64_t paths, StorePaths store, std::uint64_t inputs,
                                        std::uint64_t sample_paths) {
  const std::uint64_t cells = entities * years;
  std::uint64_t bytes = (std::uint64_t{1} << 20) + cells * 256 * 1024;  // sums, sketches
  bytes += (inputs + entities + (store == StorePaths::none ? cells : 0)) * sample_paths * 8;
  if (store == StorePaths::total) bytes += paths * (cells * 8 + 4);
  if (store == StorePaths::all) bytes += paths * entities * (years * 5 * 8 + 4);
  return bytes;
}

void write_checkpoint(const std::string& path, const CheckpointInfo& info,
                      const EngineSnapshot& s) {
  h5::write_new_file(path, [&](const h5::File& file) {
    h5::write_attribute(file, "format", kFormat);
    h5::write_attribute(file, "format_version", std::int32_t{kCheckpointFormatVersion});
    h5::write_attribute(file, "capexsim_version", info.capexsim_version);
    h5::write_attribute(file, "created_utc", info.created_utc);
    h5::write_attribute(file, "scenario_name", info.scenario_name);
    h5::write_attribute(file, "scenario_hash", info.scenario_hash);
    h5::write_attribute(file, "scenario_toml", info.scenario_toml);
    const h5::Group settings = h5::create_group(file, "settings");
    for (const auto& [name, value] : info.settings) h5::write_attribute(settings, name, value);

    const h5::Group state = h5::create_group(file, "state");
    h5::write_attribute(state, "blocks_done", s.blocks_done);
    h5::write_attribute(state, "paths_done", s.paths_done);
    h5::write_attribute(state, "round_end", s.round_end);
    write_vector(state, "accumulator_reals", s.accumulator.reals);
    write_vector(state, "accumulator_counts", s.accumulator.counts);
    write_vector(state, "sketches", s.sketches);
    std::vector<std::uint64_t> paths;
    std::vector<double> estimate, stderr_;
    for (const ConvergencePoint& c : s.convergence) {
      paths.push_back(c.paths);
      estimate.push_back(c.estimate);
      stderr_.push_back(c.stderr_);
    }
    write_vector(state, "convergence_paths", paths);
    write_vector(state, "convergence_estimate", estimate);
    write_vector(state, "convergence_stderr", stderr_);
    const h5::Group arrays = h5::create_group(state, "arrays");
    for (const SnapshotArray<double>& a : s.reals) write_rows(arrays, a, H5T_IEEE_F64LE);
    for (const SnapshotArray<std::int32_t>& a : s.integers) write_rows(arrays, a, H5T_STD_I32LE);
  });
}

CheckpointInfo read_checkpoint_info(const std::string& path) {
  const h5::File file = h5::open_read(path);
  const h5::QuietErrors quiet;
  if (!h5::has_attribute(file, "format") || h5::read_string_attribute(file, "format") != kFormat)
    throw InputError(path, 0, 0, "not a capexsim checkpoint");
  const std::int64_t version = h5::read_int_attribute(file, "format_version");
  if (version != kCheckpointFormatVersion)
    throw InputError(path, 0, 0,
                     "checkpoint format version " + std::to_string(version) +
                         "; this capexsim reads version " +
                         std::to_string(kCheckpointFormatVersion));
  CheckpointInfo info;
  info.capexsim_version = h5::read_string_attribute(file, "capexsim_version");
  info.created_utc = h5::read_string_attribute(file, "created_utc");
  info.scenario_name = h5::read_string_attribute(file, "scenario_name");
  info.scenario_hash = h5::read_string_attribute(file, "scenario_hash");
  info.scenario_toml = h5::read_string_attribute(file, "scenario_toml");
  const h5::Group settings(H5Gopen2(file.id(), "settings", H5P_DEFAULT), "open group", "settings");
  H5O_info_t object{};
  h5::check(H5Oget_info2(settings.id(), &object, H5O_INFO_NUM_ATTRS), "count attributes of",
            "settings");
  for (hsize_t i = 0; i < object.num_attrs; ++i) {
    char name[256] = {};
    h5::check(H5Aget_name_by_idx(settings.id(), ".", H5_INDEX_CRT_ORDER, H5_ITER_INC, i, name,
                                 sizeof name, H5P_DEFAULT),
              "name attribute of", "settings");
    info.settings.emplace_back(name, h5::read_string_attribute(settings, name));
  }
  const h5::Group state(H5Gopen2(file.id(), "state", H5P_DEFAULT), "open group", "state");
  info.paths_done = h5::read_uint_attribute(state, "paths_done");
  return info;
}

void read_checkpoint_state(const std::string& path, EngineSnapshot& s) {
  const h5::File file = h5::open_read(path);
  const h5::QuietErrors quiet;
  const h5::Group state(H5Gopen2(file.id(), "state", H5P_DEFAULT), "open group", path + ":/state");
  s.blocks_done = h5::read_uint_attribute(state, "blocks_done");
  s.paths_done = h5::read_uint_attribute(state, "paths_done");
  s.round_end = h5::read_uint_attribute(state, "round_end");
  s.accumulator.reals = h5::read_dataset<double>(state, "accumulator_reals");
  s.accumulator.counts = h5::read_dataset<std::int64_t>(state, "accumulator_counts");
  s.sketches = h5::read_dataset<std::uint64_t>(state, "sketches");
  const auto paths = h5::read_dataset<std::uint64_t>(state, "convergence_paths");
  const auto estimate = h5::read_dataset<double>(state, "convergence_estimate");
  const auto stderr_ = h5::read_dataset<double>(state, "convergence_stderr");
  if (estimate.size() != paths.size() || stderr_.size() != paths.size())
    throw InputError(path, 0, 0, "the convergence history's datasets differ in length");
  s.convergence.clear();
  for (std::size_t i = 0; i < paths.size(); ++i)
    s.convergence.push_back({paths[i], estimate[i], stderr_[i]});
  const h5::Group arrays(H5Gopen2(state.id(), "arrays", H5P_DEFAULT), "open group",
                         path + ":/state/arrays");
  for (SnapshotArray<double>& a : s.reals)
    h5::read_rows(arrays, a.name, a.data, a.rows, a.used, a.stride);
  for (SnapshotArray<std::int32_t>& a : s.integers)
    h5::read_rows(arrays, a.name, a.data, a.rows, a.used, a.stride);
}

}  // namespace capexsim
