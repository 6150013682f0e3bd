//! The run summary's balance-sheet block (docs/model.md, "Balance sheet"): printed only when the
//! run has one (a scenario with financing).
#pragma once

#include <ostream>

#include "sim/results.h"

namespace capexsim::cli {

//! Nothing when results.balance is empty.
void print_balance(std::ostream& out, const RunResults& results);

}  // namespace capexsim::cli
