#pragma once
// `exabench hpl` and the main job (`exabench` alone): build the tests, check them, run them,
// print HPL's lines and write the JSON record.
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "comm/communicator.hpp"
#include "hpl/params.hpp"

namespace exa::cli {

struct HplOptions {
    std::string dat;              ///< HPL.dat path; empty: the flags below
    hpl::Params params;
    bool n_given = false;         ///< else sized automatically
    bool grid_given = false;      ///< else from the number of ranks
    int threads = 0;              ///< 0: cores per rank on this node
    std::string json;             ///< result file
    bool progress = true;
    bool summary = false;         ///< the main job's closing summary and DGEMM probe
    double target_seconds = 40;   ///< automatic N: about this long a solve
};

/// Declares `exabench hpl`'s flags on `app`.
void add_hpl_flags(CLI::App& app, HplOptions& opt);
/// Declares the flags the main job shares with `hpl` (threads, json, progress).
void add_common_flags(CLI::App& app, HplOptions& opt);

/// Runs the tests. Returns the exit status: 0 all passed, 2 some test failed or was skipped.
/// Throws InputError (the same on every rank) for bad input.
int run_hpl(comm::Communicator& world, HplOptions opt);

}  // namespace exa::cli
