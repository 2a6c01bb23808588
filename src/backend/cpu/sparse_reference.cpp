// HPCG's reference kernels (ComputeSPMV_ref, ComputeSYMGS_ref, ...): natural order, one
// thread. The reference CG that sets the iteration target runs on these.
#include <cstddef>
#include <vector>

#include "backend/sparse_kernels.hpp"

namespace exa {
namespace {

/// sum over row i of a(i, j) x(j).
inline double row_times(const EllMatrix& a, local_int i, const double* x) {
    const std::size_t base = std::size_t(i) * std::size_t(a.width);
    const double* v = a.values.data() + base;
    const local_int* c = a.cols.data() + base;
    double sum = 0;
    for (int k = 0; k < a.row_nnz[std::size_t(i)]; ++k) sum += v[k] * x[c[k]];
    return sum;
}

/// One Gauss-Seidel row update: x_i = (r_i - sum_{j != i} a_ij x_j) / a_ii.
inline void relax_row(const EllMatrix& a, local_int i, const double* r, double* x) {
    const double d = a.diagonal(i);
    x[i] = (r[i] - row_times(a, i, x) + x[i] * d) / d;
}

class ReferenceSparseKernels final : public SparseKernels {
public:
    std::string name() const override { return "reference (natural order, 1 thread)"; }
    bool wants_coloring() const override { return false; }
    bool wants_sweep_order() const override { return false; }
    bool wants_picked_rows() const override { return false; }
    bool wants_split_matrix() const override { return false; }

    void spmv(const EllMatrix& a, const double* x, double* y) override {
        for (local_int i = 0; i < a.nrow; ++i) y[i] = row_times(a, i, x);
    }
    double spmv_dot(const EllMatrix& a, const double* x, double* y) override {
        spmv(a, x, y);
        return dot(a.nrow, x, y);
    }
    void symgs(const EllMatrix& a, const double* r, double* x) override {
        for (local_int i = 0; i < a.nrow; ++i) relax_row(a, i, r, x);
        for (local_int i = a.nrow - 1; i >= 0; --i) relax_row(a, i, r, x);
    }
    void symgs_from_zero(const SplitMatrix& s, const double* r, double* x) override {
        // Row i of lower times x is sum_{j<i} a_ij x_j + a_ii x_i; of upper, a_ii x_i + sum_{j>i}.
        for (local_int i = 0; i < s.lower.nrow; ++i) {
            const double d = s.lower.diagonal(i);
            x[i] = 0;
            x[i] = (r[i] - row_times(s.lower, i, x)) / d;
        }
        for (local_int i = s.upper.nrow - 1; i >= 0; --i) {
            const double d = s.upper.diagonal(i), xi = x[i];
            x[i] = 0;
            x[i] = xi - row_times(s.upper, i, x) / d;
        }
    }
    double dot(std::int64_t n, const double* x, const double* y) override {
        double s = 0;
        for (std::int64_t i = 0; i < n; ++i) s += x[i] * y[i];
        return s;
    }
    void waxpby(std::int64_t n, double alpha, const double* x, double beta, const double* y,
                double* w) override {
        for (std::int64_t i = 0; i < n; ++i) w[i] = alpha * x[i] + beta * y[i];
    }
    double cg_update(std::int64_t n, double alpha, const double* p, const double* ap, double* x,
                     double* r) override {
        waxpby(n, 1.0, x, alpha, p, x);
        waxpby(n, 1.0, r, -alpha, ap, r);
        return dot(n, r, r);
    }
    void restrict_residual(const EllMatrix& a, const EllMatrix& /*picked*/, std::int64_t nc,
                           const local_int* f2c, const double* rf, const double* xf,
                           double* rc) override {
        // As ComputeMG_ref: the whole SpMV, then the injection.
        axf_.resize(std::size_t(a.nrow));
        spmv(a, xf, axf_.data());
        for (std::int64_t i = 0; i < nc; ++i) rc[i] = rf[f2c[i]] - axf_[std::size_t(f2c[i])];
    }
    void prolong(std::int64_t nc, const local_int* f2c, const double* xc, double* xf) override {
        for (std::int64_t i = 0; i < nc; ++i) xf[f2c[i]] += xc[i];
    }
    void zero(std::int64_t n, double* x) override {
        for (std::int64_t i = 0; i < n; ++i) x[i] = 0;
    }

private:
    std::vector<double> axf_;  ///< A x on the fine level, for the restriction
};

}  // namespace

std::unique_ptr<SparseKernels> make_reference_sparse_kernels() {
    return std::make_unique<ReferenceSparseKernels>();
}

}  // namespace exa
