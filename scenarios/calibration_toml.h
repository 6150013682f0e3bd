//! Writes a Calibration (scenarios/calibration.h) as a complete scenario file whose comments
//! give every number behind each fitted parameter; scenarios/loader.h reads it back.
#pragma once

#include <string>

#include "scenarios/calibration.h"

namespace capexsim {

//! The scenario text. Deterministic: the same calibration gives the same bytes (no dates).
//! `history_label` is how the history file is named in the comments.
std::string calibration_toml(const Calibration& calibration, const std::string& history_label);

}  // namespace capexsim
