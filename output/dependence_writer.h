//! The /dependence group of the results file: the drawn variables, the normal-score correlation
//! the run used (and the declared one when it was repaired) and each variable's persistence.
#pragma once

#include "models/dependence.h"
#include "output/h5.h"

namespace capexsim {

//! Throws std::invalid_argument unless the matrices are K x K and persistence has K values.
void validate_dependence(const Dependence& dependence);

//! Writes /dependence into `file`; writes nothing when no variable is drawn.
void write_dependence(h5::Ref file, const Dependence& dependence);

}  // namespace capexsim
