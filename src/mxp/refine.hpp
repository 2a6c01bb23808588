#pragma once
// HPL-MxP's refinement: flexible GMRES in FP64 on A x = b, preconditioned on the right by the
// low-precision LU, from x0 = (LU)^-1 b, until HPL's scaled residual is below the threshold.
#include <string>
#include <vector>

#include "mxp/lu_solve.hpp"
#include "mxp/params.hpp"
#include "mxp/row_vectors.hpp"
#include "mxp/system.hpp"

namespace exa::mxp {

struct RefineOutcome {
    bool converged = false;
    int iterations = 0;        ///< GMRES iterations (one preconditioner and one A product each)
    int restarts = 0;
    double scaled_residual = 0;  ///< HPL's, with the refinement's own ||Ax-b||_oo
    std::vector<double> history; ///< scaled residual at x0 and after each restart cycle
    /// After each GMRES iteration, the scaled residual its estimate gives (a 2-norm, so a
    /// bound on HPL's infinity-norm figure, with ||x|| from the cycle's start).
    std::vector<double> iteration_history;
    std::string reason;        ///< why it stopped without converging
};

/// Solves into `x` (row form). Collective over the grid.
RefineOutcome refine(System& sys, LuSolve& lu, const RowVectors& vec, const Params& p,
                     Backend& be, std::vector<double>& x);

}  // namespace exa::mxp
