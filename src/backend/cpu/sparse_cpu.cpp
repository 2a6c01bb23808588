// HPCG's optimized CPU kernels. What differs from the reference, and why:
// - OpenMP over rows; SYMGS runs colour by colour (rows of one colour do not depend on each
//   other) when there is more than one thread, since natural-order Gauss-Seidel is serial.
//   One thread keeps the natural order: no extra CG iterations to pay for.
// - CG's passes are fused where they read the same vectors: SpMV with p'Ap, and the x and r
//   updates with r'r, so each vector streams once.
// - The multigrid's residual is computed only at the rows its restriction (injection) reads,
//   an eighth of them, rather than by a whole SpMV as in the reference: the same values.
//   Those rows are read from a copy that stores them together (Level::picked): in place,
//   every other row of every other line, they cost half an SpMV's time.
// - The pre-smoothing starts from x = 0, so its forward sweep needs only the entries before
//   each row's diagonal and its backward sweep only those after it, (D+U) x' = D x (PETSc's
//   SOR with a zero initial guess does the same). On a copy of the matrix split there
//   (Level::split) the step streams the matrix once instead of twice.
// - In natural order, each row's entries are ordered so that the value the sweep has just
//   computed (x_{i-1} forward, x_{i+1} backward) is added last (order_for_sweeps): the row's
//   other products do not wait for the row before. A sweep took 0.88 of its time so.
// - Sweeps prefetch the rows a few ahead (see prefetch_rows).
// The matrix is read through its column indices like any sparse matrix (HPCG's rules).
#include <omp.h>

#include <algorithm>
#include <cstddef>

#include "backend/sparse_kernels.hpp"

namespace exa {
namespace {

inline double row_times(const double* __restrict v, const local_int* __restrict c, int nnz,
                        const double* __restrict x) {
    double s0 = 0, s1 = 0;  // two chains: the adds are not all one long dependency
    int k = 0;
    for (; k + 1 < nnz; k += 2) {
        s0 += v[k] * x[c[k]];
        s1 += v[k + 1] * x[c[k + 1]];
    }
    if (k < nnz) s0 += v[k] * x[c[k]];
    return s0 + s1;
}

/// Row i of `a` times x.
inline double row_times(const EllMatrix& a, local_int i, const double* __restrict x) {
    const std::size_t at = std::size_t(i) * std::size_t(a.width);
    return row_times(a.values.data() + at, a.cols.data() + at, a.row_nnz[std::size_t(i)], x);
}

/// Rows ahead of use at which a sweep asks for a row's values and indices. One core keeps
/// too few lines in flight on its own (it reads 8 GB/s of the 12 it can): asking for them 8
/// rows ahead sped SpMV by about 10% and SYMGS by 5-15% with a process on each core; 16 and
/// 32 rows gained less.
constexpr local_int prefetch_rows = 8;

/// Prefetches row `i` (clamped into [0, nrow)) of `a`. Always inlined: GCC finds a function
/// whose only effect is a prefetch free of side effects and drops its calls.
[[gnu::always_inline]] inline void prefetch_row(const EllMatrix& a, local_int i) {
    i = std::clamp(i, local_int{0}, local_int(a.nrow - 1));
    const std::size_t w = std::size_t(a.width), at = std::size_t(i) * w;
    const char* v = reinterpret_cast<const char*>(a.values.data() + at);
    const char* c = reinterpret_cast<const char*>(a.cols.data() + at);
    for (std::size_t b = 0; b < w * sizeof(double); b += 64) __builtin_prefetch(v + b);
    for (std::size_t b = 0; b < w * sizeof(local_int); b += 64) __builtin_prefetch(c + b);
}

class CpuSparseKernels final : public SparseKernels {
public:
    explicit CpuSparseKernels(int threads) : threads_(threads > 0 ? threads : 1) {}
    std::string name() const override {
        return threads_ > 1
                   ? "optimized (OpenMP, multicoloured SYMGS, pre-smoothing on the split matrix, fused CG updates)"
                   : "optimized (natural order, pre-smoothing on the split matrix, fused CG updates)";
    }
    bool wants_coloring() const override { return threads_ > 1; }
    bool wants_sweep_order() const override { return threads_ == 1; }
    bool wants_picked_rows() const override { return true; }
    bool wants_split_matrix() const override { return true; }

    void spmv(const EllMatrix& a, const double* x, double* y) override {
#pragma omp parallel for schedule(static) num_threads(threads_) if (threads_ > 1)
        for (local_int i = 0; i < a.nrow; ++i) {
            prefetch_row(a, i + prefetch_rows);
            y[i] = row_times(a, i, x);
        }
    }
    double spmv_dot(const EllMatrix& a, const double* x, double* y) override {
        double s = 0;
#pragma omp parallel for schedule(static) num_threads(threads_) if (threads_ > 1) reduction(+ : s)
        for (local_int i = 0; i < a.nrow; ++i) {
            prefetch_row(a, i + prefetch_rows);
            const double yi = row_times(a, i, x);
            y[i] = yi;
            s += x[i] * yi;
        }
        return s;
    }
    void symgs(const EllMatrix& a, const double* r, double* x) override {
        sweeps(a, [&](local_int i) { relax(a, i, prefetch_rows, r, x); },
               [&](local_int i) { relax(a, i, -prefetch_rows, r, x); });
    }
    void symgs_from_zero(const SplitMatrix& s, const double* r, double* x) override {
        sweeps(s.lower, [&](local_int i) { forward_from_zero(s.lower, i, r, x); },
               [&](local_int i) { backward_from_forward(s.upper, i, x); });
    }
    double dot(std::int64_t n, const double* x, const double* y) override {
        // Four sums: one would wait on its own add every element and fall below the
        // memory's pace.
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        const std::int64_t n4 = n - n % 4;
#pragma omp parallel for schedule(static) num_threads(threads_) if (threads_ > 1) reduction(+ : s0, s1, s2, s3)
        for (std::int64_t i = 0; i < n4; i += 4) {
            s0 += x[i] * y[i];
            s1 += x[i + 1] * y[i + 1];
            s2 += x[i + 2] * y[i + 2];
            s3 += x[i + 3] * y[i + 3];
        }
        for (std::int64_t i = n4; i < n; ++i) s0 += x[i] * y[i];
        return (s0 + s1) + (s2 + s3);
    }
    void waxpby(std::int64_t n, double alpha, const double* x, double beta, const double* y,
                double* w) override {
#pragma omp parallel for schedule(static) num_threads(threads_) if (threads_ > 1)
        for (std::int64_t i = 0; i < n; ++i) w[i] = alpha * x[i] + beta * y[i];
    }
    double cg_update(std::int64_t n, double alpha, const double* p, const double* ap, double* x,
                     double* r) override {
        double s = 0;
#pragma omp parallel for schedule(static) num_threads(threads_) if (threads_ > 1) reduction(+ : s)
        for (std::int64_t i = 0; i < n; ++i) {
            x[i] += alpha * p[i];
            const double ri = r[i] - alpha * ap[i];
            r[i] = ri;
            s += ri * ri;
        }
        return s;
    }
    void restrict_residual(const EllMatrix& a, const EllMatrix& picked, std::int64_t nc,
                           const local_int* f2c, const double* rf, const double* xf,
                           double* rc) override {
        if (picked.nrow == nc) {  // the rows stored together: they stream
#pragma omp parallel for schedule(static) num_threads(threads_) if (threads_ > 1)
            for (local_int i = 0; i < local_int(nc); ++i) {
                prefetch_row(picked, i + prefetch_rows);
                rc[i] = rf[f2c[i]] - row_times(picked, i, xf);
            }
            return;
        }
#pragma omp parallel for schedule(static) num_threads(threads_) if (threads_ > 1)
        for (std::int64_t i = 0; i < nc; ++i) rc[i] = rf[f2c[i]] - row_times(a, f2c[i], xf);
    }
    void prolong(std::int64_t nc, const local_int* f2c, const double* xc, double* xf) override {
#pragma omp parallel for schedule(static) num_threads(threads_) if (threads_ > 1)
        for (std::int64_t i = 0; i < nc; ++i) xf[f2c[i]] += xc[i];
    }
    void zero(std::int64_t n, double* x) override {
#pragma omp parallel for schedule(static) num_threads(threads_) if (threads_ > 1)
        for (std::int64_t i = 0; i < n; ++i) x[i] = 0;
    }

private:
    /// forward(i) for every row of `a`, then backward(i) for every row in reverse: in natural
    /// order on one thread, or colour by colour (rows of one colour do not depend on each
    /// other, so the threads share each colour) when `a` has colours and there are threads.
    template <class Forward, class Backward>
    void sweeps(const EllMatrix& a, Forward forward, Backward backward) {
        if (a.color_start.empty() || threads_ == 1) {
            for (local_int i = 0; i < a.nrow; ++i) forward(i);
            for (local_int i = a.nrow - 1; i >= 0; --i) backward(i);
            return;
        }
        const int colors = int(a.color_start.size()) - 1;
#pragma omp parallel num_threads(threads_)
        {
            for (int k = 0; k < colors; ++k) {
#pragma omp for schedule(static)
                for (local_int i = a.color_start[k]; i < a.color_start[k + 1]; ++i) forward(i);
            }
            for (int k = colors - 1; k >= 0; --k) {
#pragma omp for schedule(static)
                for (local_int i = a.color_start[k + 1] - 1; i >= a.color_start[k]; --i) backward(i);
            }
        }
    }
    /// One Gauss-Seidel row update, asking for the row `ahead` rows on (negative: before).
    static void relax(const EllMatrix& a, local_int i, local_int ahead, const double* __restrict r,
                      double* __restrict x) {
        prefetch_row(a, i + ahead);
        const double d = a.diagonal(i);
        x[i] = (r[i] - row_times(a, i, x) + x[i] * d) / d;
    }
    /// x_i = (r_i - sum_{j<i} a_ij x_j) / a_ii: `lo` row i holds those entries, then a_ii.
    static void forward_from_zero(const EllMatrix& lo, local_int i, const double* __restrict r,
                                  double* __restrict x) {
        prefetch_row(lo, i + prefetch_rows);
        const std::size_t at = std::size_t(i) * std::size_t(lo.width);
        const int below = lo.row_nnz[std::size_t(i)] - 1;
        x[i] = (r[i] - row_times(lo.values.data() + at, lo.cols.data() + at, below, x)) /
               lo.values[at + std::size_t(below)];
    }
    /// x_i -= sum_{j>i} a_ij x_j / a_ii: `up` row i holds a_ii, then those entries.
    static void backward_from_forward(const EllMatrix& up, local_int i, double* __restrict x) {
        prefetch_row(up, i - prefetch_rows);
        const std::size_t at = std::size_t(i) * std::size_t(up.width);
        const int above = up.row_nnz[std::size_t(i)] - 1;
        x[i] -= row_times(up.values.data() + at + 1, up.cols.data() + at + 1, above, x) /
                up.values[at];
    }
    int threads_;
};

}  // namespace

std::unique_ptr<SparseKernels> make_cpu_sparse_kernels(int threads) {
    return std::make_unique<CpuSparseKernels>(threads);
}

}  // namespace exa
