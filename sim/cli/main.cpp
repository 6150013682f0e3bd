#include "sim/cli/app.h"

int main(int argc, char** argv) { return capexsim::cli::run_app(argc, argv); }
