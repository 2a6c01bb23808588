// exabench: the command line. `exabench` alone is the main job (HPL sized for this machine).
#include <cstdio>
#include <exception>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/blas_choice.hpp"
#include "cli/command_line.hpp"
#include "comm/communicator.hpp"
#include "common/error.hpp"
#include "common/interrupt.hpp"
#include "version.hpp"

namespace {

int run(exa::comm::Communicator& world, int argc, char** argv) {
    const bool root = world.rank() == 0;
    exa::cli::CommandLine cl;
    auto& app = cl.app;
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // Every rank parses the same arguments; one prints.
        if (!root) return e.get_exit_code() == 0 ? 0 : 1;
        if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
        std::fprintf(stderr, "exabench: error: %s\n", e.what());
        return 1;
    }
    if (cl.hpl_cmd->parsed()) return exa::cli::run_hpl(world, cl.hpl);
    if (cl.mxp_cmd->parsed()) return exa::cli::run_mxp(world, cl.mxp, cl.mxp_extra);
    if (cl.hpcg_cmd->parsed()) return exa::cli::run_hpcg(world, cl.hpcg);
    if (cl.predict_cmd->parsed()) return exa::cli::run_predict(world, cl.predict);
    if (cl.machines_cmd->parsed()) return world.rank() == 0 ? exa::cli::run_machines() : 0;
    if (cl.devices_cmd->parsed()) return world.rank() == 0 ? exa::cli::run_devices() : 0;
    if (cl.calibrate_cmd->parsed()) return exa::cli::run_calibrate(world, cl.calibrate);
    if (cl.report_cmd->parsed()) return world.rank() == 0 ? exa::cli::run_report(cl.report) : 0;
    return exa::cli::run_hpl(world, cl.main_job);
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
    exa::install_interrupt_handlers();  // after MPI's start, which may install its own
    try {
        return run(world, argc, argv);
    } catch (const exa::Interrupted& e) {
        // Every rank gets the signal from the launcher; one that is waiting for a peer that
        // already left would wait for ever, so the whole job ends now.
        std::fprintf(stderr, "exabench: %s%s\n", e.what(),
                     world.size() > 1 ? fmt::format(" (rank {})", world.rank()).c_str() : "");
        std::fflush(stderr);
        if (world.size() > 1) world.abort(128 + e.signal());
        return 128 + e.signal();
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
