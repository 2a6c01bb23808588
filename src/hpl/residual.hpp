#pragma once
// HPL's acceptance test: ||Ax-b||_oo / (eps * (||A||_oo ||x||_oo + ||b||_oo) * N).
#include <vector>

#include "backend/backend.hpp"
#include "layout/process_grid.hpp"

namespace exa::hpl {

class LocalMatrix;
class MatrixGenerator;

struct ResidualCheck {
    double resid = 0;    ///< the scaled residual
    double r_inf = 0;    ///< ||Ax-b||_oo
    double a_inf = 0, a_one = 0, x_inf = 0, x_one = 0, b_inf = 0;
    double eps = 0;      ///< 2^-53, as HPL_pdlamch computes it on IEEE hardware
};

/// Regenerates [A | b] into `a` (the factors are no longer needed) and measures x against it.
ResidualCheck check_residual(LocalMatrix& a, const MatrixGenerator& gen,
                             const std::vector<double>& x_local, const layout::ProcessGrid& grid,
                             Backend& be);

/// Measures x against the [A | b] that `a` holds now (HPL-MxP keeps its FP64 matrix intact).
ResidualCheck measure_residual(LocalMatrix& a, const MatrixGenerator& gen,
                               const std::vector<double>& x_local,
                               const layout::ProcessGrid& grid, Backend& be);

}  // namespace exa::hpl
