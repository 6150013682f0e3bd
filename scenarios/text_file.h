//! Reading a whole user-given text file (a scenario, a sweep, a history CSV), with one set of
//! checks for all of them.
#pragma once

#include <string>

namespace capexsim {

//! The bytes of the file at `path`, unchanged. `what` names the kind of file in messages
//! ("scenario file"). Throws InputError naming the file when it is a directory or cannot be
//! opened (missing, no permission), IoError when it opens but fails while being read.
std::string read_text_file(const std::string& path, const std::string& what);

}  // namespace capexsim
