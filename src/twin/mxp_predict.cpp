#include "twin/mxp_predict.hpp"

#include "common/error.hpp"
#include "hpl/run.hpp"

namespace exa::twin {

int assumed_refinement_iterations(LuPrecision p) { return p == LuPrecision::fp32 ? 1 : 2; }

MxpPrediction predict_mxp(const Machine& m, const PredictOptions& o) {
    if (o.precision == LuPrecision::fp64) throw InputError("HPL-MxP: the factorization's precision is fp32 or fp16");
    MxpPrediction r;
    r.lu = predict_hpl(m, o);
    r.refine_iterations = assumed_refinement_iterations(o.precision);
    // The first solution (L and U solves, each like HPL's back-solve) and its residual
    // (b - A x in FP64), then per iteration the preconditioner's two solves and one A x.
    r.refine_s = (r.refine_iterations + 1) * (r.lu.matvec_s + 2 * r.lu.sim.breakdown.back_solve);
    r.time_s = r.lu.sim.time_s - r.lu.sim.breakdown.back_solve + r.refine_s;
    r.gflops = hpl::hpl_flops(r.lu.params.n) / r.time_s / 1e9;
    return r;
}

}  // namespace exa::twin
