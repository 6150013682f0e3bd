//! /backtest: coordinates entity, year and flow as dimension scales inside the group (as in
//! /summary, so xarray.open_dataset(..., group="backtest") shows them), and six (entity, year,
//! flow) float64 datasets. The original file is copied to a temporary file in its folder, the
//! copy is written and closed, and an atomic rename replaces the original (output/atomic_file.h).
#include "output/backtest_writer.h"

#include <filesystem>
#include <span>
#include <stdexcept>

#include "output/atomic_file.h"
#include "output/h5.h"

namespace capexsim {
namespace {

constexpr const char* kGroup = "backtest";

struct Field {
  const char* name;
  const std::vector<double> BacktestTable::*values;
  const char* long_name;
  const char* description;
  bool money;
};

constexpr Field kFields[] = {
    {"pit", &BacktestTable::pit, "probability integral transform",
     "Mid-rank fraction of paths below the realized value (ties count half): 0 below every "
     "path, 1 above",
     false},
    {"in50", &BacktestTable::in50, "inside the central 50% interval",
     "1 if the realized value lies in [q0.25, q0.75] of the paths, else 0", false},
    {"in90", &BacktestTable::in90, "inside the central 90% interval",
     "1 if the realized value lies in [q0.05, q0.95] of the paths, else 0", false},
    {"crps", &BacktestTable::crps, "continuous ranked probability score",
     "E|X - y| - E|X - X'|/2 over the paths X at the realized value y (Gneiting & Raftery "
     "2007); lower is better",
     true},
    {"actual", &BacktestTable::actual, "realized value",
     "The realized flow from the actual-data file, converted to the results' unit", true},
    {"median", &BacktestTable::median, "simulated median", "Median of the flow over the paths",
     true},
};

bool has_group(hid_t file, const std::string& name) {
  return h5::check(H5Lexists(file, kGroup, H5P_DEFAULT), "look for /backtest in", name) > 0;
}

void validate(const BacktestTable& t) {
  const std::size_t n = t.entities.size() * t.years.size() * t.flows.size();
  for (const Field& f : kFields) {
    if ((t.*f.values).size() != n) {
      throw std::invalid_argument(std::string("write_backtest: ") + f.name + " has " +
                                  std::to_string((t.*f.values).size()) + " values, expected " +
                                  std::to_string(n));
    }
  }
}

void write_group(const h5::File& file, const BacktestTable& t) {
  const h5::Group group = h5::create_group(file, kGroup);
  h5::write_attribute(group, "actual_file", std::string_view(t.actual_file));
  const hsize_t ny[] = {t.years.size()};
  const h5::Dataset entity = h5::write_dataset(group, "entity", t.entities);
  h5::set_scale(entity, "entity");
  h5::describe(entity, "entity", "The results' companies, then total: their sum", "");
  const h5::Dataset year =
      h5::write_dataset(group, "year", std::span<const std::int32_t>(t.years), ny);
  h5::set_scale(year, "year");
  h5::describe(year, "realized year", "Years of the horizon with realized data", "");
  const h5::Dataset flow = h5::write_dataset(group, "flow", t.flows);
  h5::set_scale(flow, "flow");
  h5::describe(flow, "cash flow", "ocf, capex, buybacks, dividends, surplus", "");
  const hsize_t dims[] = {t.entities.size(), t.years.size(), t.flows.size()};
  for (const Field& f : kFields) {
    const h5::Dataset d = h5::write_dataset(group, f.name, std::span(t.*f.values), dims);
    h5::describe(d, f.long_name, f.description, f.money ? std::string_view(t.unit) : "1");
    h5::attach_scales(d, {&entity, &year, &flow});
  }
}

}  // namespace

void write_backtest(const std::string& path, const BacktestTable& table, bool force) {
  validate(table);
  const h5::QuietErrors quiet;
  {
    const h5::File original(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open", path);
    if (has_group(original.id(), path) && !force) {
      throw OutputExistsError(path, OutputExistsError::Reason::has_backtest);
    }
  }
  AtomicOutput out(path, /*overwrite=*/true);
  std::filesystem::copy_file(path, out.temp_path());
  const std::string temp = out.temp_path().string();
  h5::File file(H5Fopen(temp.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), "open", temp);
  if (has_group(file.id(), temp)) {
    h5::check(H5Ldelete(file.id(), kGroup, H5P_DEFAULT), "delete /backtest in", temp);
  }
  write_group(file, table);
  file.close();
  out.commit();
}

}  // namespace capexsim
