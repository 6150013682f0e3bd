//! The capexsim executable: all logic is in run_app. The MPI build (CAPEXSIM_MPI, docs/mpi.md)
//! first joins the MPI job and installs it as the process-wide cluster the engine spreads over.
#include "cli/app.h"

#ifdef CAPEXSIM_MPI
#include <exception>
#include <iostream>

#include "sim/cluster.h"
#include "sim/mpi_cluster.h"

int main(int argc, char** argv) {
  try {
    capexsim::MpiCluster mpi(argc, argv);
    capexsim::set_cluster(&mpi);
    const int code = capexsim::cli::run_app(argc, argv);
    capexsim::set_cluster(nullptr);
    // A rank that failed may have left the others waiting in a collective call: end them all.
    if (code != capexsim::cli::kExitOk && mpi.size() > 1) mpi.abort(code);
    return code;
  } catch (const std::exception& e) {
    std::cerr << "capexsim: " << e.what() << '\n';
    return capexsim::cli::kExitFailure;
  }
}
#else
int main(int argc, char** argv) { return capexsim::cli::run_app(argc, argv); }
#endif
