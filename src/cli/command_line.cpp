#include "cli/command_line.hpp"

#include "version.hpp"

namespace exa::cli {

CommandLine::CommandLine()
    : app{"exabench " EXA_VERSION
          ": the numbers that make a supercomputer (HPL, HPL-MxP, HPCG),\n"
          "measured here or predicted for any machine by the digital twin.\n"
          "Without a command: HPL on this machine with every core, sized to run about a\n"
          "minute, with a summary against the DGEMM rate and against JUPITER.\n"
          "Under mpirun/srun every command runs distributed, one process grid over all ranks.",
          "exabench"} {
    app.set_version_flag("--version", "exabench " EXA_VERSION);
    app.require_subcommand(0, 1);

    main_job.summary = true;
    add_common_flags(app, main_job);
    app.add_option("--seconds", main_job.target_seconds, "Main job: about how long the solve should take")
        ->check(CLI::Range(0.1, 1e6))->capture_default_str();
    app.add_option("--blas-kernels", blas_kernels,
                   "Main job: auto (the default without OPENBLAS_CORETYPE) restarts with the CPU's own "
                   "OpenBLAS kernels when OpenBLAS chose older ones, checked first in a child process; "
                   "keep runs OpenBLAS's choice")
        ->check(CLI::IsMember({"auto", "keep"}));

    hpl_cmd = app.add_subcommand(
        "hpl", "HPL (FP64 LU with partial pivoting): from a netlib HPL.dat, or from flags");
    add_hpl_flags(*hpl_cmd, hpl);
    add_hpl_predict_flags(*hpl_cmd, hpl);
    hpl_cmd->footer(
        "Exit status: 0 all tests passed, 1 bad input or a fault, 2 a test failed its residual check\n"
        "or was skipped. Examples:\n"
        "  exabench hpl -n 10000 --nb 256\n"
        "  mpirun -np 4 exabench hpl -n 20000 -p 2 -q 2 --bcast 2ringM --json result.json\n"
        "  mpirun -np 8 exabench hpl --dat HPL.dat");

    mxp.params.nb = 256;
    mxp_cmd = app.add_subcommand(
        "mxp", "HPL-MxP (mixed precision): LU without pivoting in FP32 (or bf16/fp16 updates),\n"
               "refined to FP64 accuracy by GMRES; same HPL.dat and flags as hpl");
    add_mxp_flags(*mxp_cmd, mxp, mxp_extra);
    mxp_cmd->footer(
        "Exit status: 0 all tests passed, 1 bad input or a fault, 2 a test failed (residual, or\n"
        "no convergence). HPL.dat's PFACT, RFACT, NBMIN, NDIV and SWAP do not apply. Examples:\n"
        "  exabench mxp -n 20000\n"
        "  mpirun -np 4 exabench mxp -n 40000 -p 2 -q 2 --precision bf16 --json mxp.json");

    hpcg_cmd = app.add_subcommand(
        "hpcg", "HPCG 3.1 (sparse, memory-bound): multigrid-preconditioned CG on a 27-point operator,\n"
                "validated, then timed for --rt seconds (1800: official)");
    add_hpcg_flags(*hpcg_cmd, hpcg);
    hpcg_cmd->footer(
        "Exit status: 0 a valid result, 1 bad input or a fault, 2 an invalid result (a validation\n"
        "test failed). Examples:\n"
        "  exabench hpcg --nx 104 --ny 104 --nz 104 --rt 60\n"
        "  mpirun -np 8 exabench hpcg --dat hpcg.dat --json hpcg.json");

    predict_cmd = app.add_subcommand(
        "predict", "The digital twin: HPL on a machine of the catalog, `this` one, or a machine file,\n"
                   "simulated in seconds: time, Rmax, Rmax/Rpeak, where the time goes, power");
    add_predict_flags(*predict_cmd, predict);
    predict_cmd->footer(
        "Without -n/--nb/-p/-q the twin fills memory as HPL runners do and picks NB and the grid.\n"
        "Examples:\n"
        "  exabench predict jupiter-booster-2025-11\n"
        "  exabench predict jedi --tune\n"
        "  exabench predict this -n 20000 --nb 192 -p 1 -q 2 --json prediction.json\n"
        "  exabench predict my-machine.toml --dat HPL.dat");

    machines_cmd = app.add_subcommand("machines", "List the twin's built-in machines");
    devices_cmd = app.add_subcommand("devices", "List the twin's device catalog (GPUs, APUs, CPUs)");

    calibrate_cmd = app.add_subcommand(
        "calibrate", "Measure this machine's HPL kernels, memory and MPI for the twin (one rank per core)");
    add_calibrate_flags(*calibrate_cmd, calibrate);
    calibrate_cmd->footer("Example:\n  mpirun -np 2 exabench calibrate && exabench predict this -n 20000");

    report_cmd = app.add_subcommand(
        "report", "One HTML page (charts inline, no network) from exabench's JSON results, predictions and traces");
    add_report_flags(*report_cmd, report);
    report_cmd->footer(
        "Example:\n"
        "  exabench hpl -n 20000 --json hpl.json --trace trace.json\n"
        "  exabench predict jedi leonardo --benchmark all --json twin.json\n"
        "  exabench report hpl.json trace.json twin.json -o report.html");
}

}  // namespace exa::cli
