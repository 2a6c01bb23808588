#pragma once
// `exabench hpl` and the main job (`exabench` alone): build the tests, check them, run them,
// print HPL's lines and write the JSON record.
#include <CLI/CLI.hpp>

#include "cli/job.hpp"
#include "comm/communicator.hpp"

namespace exa::cli {

/// Declares `exabench hpl`'s flags on `app`: the shared problem flags and HPL's pivoting
/// variants (PFACT, RFACT, NBMIN, NDIV, SWAP).
void add_hpl_flags(CLI::App& app, RunOptions& opt);

/// `exabench hpl`'s own flags beyond the shared ones: --predict and --calibration.
void add_hpl_predict_flags(CLI::App& app, RunOptions& opt);

/// Runs the tests. Returns the exit status: 0 all passed, 2 some test failed or was skipped.
/// Throws InputError (the same on every rank) for bad input.
int run_hpl(comm::Communicator& world, RunOptions opt);

}  // namespace exa::cli
