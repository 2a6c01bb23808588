#include "hpl/run.hpp"

#include "common/timer.hpp"
#include "common/hpl_generator.hpp"
#include "hpl/local_matrix.hpp"
#include "hpl/trace.hpp"

namespace exa::hpl {
namespace {

/// Each phase's largest time over the ranks: a rank that waits long shows where another
/// was slower (rank 0's own times alone hide it when rank 0 is the slow one).
PhaseTimes largest_over_ranks(const PhaseTimes& mine, comm::Communicator& all) {
    double t[] = {mine.pfact, mine.bcast, mine.swap, mine.update, mine.backsolve};
    all.allreduce(t, 5, comm::ReduceOp::max);
    return {t[0], t[1], t[2], t[3], t[4]};
}

}  // namespace

TestResult run_test(const Params& params, const layout::ProcessGrid& grid, Backend& be,
                    const ProgressFn& progress, SolverWorkspace* workspace, StepTrace* trace,
                    const TimedRegion* region) {
    TestResult r;
    r.params = params;
    const double t_gen = wall_time();
    LocalMatrix a(params.n, params.nb, grid, params.align, be);
    const MatrixGenerator gen(params.n, params.seed);
    a.generate(gen);
    r.generate_s = wall_time() - t_gen;

    SolverWorkspace own;
    SolverWorkspace& ws = workspace ? *workspace : own;
    reserve_workspace(ws, a, params, grid, be);
    std::vector<double> x_local;
    grid.all().barrier();
    r.start = std::time(nullptr);
    if (trace) trace->restart();
    if (region) region->enter();
    const double t0 = wall_time();
    const SolveOutcome out = pdgesv(a, params, grid, be, x_local, progress, &ws, trace);
    const double elapsed = wall_time() - t0;
    if (region) region->leave();
    r.end = std::time(nullptr);
    r.time_s = grid.all().allreduce_max(elapsed);
    r.gflops = r.time_s > 0 ? hpl_flops(double(params.n)) / r.time_s / 1e9 : 0.0;
    r.info = out.info;
    r.phases = out.times;
    r.phases_max = largest_over_ranks(out.times, grid.all());
    if (r.info != 0) return r;

    r.checked = params.threshold > 0;
    if (r.checked) {
        const double t_chk = wall_time();
        r.check = check_residual(a, gen, x_local, grid, be);
        r.check_s = wall_time() - t_chk;
        r.passed = r.check.resid < params.threshold;  // NaN fails
    } else {
        r.passed = true;
    }
    return r;
}

}  // namespace exa::hpl
