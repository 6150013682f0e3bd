//! What a user can do about an error a library threw, worded with this program's options. The
//! libraries state facts only ("results/r.h5: already exists"); the command line adds the remedy
//! ("; use --force to overwrite it or --output to choose another file").
#pragma once

#include <string>
#include <string_view>

#include "models/errors.h"
#include "output/atomic_file.h"

namespace capexsim::cli {

//! The text to print after e.what(), starting with its separator ("; ..."), or "" when there is
//! no remedy to add. `output_option` is the command's option naming its output file ("--output",
//! or "--out" for calibrate and sensitivity).
std::string remedy(const InputError& e, std::string_view output_option);
std::string remedy(const OutputExistsError& e, std::string_view output_option);
std::string remedy(const ResourceError& e);

}  // namespace capexsim::cli
