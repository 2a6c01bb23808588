#pragma once
// HPL-MxP's factorization: right-looking blocked LU without pivoting of the distributed
// FP32 matrix, with one panel of lookahead (depth 1) or none (depth 0).
//
// Panel k (nb columns) lives on process column k % Q. Its diagonal block is factored by
// process (k % P, k % Q) and broadcast down that column; the column computes L below it
// (TRSM) and broadcasts [diagonal block | L] along the process rows (HPL's BCAST
// topologies). Process row k % P turns its part of the block row into U (TRSM) and
// broadcasts it down the process columns; everyone then updates A -= L U.
#include <functional>

#include "backend/backend.hpp"
#include "layout/process_grid.hpp"
#include "mxp/params.hpp"

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

/// Factors A = L U in place (f: this process's local part of A, leading dimension ldf).
/// Collective over the grid; `progress` is called on every process after each panel.
LuOutcome factor_without_pivoting(float* f, idx ldf, const Params& p,
                                  const layout::ProcessGrid& grid, Backend& be,
                                  const std::function<void(double fraction)>& progress = {});

}  // namespace exa::mxp
