#pragma once
// One HPL test end to end: generate, time the solve, check the residual.
#include <ctime>

#include "common/timed_region.hpp"
#include "hpl/pdgesv.hpp"
#include "hpl/residual.hpp"

namespace exa::hpl {

struct TestResult {
    Params params;
    double time_s = 0;         ///< max over ranks of the wall time of factorization + solve
    double gflops = 0;         ///< (2/3 N^3 + 3/2 N^2) / time_s / 1e9
    idx info = 0;              ///< zero pivot: the test is skipped, as in HPL
    bool checked = false;      ///< threshold > 0
    bool passed = false;
    ResidualCheck check;
    PhaseTimes phases;         ///< rank 0's phase times
    PhaseTimes phases_max;     ///< each phase's largest over the ranks (HPL's detailed timing)
    double generate_s = 0;     ///< matrix generation (not timed by HPL)
    double check_s = 0;
    std::time_t start = 0, end = 0;
};

/// HPL's official operation count.
inline double hpl_flops(double n) { return 2.0 / 3.0 * n * n * n + 1.5 * n * n; }

/// Runs one test on the grid's ranks (collective over grid.all()). A caller running several
/// passes one workspace to them all (see SolverWorkspace); with a trace, the solver's steps
/// are recorded in it, timed from the start of the timed region; `region`'s hooks bracket
/// the timed region.
TestResult run_test(const Params& params, const layout::ProcessGrid& grid, Backend& be,
                    const ProgressFn& progress = {}, SolverWorkspace* workspace = nullptr,
                    StepTrace* trace = nullptr, const TimedRegion* region = nullptr);

}  // namespace exa::hpl
