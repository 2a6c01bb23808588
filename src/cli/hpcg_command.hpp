#pragma once
// `exabench hpcg`: HPCG 3.1 from flags or an hpcg.dat, on every rank of the job.
#include <string>

#include <CLI/CLI.hpp>

#include "comm/communicator.hpp"

namespace exa::cli {

struct HpcgOptions {
    std::string dat;               ///< hpcg.dat; flags given override it (as in HPCG)
    int nx = 0, ny = 0, nz = 0;    ///< 0: from the file, else sized to memory
    double rt = -1;                ///< seconds of timed sets; < 0: from the file, else 1800
    int npx = 0, npy = 0, npz = 0; ///< process grid; 0: HPCG's choice
    int threads = 0;               ///< 0: cores per rank on this node
    std::string backend = "cpu";   ///< --backend
    bool reference = false;        ///< time the reference kernels
    std::string json;
    std::string html;
    bool progress = true;
};

void add_hpcg_flags(CLI::App& app, HpcgOptions& opt);

/// Runs HPCG. Returns the exit status: 0 a valid result, 2 an invalid one. Throws
/// InputError (the same on every rank) for bad input, before any large allocation.
int run_hpcg(comm::Communicator& world, HpcgOptions opt);

}  // namespace exa::cli
