//! The /balance group and /paths/net_cash (docs/results-format.md): written only when the run
//! has a balance sheet (a scenario with financing).
#pragma once

#include <string>
#include <vector>

#include "output/h5.h"
#include "output/results_layout.h"
#include "sim/results.h"

namespace capexsim {

//! std::invalid_argument when r.balance's arrays do not have the run's shape.
void validate_balance(const RunResults& r);

void write_balance(const h5::File& file, const RunResults& r, const Shape& s,
                   const std::string& unit);

//! /paths/net_cash (entity, path, year), with --store-paths all.
void write_balance_paths(const h5::Group& paths, const Scales& sc, const RunResults& r,
                         const Shape& s, const std::string& unit, std::vector<double>& buffer);

}  // namespace capexsim
