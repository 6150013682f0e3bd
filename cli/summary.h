//! The readable summary printed to stdout after a run.
#pragma once

#include <ostream>

#include "models/scenario.h"
#include "sim/results.h"

namespace capexsim::cli {

void print_summary(std::ostream& out, const Scenario& scenario, const RunResults& results);

}  // namespace capexsim::cli
