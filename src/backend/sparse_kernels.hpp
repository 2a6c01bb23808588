#pragma once
// The sparse kernels HPCG calls: a reference set (natural order, one thread: HPCG's _ref
// kernels) and optimized ones. Vectors are plain arrays; x arguments of SpMV and SYMGS have
// ncol entries (halo values already in place: the caller exchanges them).
#include <memory>
#include <string>

#include "backend/ell_matrix.hpp"

namespace exa {

class SparseKernels {
public:
    virtual ~SparseKernels() = default;
    [[nodiscard]] virtual std::string name() const = 0;
    /// True when SYMGS needs the matrix's rows grouped by colour (see EllMatrix::color_start).
    [[nodiscard]] virtual bool wants_coloring() const = 0;
    /// True when Gauss-Seidel runs faster on rows ordered by order_for_sweeps.
    [[nodiscard]] virtual bool wants_sweep_order() const = 0;
    /// True when restrict_residual reads the restricted rows from a copy (see its `picked`).
    [[nodiscard]] virtual bool wants_picked_rows() const = 0;
    /// True when the smoothing from x = 0 reads the matrix split at its diagonal (see
    /// symgs_from_zero); otherwise it is zero() and symgs().
    [[nodiscard]] virtual bool wants_split_matrix() const = 0;

    /// y = A x.
    virtual void spmv(const EllMatrix& a, const double* x, double* y) = 0;
    /// y = A x and returns sum_i x_i y_i over the rows (CG's p'Ap in the same pass).
    virtual double spmv_dot(const EllMatrix& a, const double* x, double* y) = 0;
    /// One symmetric Gauss-Seidel step for A x = r: a forward sweep, then a backward one.
    virtual void symgs(const EllMatrix& a, const double* r, double* x) = 0;
    /// symgs from x = 0 (the multigrid's pre-smoothing) on s = split_at_diagonal(A): the
    /// forward sweep needs only each row's entries before the diagonal, x = (D+L)^-1 r, and
    /// the backward one only those after it, (D+U) x' = D x, so the matrix streams once
    /// instead of twice. x's own entries are written; its halo is neither read nor written.
    virtual void symgs_from_zero(const SplitMatrix& s, const double* r, double* x) = 0;
    /// Sum of x_i y_i (this process's part).
    virtual double dot(std::int64_t n, const double* x, const double* y) = 0;
    /// w = alpha x + beta y (w may alias x or y).
    virtual void waxpby(std::int64_t n, double alpha, const double* x, double beta,
                        const double* y, double* w) = 0;
    /// x += alpha p; r -= alpha ap; returns r'r (CG's update and residual norm in one pass).
    virtual double cg_update(std::int64_t n, double alpha, const double* p, const double* ap,
                             double* x, double* r) = 0;
    /// rc[i] = (rf - A xf)[f2c[i]]: the fine residual restricted by injection. xf has ncol
    /// entries (halo in place). `picked` is either empty or pick_rows(a, f2c): the same rows
    /// stored together, which a kernel may read instead of a's.
    virtual void restrict_residual(const EllMatrix& a, const EllMatrix& picked, std::int64_t nc,
                                   const local_int* f2c, const double* rf, const double* xf,
                                   double* rc) = 0;
    /// xf[f2c[i]] += xc[i] (prolongation).
    virtual void prolong(std::int64_t nc, const local_int* f2c, const double* xc, double* xf) = 0;
    /// x = 0.
    virtual void zero(std::int64_t n, double* x) = 0;
};

/// HPCG's reference kernels: natural order, one thread, nothing fused.
std::unique_ptr<SparseKernels> make_reference_sparse_kernels();
/// OpenMP kernels for `threads` threads; with more than one, SYMGS runs colour by colour.
std::unique_ptr<SparseKernels> make_cpu_sparse_kernels(int threads);

}  // namespace exa
