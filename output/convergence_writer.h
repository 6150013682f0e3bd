//! The /convergence group of the results file: the trace of a run that stops on precision
//! (--target-stderr), one entry per check of the target statistic.
#pragma once

#include <string_view>

#include "output/h5.h"
#include "sim/results.h"

namespace capexsim {

//! Throws std::invalid_argument when a trace is present without the statistic it traces.
void validate_convergence(const RunResults& results);

//! Writes /convergence into `file` when results.target_statistic is set; `units` are those of
//! the statistic (empty: none written).
void write_convergence(h5::Ref file, const RunResults& results, std::string_view units);

}  // namespace capexsim
