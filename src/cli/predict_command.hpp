#pragma once
// The twin on the command line: `exabench predict MACHINE`, `exabench machines`, and the
// calibration file that describes `this` machine.
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/job.hpp"
#include "probe/calibration.hpp"

namespace exa::cli {

struct PredictOptions {
    std::vector<std::string> machines;  ///< one prediction each (a comparison table when several)
    std::vector<std::string> accelerators, cpus;  ///< what-if: catalog devices swapped in, one prediction each
    RunOptions run;                    ///< HPL's flags (N, NB, grid, BCAST, ... , --dat, --json)
    std::string module;
    int nodes = 0;
    int ranks_per_node = 0;
    std::string matrix_memory;         ///< gpu, gpu+cpu, cpu; empty: the machine's
    double memory_fraction = 0.8;
    std::string calibration;           ///< file; empty: exabench-calibration.toml if present
    bool tune = false;
    bool scaling = false;              ///< HPL also at 1, 2, 4, ... nodes up to the module
    std::string benchmark = "hpl";     ///< hpl, mxp, hpcg or all
    std::string precision = "fp16";    ///< HPL-MxP's factorization: fp32, bf16 or fp16
    const CLI::Option* nb_option = nullptr;
};

/// The default calibration file, written by `exabench calibrate` and read for `this`.
inline constexpr const char* default_calibration_file = "exabench-calibration.toml";

void add_predict_flags(CLI::App& app, PredictOptions& opt);
/// Prints the prediction(s); 0 on success. Throws InputError for bad input.
int run_predict(comm::Communicator& world, PredictOptions opt);
int run_machines();
int run_devices();

/// The calibration at `path`, or at the default path when `path` is empty and the file
/// exists there (else null). Throws InputError for a bad file or a missing explicit one.
std::unique_ptr<probe::Calibration> load_calibration(const std::string& path);
/// One line on stderr when the calibration read from `path` (as given to load_calibration)
/// was measured on an unsteady machine.
void warn_if_unsteady(const probe::Calibration& cal, const std::string& path);

}  // namespace exa::cli
