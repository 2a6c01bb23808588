#pragma once
// HPL's solver: right-looking blocked LU with row partial pivoting and lookahead on the
// distributed [A | b], then the back-substitution U x = y (HPL_pdgesv + HPL_pdtrsv).
#include <functional>
#include <vector>

#include "backend/backend.hpp"
#include "hpl/params.hpp"
#include "layout/process_grid.hpp"

namespace exa::hpl {

class LocalMatrix;

/// Seconds spent by this process in each phase (they overlap under lookahead).
struct PhaseTimes {
    double pfact = 0;      ///< panel factorization, pivot exchanges included
    double bcast = 0;      ///< waiting for panel broadcasts
    double swap = 0;       ///< row interchanges and U's gathering
    double update = 0;     ///< triangular solve and rank-nb update
    double backsolve = 0;  ///< U x = y
};

struct SolveOutcome {
    idx info = 0;  ///< 0, or 1-based global column of the first exactly zero pivot
    PhaseTimes times;
};

/// Called on rank 0 after each panel with the fraction of the flops done.
using ProgressFn = std::function<void(double fraction)>;

/// Factors [A | b] in place and solves; on return `x_local` holds x for this process's local
/// columns (replicated down each process column). Collective over the grid.
SolveOutcome pdgesv(LocalMatrix& a, const Params& params, const layout::ProcessGrid& grid,
                    Backend& be, std::vector<double>& x_local, const ProgressFn& progress = {});

}  // namespace exa::hpl
