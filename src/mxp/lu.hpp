#pragma once
// HPL-MxP's factorization: right-looking blocked LU without pivoting of the distributed
// FP32 matrix, executing HPL's schedule (hpl/schedule.hpp) with its own kernels.
//
// Panel k (nb columns) lives on process column k % Q. Its diagonal block is factored by
// process (k % P, k % Q) and sent down that column; the column computes L below it (TRSM):
// that is the step "factor". [diagonal block | L] travels along the process rows in HPL's
// BCAST topologies ("send", "recv"). Process row k % P sends its rows of the block row down
// the columns ("swap": no pivots, just U's rows), where U = L11^-1 U ("solve") and
// A -= L U in pieces of rows ("update").
#include <functional>

#include "backend/backend.hpp"
#include "hpl/schedule.hpp"
#include "layout/process_grid.hpp"
#include "mxp/params.hpp"

namespace exa::hpl {
class StepTrace;
}

namespace exa::mxp {

/// Seconds this process spent in each phase (they overlap under lookahead).
struct LuTimes {
    double panel = 0;   ///< diagonal block, its column broadcast, L's TRSM
    double bcast = 0;   ///< waiting for panels and U
    double update = 0;  ///< U's TRSM and the rank-nb update
};

struct LuOutcome {
    idx info = 0;  ///< 0, or the 1-based global column of the first zero or non-finite pivot
    LuTimes times;
};

/// The schedule's shape of a test on this grid: N columns (b is not factored with A).
hpl::schedule::Shape schedule_shape(const Params& p, const layout::ProcessGrid& grid);

/// Factors A = L U in place (f: this process's local part of A, leading dimension ldf).
/// Collective over the grid; `progress` is called on every process after each panel; with a
/// trace, every step is recorded in it.
LuOutcome factor_without_pivoting(float* f, idx ldf, const Params& p,
                                  const layout::ProcessGrid& grid, Backend& be,
                                  const std::function<void(double fraction)>& progress = {},
                                  hpl::StepTrace* trace = nullptr);

}  // namespace exa::mxp
