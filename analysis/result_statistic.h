//! One statistic of a finished run with its standard error, read from RunResults: the value
//! `capexsim solve` drives to a target (docs/solve.md).
#pragma once

#include "sim/results.h"
#include "sim/run_options.h"

namespace capexsim {

struct Estimate {
  double value = 0;
  double stderr_ = 0;  //!< standard error of value
};

//! The (entity, year) cell of `t` in `r` with its standard error: the run's own for
//! prob_negative and the means (the balance sheet's too); sqrt(p (1 - p) / n) for survival and
//! the balance sheet's probabilities and survivals (binomial; mc runs, the only sampler the
//! balance sheet takes); for a quantile (surplus or net cash), the half-width of its 95%
//! order-statistic interval divided by 1.96. Throws InputError when the cell or the quantile
//! level is not in `r`, and for a balance statistic when `r` has no balance sheet (a scenario
//! without financing) or, for a net-cash quantile, no intervals.
Estimate result_statistic(const RunResults& r, const TargetStatistic& t);

}  // namespace capexsim
