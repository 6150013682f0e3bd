//! The /sensitivity group of the results file: the Spearman rank correlation of each drawn input
//! with each entity's surplus and first negative year, with its own input, entity and year axes.
#pragma once

#include "output/h5.h"
#include "sim/results.h"

namespace capexsim {

//! Throws std::invalid_argument unless RunResults::sensitivity's arrays match its inputs and the
//! run's entities and years (or are all empty).
void validate_sensitivity(const RunResults& results);

//! Writes /sensitivity into `file`; writes nothing when RunResults::sensitivity is empty.
void write_sensitivity(h5::Ref file, const RunResults& results);

}  // namespace capexsim
