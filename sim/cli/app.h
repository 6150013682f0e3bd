//! The capexsim command line as a library: main() only calls run_app.
#pragma once

namespace capexsim::cli {

//! Exit codes: 0 success, 2 bad input (scenario or arguments), 1 any other failure.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

int run_app(int argc, char** argv);

}  // namespace capexsim::cli
