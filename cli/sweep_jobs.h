//! A sweep for a scheduler (docs/sweeps.md): `sweep --emit-jobs FOLDER` writes one `capexsim run`
//! command per point to FOLDER/jobs.txt (each writes FOLDER/point_NNNNN.h5) and the sweep file's
//! path to FOLDER/sweep.path; `collect FOLDER` reads the point files back.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "cli/sweep_points.h"
#include "sim/results.h"
#include "sim/run_options.h"

namespace capexsim::cli {

//! Writes the jobs of sweep `x` (read from `sweep_file`) to `folder`, each with the options `o`,
//! and says so on stdout. Throws InputError when the folder cannot be created,
//! OutputExistsError when it holds a job list and !force, std::runtime_error on a failed write.
void emit_jobs(const ExpandedSweep& x, const std::string& sweep_file,
               const std::filesystem::path& folder, bool force, const RunOptions& o);

//! The sweep file whose jobs `folder` holds (its sweep.path). Throws InputError.
std::string emitted_sweep(const std::filesystem::path& folder);

//! Every point's results, read from its point file in `folder`. Throws InputError on a missing
//! or unreadable point file, or one run with other overrides than its point's.
std::vector<RunResults> read_point_files(const std::filesystem::path& folder,
                                         const ExpandedSweep& x);

}  // namespace capexsim::cli
