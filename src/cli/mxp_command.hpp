#pragma once
// `exabench mxp`: HPL-MxP from the same HPL.dat or flags as `exabench hpl`, plus the
// precision of the factorization and the refinement's limits.
#include <CLI/CLI.hpp>

#include "backend/backend.hpp"
#include "cli/job.hpp"
#include "comm/communicator.hpp"

namespace exa::cli {

struct MxpOptions {
    LowPrecision precision = LowPrecision::fp32;
    int max_iterations = 50;
    int restart = 50;
    bool not_dominant = false;  ///< test-only: skip the diagonal that makes LU stable
};

void add_mxp_flags(CLI::App& app, RunOptions& opt, MxpOptions& mx);

/// Runs the tests. Returns the exit status: 0 all passed, 2 some test failed.
/// Throws InputError (the same on every rank) for bad input.
int run_mxp(comm::Communicator& world, RunOptions opt, const MxpOptions& mx);

}  // namespace exa::cli
