#pragma once
// exabench's command line: every command's options and CLI11's parser over them. Parsing
// starts nothing, so the command line can be tried alone (fuzz/fuzz_command_line.cpp).
#include <string>

#include <CLI/CLI.hpp>

#include "cli/calibrate_command.hpp"
#include "cli/hpcg_command.hpp"
#include "cli/hpl_command.hpp"
#include "cli/mxp_command.hpp"
#include "cli/predict_command.hpp"
#include "cli/report_command.hpp"

namespace exa::cli {

/// Built in place (CLI11 keeps pointers to the members it fills); app.parse(argc, argv) then
/// fills them or throws CLI::ParseError.
struct CommandLine {
    CommandLine();
    CommandLine(const CommandLine&) = delete;
    CommandLine& operator=(const CommandLine&) = delete;

    CLI::App app;
    RunOptions main_job, hpl, mxp;
    MxpOptions mxp_extra;
    HpcgOptions hpcg;
    PredictOptions predict;
    CalibrateOptions calibrate;
    ReportOptions report;
    std::string blas_kernels;  ///< read before MPI starts (choose_blas_kernels); declared for --help
    CLI::App *hpl_cmd = nullptr, *mxp_cmd = nullptr, *hpcg_cmd = nullptr, *predict_cmd = nullptr,
             *machines_cmd = nullptr, *devices_cmd = nullptr, *calibrate_cmd = nullptr,
             *report_cmd = nullptr;
};

}  // namespace exa::cli
