#include "cli/calibrate_command.hpp"

#include <fmt/format.h>

#include "backend/backend.hpp"
#include "cli/blas_choice.hpp"
#include "cli/predict_command.hpp"
#include "report/json_file.hpp"
#include "report/progress.hpp"
#include "probe/calibrate.hpp"

namespace exa::cli {

void add_calibrate_flags(CLI::App& app, CalibrateOptions& opt) {
    opt.output = default_calibration_file;
    app.add_option("-o,--output", opt.output, "probe::Calibration file to write")->capture_default_str();
    app.add_option("--backend", opt.backend, "Backend whose kernels are measured")
        ->check(CLI::IsMember({"cpu"}))->capture_default_str();
    app.add_flag("--quick", opt.quick, "Fewer shapes (a few seconds; for tests)");
    app.add_flag("!--no-progress", opt.progress, "Do not show progress on the terminal");
}

int run_calibrate(comm::Communicator& world, const CalibrateOptions& opt) {
    const bool root = world.rank() == 0;
    auto be = make_cpu_backend(1);  // one core per rank: run one rank per core
    if (root) warn_if_blas_below_cpu(*be);
    report::Progress bar("calibrate", 1.0, root && opt.progress);
    const auto cal = probe::measure_calibration(world, *be, {opt.quick}, [&](double f) { bar.update(f); });
    bar.finish();
    if (!root) return 0;
    report::write_text_atomically(opt.output, probe::format_calibration(cal));
    fmt::print("exabench calibrate: {} rank(s) on {} ({} cores)\n", cal.ranks, cal.host, cal.cores);
    fmt::print("  BLAS         {}\n", cal.blas);
    fmt::print("  DGEMM        up to {:.1f} GFLOP/s per core under load\n", cal.best_dgemm_gflops());
    fmt::print("  Triad        {:.1f} GB/s per core under load\n", cal.triad_gbs);
    fmt::print("  Row swaps    {:.1f} GB/s per core\n", cal.row_swap_gbs);
    fmt::print("  Back-solve   {:.1f} GB/s per core (GEMV on a block of columns)\n", cal.block_gemv_gbs);
    if (cal.mpi_latency_us > 0)
        fmt::print("  MPI          {:.2f} us latency ({:.0f} us with cores shared), {:.1f} GB/s for panel-sized messages after a DGEMM\n",
                   cal.mpi_latency_us, cal.mpi_shared_core_latency_us, cal.mpi_bandwidth_gbs);
    else
        fmt::print("  MPI          not measured (one rank; run under mpirun -np <cores>)\n");
    if (cal.panel_exchange_us > 0)
        fmt::print("  Panel        {:.1f} us per column for a pivot exchange between two ranks ({:.0f} us sharing a core)\n",
                   cal.panel_exchange_us, cal.panel_exchange_shared_core_us);
    if (!cal.column_swap_gbs.empty()) {
        const auto& cs = cal.column_swap_gbs;
        fmt::print("  Column swap  {:.1f} to {:.1f} GB/s of U per rank ({:.0f} to {:.0f} columns), a process column of two "
                   "({:.1f} sharing a core)\n",
                   cs.at(cs.xs.front(), cs.ys.front()), cs.at(cs.xs.back(), cs.ys.front()), cs.xs.front(), cs.xs.back(),
                   cal.column_swap_shared_core_gbs);
    }
    fmt::print("  Variability  {:.1f}% (one DGEMM repeated)", 100 * cal.temporal_cv);
    if (cal.ranks > 1) fmt::print("; the slowest core {:.1f}% behind the mean", 100 * (cal.slowest_core - 1));
    fmt::print("\n");
    fmt::print("Wrote {}; `exabench predict this` and `exabench hpl --predict` read it.\n", opt.output);
    // Written all the same: the user may know the load was real (another job) and keep it.
    if (const auto warning = cal.unsteady_warning(); !warning.empty())
        fmt::print(stderr, "exabench calibrate: warning: {}\n", warning);
    return 0;
}

}  // namespace exa::cli
