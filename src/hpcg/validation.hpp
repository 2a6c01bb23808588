#pragma once
// HPCG's validation before timing (TestCG, TestSymmetry) and after it (TestNorms).
#include <cstdint>
#include <vector>

#include "hpcg/solver.hpp"

namespace exa::hpcg {

struct CgTest {
    int expected_unpreconditioned = 12, expected_preconditioned = 2;
    std::vector<int> unpreconditioned, preconditioned;  ///< iterations of each call
    int passed = 0, failed = 0;
};

/// TestCG: with the diagonal and b scaled by 1e6 (global rows 0-8 by (row + 2) 1e6), CG
/// converges to 1e-12 in about 10 iterations unpreconditioned and 1 preconditioned; two
/// calls each. The matrix and b are restored after.
CgTest test_cg(Problem& pb, Solver& solver);

struct SymmetryTest {
    double spmv_departure = 0;  ///< |x'Ay - y'Ax| / ((|x|^2 52 |y|^2 + |y|^2 52 |x|^2) eps)
    double mg_departure = 0;    ///< the same with M^-1 for A
    double spmv_exact_error = 0;  ///< max |A xexact - b| (reported only)
    int failed = 0;               ///< departures above 1
};

/// TestSymmetry, with x and y pseudo-random in [1, 2) from the global row index (so the same
/// vectors on any process grid).
SymmetryTest test_symmetry(Problem& pb, Solver& solver, comm::Communicator& comm);

struct ResidualSpread {
    double mean = 0, variance = 0;
};
/// TestNorms: the mean and variance of the sets' scaled residuals; passes below 1e-6.
ResidualSpread residual_spread(const std::vector<double>& scaled_residuals);

}  // namespace exa::hpcg
