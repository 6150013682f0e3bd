//! Appends the /backtest group (docs/results-format.md, docs/backtest.md) to an existing results
//! file without ever leaving a torn file: copy beside it, write the copy, rename over.
#pragma once

#include <string>
#include <vector>

namespace capexsim {

//! Scores by (entity, year, flow), row-major; NaN where not available.
struct BacktestTable {
  std::vector<std::string> entities;
  std::vector<int> years;  //!< the scored (realized) years only
  std::vector<std::string> flows;
  std::vector<double> pit, in50, in90, crps, actual, median;
  std::string unit;         //!< the results' money unit (actual, median, crps)
  std::string actual_file;  //!< the realized-data file, recorded as an attribute
};

//! Writes `table` as /backtest into the results file at `path`. Throws OutputExistsError when
//! /backtest exists and !force (with force it is replaced); IoError on HDF5 errors.
void write_backtest(const std::string& path, const BacktestTable& table, bool force);

}  // namespace capexsim
