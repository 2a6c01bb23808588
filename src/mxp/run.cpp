#include "mxp/run.hpp"

#include <fmt/format.h>

#include "common/timer.hpp"
#include "hpl/run.hpp"
#include "hpl/trace.hpp"
#include "mxp/condition.hpp"
#include "mxp/lu_solve.hpp"
#include "mxp/row_vectors.hpp"
#include "mxp/system.hpp"

namespace exa::mxp {

TestResult run_test(const Params& params, const layout::ProcessGrid& grid, Backend& be,
                    const std::function<void(double)>& progress, hpl::StepTrace* trace,
                    const TimedRegion* region) {
    TestResult r;
    r.params = params;
    r.lowp_gemm = be.lowp_gemm_kind(params.precision);
    const double t_gen = wall_time();
    System sys(params, grid, be);
    const hpl::MatrixGenerator gen(params.n, params.seed);
    sys.generate(gen, grid);
    r.generate_s = wall_time() - t_gen;

    RowVectors vec(params.n, params.nb, grid);
    std::vector<double> x;
    grid.all().barrier();
    r.start = std::time(nullptr);
    if (trace) trace->restart();
    if (region) region->enter();
    const double t0 = wall_time();
    sys.round_into_factors(be);
    const double t1 = wall_time();
    const LuOutcome lu = factor_without_pivoting(sys.factors(), sys.ldf(), params, grid, be, progress, trace);
    const double t2 = wall_time();
    LuSolve solve(sys.factors(), sys.ldf(), params.n, params.nb, grid, be);
    r.refinement = refine(sys, solve, vec, params, be, x);
    const double t3 = wall_time();
    if (region) region->leave();
    r.end = std::time(nullptr);

    double times[4] = {t3 - t0, t1 - t0, t2 - t1, t3 - t2};
    grid.all().allreduce(times, 4, comm::ReduceOp::max);
    r.time_s = times[0];
    r.convert_s = times[1];
    r.lu_s = times[2];
    r.refine_s = times[3];
    const double n = double(params.n);
    r.gflops = r.time_s > 0 ? hpl::hpl_flops(n) / r.time_s / 1e9 : 0.0;
    r.lu_gflops = r.lu_s > 0 ? (2.0 / 3.0 * n * n * n - 0.5 * n * n) / r.lu_s / 1e9 : 0.0;
    r.lu_phases = lu.times;
    double phases[3] = {lu.times.panel, lu.times.bcast, lu.times.update};
    grid.all().allreduce(phases, 3, comm::ReduceOp::max);
    r.lu_phases_max = {phases[0], phases[1], phases[2]};
    r.info = lu.info;

    // HPL's check, untimed, on the FP64 system that is still intact.
    r.checked = params.threshold > 0;
    const double t_chk = wall_time();
    std::vector<double> x_cols;
    vec.to_columns(x.data(), x_cols);
    r.check = hpl::measure_residual(sys.a(), gen, x_cols, grid, be);
    r.check_s = wall_time() - t_chk;
    r.condition_estimate = estimate_condition(sys, vec, be).kappa;
    r.dominant_rows = sys.dominant_rows();
    if (!r.refinement.converged)
        r.failure = r.refinement.reason;
    else if (r.checked && !(r.check.resid < params.threshold))
        r.failure = fmt::format("scaled residual {:.3e} is not below {}", r.check.resid, params.threshold);
    if (r.info && !r.failure.empty())
        r.failure = fmt::format("zero or non-finite pivot in column {}; {}", r.info, r.failure);
    r.passed = r.failure.empty();
    return r;
}

}  // namespace exa::mxp
