#pragma once
// HPL's solver: right-looking blocked LU with row partial pivoting and lookahead on the
// distributed [A | b], then the back-substitution U x = y (HPL_pdgesv + HPL_pdtrsv).
#include <functional>
#include <vector>

#include "backend/backend.hpp"
#include "hpl/panel.hpp"
#include "hpl/params.hpp"
#include "hpl/schedule.hpp"
#include "layout/process_grid.hpp"

namespace exa::hpl {

class LocalMatrix;
class StepTrace;

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

/// The solver's buffers (panels in flight, U, the swaps' rows), kept from one test to the next
/// by whoever runs several and grown before each by reserve_workspace: first touch runs at
/// about 1 GB/s on some virtual machines.
struct SolverWorkspace {
    std::vector<Panel> panels;
    Buffer<double> u, work;  ///< in the backend's memory (the CPU's: huge pages)
};

/// Grows `ws` to what pdgesv on `a` with these parameters will use at most, touching the
/// new pages, so that none is first touched inside the timed region (HPL's time is that of
/// the pdgesv call; GPU HPLs likewise allocate their workspace at start-up). Without it,
/// a test's time would depend on whether a larger one ran before it.
void reserve_workspace(SolverWorkspace& ws, LocalMatrix& a, const Params& params,
                       const layout::ProcessGrid& grid, Backend& be);

/// The schedule's shape of a test on this grid (hpl/schedule.hpp).
schedule::Shape schedule_shape(const Params& params, const layout::ProcessGrid& grid, int threads);

/// Factors [A | b] in place and solves, executing the schedule's steps; on return `x_local`
/// holds x for this process's local columns (replicated down each process column).
/// Collective over the grid. Without a workspace, the solver uses its own for this call;
/// with a trace, every step is recorded in it.
SolveOutcome pdgesv(LocalMatrix& a, const Params& params, const layout::ProcessGrid& grid,
                    Backend& be, std::vector<double>& x_local, const ProgressFn& progress = {},
                    SolverWorkspace* workspace = nullptr, StepTrace* trace = nullptr);

}  // namespace exa::hpl
