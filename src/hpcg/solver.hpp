#pragma once
// HPCG's preconditioned CG and its multigrid V-cycle (CG_ref, ComputeMG_ref), written once
// against the sparse kernels (reference or optimized) and the communicator.
#include <functional>
#include <vector>

#include "backend/sparse_kernels.hpp"
#include "comm/communicator.hpp"
#include "hpcg/problem.hpp"

namespace exa::hpcg {

/// Seconds in each kind of kernel (reductions included in dot; halo exchanges in their kernel).
struct KernelTimes {
    double dot = 0, waxpby = 0, spmv = 0, mg = 0, total = 0;
    KernelTimes& operator+=(const KernelTimes& o);
};

struct CgResult {
    int iterations = 0;
    double normr0 = 0, normr = 0;
    std::vector<double> history;  ///< ||r_k|| / ||r_0|| after each iteration
    KernelTimes times;
};

class Solver {
public:
    Solver(Problem& pb, SparseKernels& kernels, comm::Communicator& comm)
        : pb_(pb), k_(kernels), comm_(comm) {}

    /// CG from the x given, until `max_iterations` or ||r|| / ||r0|| <= tolerance.
    CgResult cg(const Vector& b, Vector& x, int max_iterations,
                double tolerance, bool precondition);
    /// z = M^-1 r: one V-cycle from z = 0.
    void mg(int level, const double* r, double* z);
    /// y = A x on the fine grid (halo exchanged first).
    void spmv(double* x, double* y);
    /// The global dot product.
    double dot(const double* x, const double* y);
    /// Called after each CG iteration with its number (progress display).
    std::function<void(int)> on_iteration;

private:
    void symgs(Level& lv, const double* r, double* x, bool x_is_zero);
    Problem& pb_;
    SparseKernels& k_;
    comm::Communicator& comm_;
};

}  // namespace exa::hpcg
