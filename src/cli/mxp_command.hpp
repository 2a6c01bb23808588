#pragma once
// `exabench mxp`: HPL-MxP from the same HPL.dat or flags as `exabench hpl`, plus the
// precision of the factorization and the refinement's limits.
#include <CLI/CLI.hpp>

#include "backend/backend.hpp"
#include "cli/job.hpp"
#include "comm/communicator.hpp"
#include "mxp/params.hpp"

namespace exa::cli {

struct MxpOptions {
    /// The precision and the refinement's limits; every test's problem, grid and schedule
    /// come from HPL.dat or the flags.
    mxp::Params settings;
};

void add_mxp_flags(CLI::App& app, RunOptions& opt, MxpOptions& mx);

/// Runs the tests. Returns the exit status: 0 all passed, 2 some test failed.
/// Throws InputError (the same on every rank) for bad input.
int run_mxp(comm::Communicator& world, RunOptions opt, const MxpOptions& mx);

}  // namespace exa::cli
