#pragma once
// One HPL-MxP test end to end: generate, time conversion + factorization + refinement,
// then HPL's residual check on the FP64 system.
#include <ctime>
#include <functional>
#include <string>

#include "common/timed_region.hpp"
#include "hpl/residual.hpp"
#include "mxp/lu.hpp"
#include "mxp/params.hpp"
#include "mxp/refine.hpp"

namespace exa::mxp {

struct TestResult {
    Params params;
    double time_s = 0;       ///< max over ranks: conversion + factorization + refinement
    double gflops = 0;       ///< HPL's count (2/3 N^3 + 3/2 N^2) over time_s
    double convert_s = 0;    ///< FP64 -> FP32 copy of A (preprocessing, timed)
    double lu_s = 0;         ///< the low-precision factorization
    double lu_gflops = 0;    ///< LU's count (2/3 N^3 - 1/2 N^2) over lu_s
    double refine_s = 0;     ///< x0 and the GMRES refinement
    LuTimes lu_phases;       ///< rank 0's
    LuTimes lu_phases_max;   ///< each phase's largest over the ranks
    idx info = 0;            ///< first zero or non-finite pivot (1-based), or 0
    RefineOutcome refinement;
    double condition_estimate = 0;  ///< kappa_2(A), from the generator's bound (mxp/condition.hpp)
    std::int64_t dominant_rows = 0; ///< rows whose diagonal dominates them
    std::string lowp_gemm;   ///< how the backend computed the update in this precision
    bool checked = false;
    bool passed = false;
    std::string failure;     ///< why it failed, when it did
    hpl::ResidualCheck check;
    double generate_s = 0, check_s = 0;
    std::time_t start = 0, end = 0;
};

/// Runs one test on the grid's ranks (collective over grid.all()); with a trace, the
/// factorization's steps are recorded in it, timed from the start of the timed region.
TestResult run_test(const Params& params, const layout::ProcessGrid& grid, Backend& be,
                    const std::function<void(double fraction)>& progress = {},
                    hpl::StepTrace* trace = nullptr, const TimedRegion* region = nullptr);

}  // namespace exa::mxp
