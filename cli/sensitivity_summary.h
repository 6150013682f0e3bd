//! The run summary's sensitivity lines: a text tornado of the inputs with the largest Spearman
//! rank correlation with the total's last-year surplus and with its first negative year.
#pragma once

#include <cstddef>
#include <ostream>

#include "sim/results.h"

namespace capexsim::cli {

//! Prints the `top` strongest inputs for each of the two outcomes; nothing when the run has no
//! sensitivity results.
void print_sensitivity(std::ostream& out, const RunResults& results, std::size_t top = 10);

}  // namespace capexsim::cli
