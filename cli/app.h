//! The capexsim command line as a library: main() only calls run_app.
#pragma once

namespace capexsim::cli {

//! Exit codes: 0 success, 2 bad input (scenario or arguments), 1 any other failure.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;
//! Interrupted (SIGINT, SIGTERM) with the work so far saved in its checkpoint: run the same
//! command with --resume to continue (EX_TEMPFAIL of sysexits.h). Interrupted without a
//! checkpoint: 128 + the signal (130, 143), as a shell reports a command the signal killed.
inline constexpr int kExitCheckpointed = 75;

int run_app(int argc, char** argv);

}  // namespace capexsim::cli
