#pragma once
// `exabench calibrate`: measures this machine's HPL kernels, memory and MPI for the twin.
#include <string>

#include <CLI/CLI.hpp>

#include "comm/communicator.hpp"

namespace exa::cli {

struct CalibrateOptions {
    std::string output;        ///< calibration file
    std::string backend = "cpu";
    bool quick = false;
    bool progress = true;
};

void add_calibrate_flags(CLI::App& app, CalibrateOptions& opt);
int run_calibrate(comm::Communicator& world, const CalibrateOptions& opt);

}  // namespace exa::cli
