#pragma once
// An estimate of HPL-MxP's matrix's 2-norm condition number, for the report. The generators
// make A = R + D, R HPL's random matrix and D diagonal (what they add), so by Weyl's
// inequality A's singular values lie in [min D - ||R||_2, max D + ||R||_2]; ||R||_2 comes
// from power iteration on R^T R with the FP64 A. Untimed, like the check.
#include "backend/backend.hpp"
#include "mxp/row_vectors.hpp"
#include "mxp/system.hpp"

namespace exa::mxp {

struct ConditionEstimate {
    double r_norm = 0;  ///< ||R||_2 from the power iteration (from below, to its last digits)
    double kappa = 0;   ///< (max D + ||R||) / (min D - ||R||); infinity when min D <= ||R||
};

/// Collective over the grid.
ConditionEstimate estimate_condition(System& sys, const RowVectors& vec, Backend& be, int iterations = 30);

}  // namespace exa::mxp
