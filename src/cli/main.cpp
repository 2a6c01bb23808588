// exabench: the command line. `exabench` alone is the main job (HPL sized for this machine).
#include <cstdio>
#include <exception>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/blas_choice.hpp"
#include "cli/calibrate_command.hpp"
#include "cli/hpcg_command.hpp"
#include "cli/hpl_command.hpp"
#include "cli/mxp_command.hpp"
#include "cli/predict_command.hpp"
#include "comm/communicator.hpp"
#include "common/error.hpp"
#include "version.hpp"

namespace {

int run(exa::comm::Communicator& world, int argc, char** argv) {
    const bool root = world.rank() == 0;
    CLI::App app{"exabench " EXA_VERSION
                 ": the numbers that make a supercomputer (HPL, HPL-MxP, HPCG),\n"
                 "measured here or predicted for any machine by the digital twin.\n"
                 "Without a command: HPL on this machine with every core, sized to run about a\n"
                 "minute, with a summary against the DGEMM rate and against JUPITER.\n"
                 "Under mpirun/srun every command runs distributed, one process grid over all ranks.",
                 "exabench"};
    app.set_version_flag("--version", "exabench " EXA_VERSION);
    app.require_subcommand(0, 1);

    exa::cli::RunOptions main_job;
    main_job.summary = true;
    exa::cli::add_common_flags(app, main_job);
    app.add_option("--seconds", main_job.target_seconds, "Main job: about how long the solve should take")
        ->check(CLI::Range(0.1, 1e6))->capture_default_str();
    std::string blas_kernels;  // read before MPI starts (choose_blas_kernels); declared for --help
    app.add_option("--blas-kernels", blas_kernels,
                   "Main job: auto (the default without OPENBLAS_CORETYPE) restarts with the CPU's own "
                   "OpenBLAS kernels when OpenBLAS chose older ones, checked first in a child process; "
                   "keep runs OpenBLAS's choice")
        ->check(CLI::IsMember({"auto", "keep"}));

    exa::cli::RunOptions hpl;
    auto* hpl_cmd = app.add_subcommand(
        "hpl", "HPL (FP64 LU with partial pivoting): from a netlib HPL.dat, or from flags");
    exa::cli::add_hpl_flags(*hpl_cmd, hpl);
    exa::cli::add_hpl_predict_flags(*hpl_cmd, hpl);
    hpl_cmd->footer(
        "Exit status: 0 all tests passed, 1 bad input or a fault, 2 a test failed its residual check\n"
        "or was skipped. Examples:\n"
        "  exabench hpl -n 10000 --nb 256\n"
        "  mpirun -np 4 exabench hpl -n 20000 -p 2 -q 2 --bcast 2ringM --json result.json\n"
        "  mpirun -np 8 exabench hpl --dat HPL.dat");

    exa::cli::RunOptions mxp;
    mxp.params.nb = 256;
    exa::cli::MxpOptions mxp_extra;
    auto* mxp_cmd = app.add_subcommand(
        "mxp", "HPL-MxP (mixed precision): LU without pivoting in FP32 (or bf16/fp16 updates),\n"
               "refined to FP64 accuracy by GMRES; same HPL.dat and flags as hpl");
    exa::cli::add_mxp_flags(*mxp_cmd, mxp, mxp_extra);
    mxp_cmd->footer(
        "Exit status: 0 all tests passed, 1 bad input or a fault, 2 a test failed (residual, or\n"
        "no convergence). HPL.dat's PFACT, RFACT, NBMIN, NDIV and SWAP do not apply. Examples:\n"
        "  exabench mxp -n 20000\n"
        "  mpirun -np 4 exabench mxp -n 40000 -p 2 -q 2 --precision bf16 --json mxp.json");

    exa::cli::HpcgOptions hpcg;
    auto* hpcg_cmd = app.add_subcommand(
        "hpcg", "HPCG 3.1 (sparse, memory-bound): multigrid-preconditioned CG on a 27-point operator,\n"
                "validated, then timed for --rt seconds (1800: official)");
    exa::cli::add_hpcg_flags(*hpcg_cmd, hpcg);
    hpcg_cmd->footer(
        "Exit status: 0 a valid result, 1 bad input or a fault, 2 an invalid result (a validation\n"
        "test failed). Examples:\n"
        "  exabench hpcg --nx 104 --ny 104 --nz 104 --rt 60\n"
        "  mpirun -np 8 exabench hpcg --dat hpcg.dat --json hpcg.json");

    exa::cli::PredictOptions predict;
    auto* predict_cmd = app.add_subcommand(
        "predict", "The digital twin: HPL on a machine of the catalog, `this` one, or a machine file,\n"
                   "simulated in seconds: time, Rmax, Rmax/Rpeak, where the time goes, power");
    exa::cli::add_predict_flags(*predict_cmd, predict);
    predict_cmd->footer(
        "Without -n/--nb/-p/-q the twin fills memory as HPL runners do and picks NB and the grid.\n"
        "Examples:\n"
        "  exabench predict jupiter-booster-2025-11\n"
        "  exabench predict jedi --tune\n"
        "  exabench predict this -n 20000 --nb 192 -p 1 -q 2 --json prediction.json\n"
        "  exabench predict my-machine.toml --dat HPL.dat");

    auto* machines_cmd = app.add_subcommand("machines", "List the twin's built-in machines");

    exa::cli::CalibrateOptions calibrate;
    auto* calibrate_cmd = app.add_subcommand(
        "calibrate", "Measure this machine's HPL kernels, memory and MPI for the twin (one rank per core)");
    exa::cli::add_calibrate_flags(*calibrate_cmd, calibrate);
    calibrate_cmd->footer("Example:\n  mpirun -np 2 exabench calibrate && exabench predict this -n 20000");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // Every rank parses the same arguments; one prints.
        if (!root) return e.get_exit_code() == 0 ? 0 : 1;
        if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
        std::fprintf(stderr, "exabench: error: %s\n", e.what());
        return 1;
    }
    if (hpl_cmd->parsed()) return exa::cli::run_hpl(world, hpl);
    if (mxp_cmd->parsed()) return exa::cli::run_mxp(world, mxp, mxp_extra);
    if (hpcg_cmd->parsed()) return exa::cli::run_hpcg(world, hpcg);
    if (predict_cmd->parsed()) return exa::cli::run_predict(world, predict);
    if (machines_cmd->parsed()) return world.rank() == 0 ? exa::cli::run_machines() : 0;
    if (calibrate_cmd->parsed()) return exa::cli::run_calibrate(world, calibrate);
    return exa::cli::run_hpl(world, main_job);
}

}  // namespace

int main(int argc, char** argv) {
    // Before MPI: the BLAS probe a parent runs in this child, and the main job's choice of
    // kernels, which may start the process again (cli/blas_choice.hpp).
    if (argc == 2 && std::string(argv[1]) == "blas-probe") return exa::cli::run_blas_probe();
    exa::cli::choose_blas_kernels(argc, argv);
    std::unique_ptr<exa::comm::Environment> env;
    try {
        env = std::make_unique<exa::comm::Environment>(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "exabench: error: %s\n", e.what());
        return 1;
    }
    auto& world = env->world();
    try {
        return run(world, argc, argv);
    } catch (const exa::InputError& e) {
        // The same on every rank (all ranks see the same input): one prints, all leave.
        if (world.rank() == 0) std::fprintf(stderr, "exabench: error: %s\n", e.what());
        return 1;
    } catch (const std::exception& e) {
        // A fault on one rank: say which, and take the whole job down now rather than hang.
        std::fprintf(stderr, "exabench: error on rank %d: %s\n", world.rank(), e.what());
        std::fflush(stderr);
        if (world.size() > 1) world.abort(1);
        return 1;
    }
}
