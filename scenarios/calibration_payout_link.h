//! Dividends are sticky: companies set a dividend per share and move it slowly, so when OCF
//! jumps the dividend ratio to OCF falls, and when OCF drops it rises. Drawn independently, the
//! ratio and OCF growth would give dividends the full spread of OCF; the history shows the ratio's
//! change moving against OCF growth (-0.95 within company in scenarios/data/annual.csv). This
//! fits that correlation, which the scenario then declares per company (docs/calibration.md).
#pragma once

#include <vector>

#include "scenarios/calibration.h"

namespace capexsim {

//! Pairs (change of the dividend ratio over the same period a year earlier, OCF growth of that
//! period), for periods where the company paid in both, each company's pairs centred on its own
//! means (a within-company correlation: companies differ in level, not in the link). Pearson
//! over all pairs; shrunk toward 0 by n / (n + correlation_k), n the effective number of pairs;
//! rounded to 0.01. 0 with fewer than 3 pairs or no variation.
PayoutLink fit_dividend_link(const std::vector<CompanyCalibration>& companies,
                             const CalibrationOptions& options, bool quarterly);

}  // namespace capexsim
