#pragma once
// HPL-MxP predicted: the shared schedule played in the low precision (HPL's simulation with
// an FP32 matrix and GEMMs at the precision's measured rate), then the FP64 refinement: the
// first solution and its residual, and per GMRES iteration the preconditioner's two
// triangular solves, each timed as HPL's back-solve on the same grid, and one product with A.
#include "twin/machine.hpp"
#include "twin/predict.hpp"

namespace exa::twin {

/// Refinement iterations assumed: what `exabench mxp` needs on its default (shifted) matrix,
/// measured at N = 2,000 to 20,000: one after an FP32 factorization, two after a 16-bit one.
int assumed_refinement_iterations(LuPrecision p);

struct MxpPrediction {
    Prediction lu;                 ///< the factorization (lu.sim: its time and breakdown)
    int refine_iterations = 0;
    double refine_s = 0;           ///< the first solution, its residual and the iterations
    double time_s = 0;             ///< factorization and refinement
    double gflops = 0;             ///< HPL's flop count over time_s (HPL-MxP's rating)
};

/// `o.precision` must be fp32 or fp16; the configuration is chosen as HPL's is.
MxpPrediction predict_mxp(const Machine& m, const PredictOptions& o);

}  // namespace exa::twin
