// CPU backend: thin, checked wrappers over Fortran BLAS and LAPACK, written once for both
// precisions; host memory on huge pages; a queue that runs each kernel as it is called.
#include <dlfcn.h>
#include <omp.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <type_traits>
#include <vector>

#include "backend/backend.hpp"
#include "backend/cpu/blas.hpp"
#include "backend/cpu/low_precision.hpp"
#include "backend/cpu/pivot_steps.hpp"
#include "backend/panel_factor.hpp"
#include "backend/sparse_kernels.hpp"
#include "common/error.hpp"
#include "common/matrix_storage.hpp"

namespace exa {
namespace {

blas_int bi(idx v) {
    if (v < 0 || v > INT_MAX) throw Error("BLAS dimension out of 32-bit range: " + std::to_string(v));
    return blas_int(v);
}

/// Sets the thread count of whichever BLAS is linked, through its own call if it has one.
bool set_blas_threads(int n) {
    using set_fn = void (*)(int);
    bool found = false;
    for (const char* sym : {"openblas_set_num_threads", "bli_thread_set_num_threads",
                            "MKL_Set_Num_Threads"}) {
        if (auto fn = reinterpret_cast<set_fn>(dlsym(RTLD_DEFAULT, sym))) {
            fn(n);
            found = true;
        }
    }
    return found;
}

template <class T>
constexpr bool is_double = std::is_same_v<T, double>;

/// The dense kernels of one precision: the same checks and argument handling, then the d*
/// or s* routine.
template <class T>
class CpuDense final : public DenseKernels<T> {
public:
    void gemm(Op ta, Op tb, idx m, idx n, idx k, T alpha, const T* a, idx lda, const T* b, idx ldb,
              T beta, T* c, idx ldc) override {
        if (m <= 0 || n <= 0) return;
        if (k <= 0) {
            if (beta != T(1))
                for (idx j = 0; j < n; ++j)
                    for (idx i = 0; i < m; ++i) c[i + j * ldc] *= beta;
            return;
        }
        const char cta = char(ta), ctb = char(tb);
        const blas_int M = bi(m), N = bi(n), K = bi(k), LA = bi(lda), LB = bi(ldb), LC = bi(ldc);
        if constexpr (is_double<T>) dgemm_(&cta, &ctb, &M, &N, &K, &alpha, a, &LA, b, &LB, &beta, c, &LC, 1, 1);
        else sgemm_(&cta, &ctb, &M, &N, &K, &alpha, a, &LA, b, &LB, &beta, c, &LC, 1, 1);
    }
    /// The triangle is split in two and the coupling done by GEMM, down to triangles of
    /// trsm_leaf: OpenBLAS 0.3.21's own DTRSM ran at 25 GFLOP/s on one AVX-512 core where its
    /// DGEMM runs at 85, and the split one at 41-47 (HPL's U = L1^-1 U, NB 256-384).
    void trsm(Side side, Uplo uplo, Op ta, Diag diag, idx m, idx n, T alpha, const T* a, idx lda, T* b,
              idx ldb) override {
        if (m <= 0 || n <= 0) return;
        const idx order = side == Side::left ? m : n;  // of the triangle
        if (order <= trsm_leaf || alpha == T(0)) return blas_trsm(side, uplo, ta, diag, m, n, alpha, a, lda, b, ldb);
        // op(A) = [T11 T12; T21 T22]: solve first with the diagonal block whose solution the
        // other half needs (T11 where op(A) is lower and A is on the left, or upper on the
        // right), then remove its part from the other half and solve that.
        const idx n1 = order / 2, n2 = order - n1;
        const bool lower = (uplo == Uplo::lower) == (ta == Op::no_trans);
        const bool first_is_top = (side == Side::left) == lower;
        const idx f0 = first_is_top ? 0 : n1, fn = first_is_top ? n1 : n2;  // first block
        const idx s0 = first_is_top ? n1 : 0, sn = first_is_top ? n2 : n1;  // second block
        const T* diag_f = a + f0 + f0 * lda;
        const T* diag_s = a + s0 + s0 * lda;
        // The block of op(A) that couples the halves, as stored (op applied by the GEMM):
        // on the left B_s = T_ss X_s + T_sf X_f, on the right B_s = X_s T_ss + X_f T_fs.
        const auto block = [&](idx r0, idx c0) { return ta == Op::no_trans ? a + r0 + c0 * lda : a + c0 + r0 * lda; };
        const T* coupling = side == Side::left ? block(s0, f0) : block(f0, s0);
        if (side == Side::left) {  // rows of B
            trsm(side, uplo, ta, diag, fn, n, alpha, diag_f, lda, b + f0, ldb);
            gemm(ta, Op::no_trans, sn, n, fn, T(-1), coupling, lda, b + f0, ldb, alpha, b + s0, ldb);
            trsm(side, uplo, ta, diag, sn, n, T(1), diag_s, lda, b + s0, ldb);
        } else {  // columns of B
            trsm(side, uplo, ta, diag, m, fn, alpha, diag_f, lda, b + f0 * ldb, ldb);
            gemm(Op::no_trans, ta, m, sn, fn, T(-1), b + f0 * ldb, ldb, coupling, lda, alpha, b + s0 * ldb, ldb);
            trsm(side, uplo, ta, diag, m, sn, T(1), diag_s, lda, b + s0 * ldb, ldb);
        }
    }
    void gemv(Op ta, idx m, idx n, T alpha, const T* a, idx lda, const T* x, idx incx, T beta, T* y,
              idx incy) override {
        if (m <= 0 || n <= 0) {
            const idx len = (ta == Op::no_trans) ? m : n;
            if (beta != T(1))
                for (idx i = 0; i < len; ++i) y[i * incy] *= beta;
            return;
        }
        const char t = char(ta);
        const blas_int M = bi(m), N = bi(n), LA = bi(lda), IX = blas_int(incx), IY = blas_int(incy);
        if constexpr (is_double<T>) dgemv_(&t, &M, &N, &alpha, a, &LA, x, &IX, &beta, y, &IY, 1);
        else sgemv_(&t, &M, &N, &alpha, a, &LA, x, &IX, &beta, y, &IY, 1);
    }
    void trsv(Uplo uplo, Op ta, Diag diag, idx n, const T* a, idx lda, T* x, idx incx) override {
        if (n <= 0) return;
        const char u = char(uplo), t = char(ta), d = char(diag);
        const blas_int N = bi(n), LA = bi(lda), IX = blas_int(incx);
        if constexpr (is_double<T>) dtrsv_(&u, &t, &d, &N, a, &LA, x, &IX, 1, 1, 1);
        else strsv_(&u, &t, &d, &N, a, &LA, x, &IX, 1, 1, 1);
    }
    void ger(idx m, idx n, T alpha, const T* x, idx incx, const T* y, idx incy, T* a, idx lda) override {
        if (m <= 0 || n <= 0) return;
        const blas_int M = bi(m), N = bi(n), IX = blas_int(incx), IY = blas_int(incy), LA = bi(lda);
        if constexpr (is_double<T>) dger_(&M, &N, &alpha, x, &IX, y, &IY, a, &LA);
        else sger_(&M, &N, &alpha, x, &IX, y, &IY, a, &LA);
    }
    void scal(idx n, T alpha, T* x, idx incx) override {
        if (n <= 0) return;
        const blas_int N = bi(n), IX = blas_int(incx);
        if constexpr (is_double<T>) dscal_(&N, &alpha, x, &IX);
        else sscal_(&N, &alpha, x, &IX);
    }
    idx iamax(idx n, const T* x, idx incx) override {
        if (n <= 0) return -1;
        const blas_int N = bi(n), IX = blas_int(incx);
        if constexpr (is_double<T>) return idx(idamax_(&N, x, &IX)) - 1;
        else return idx(isamax_(&N, x, &IX)) - 1;
    }
    void copy(idx n, const T* x, idx incx, T* y, idx incy) override {
        if (n <= 0) return;
        const blas_int N = bi(n), IX = blas_int(incx), IY = blas_int(incy);
        if constexpr (is_double<T>) dcopy_(&N, x, &IX, y, &IY);
        else scopy_(&N, x, &IX, y, &IY);
    }
    void swap(idx n, T* x, idx incx, T* y, idx incy) override {
        if (n <= 0) return;
        const blas_int N = bi(n), IX = blas_int(incx), IY = blas_int(incy);
        if constexpr (is_double<T>) dswap_(&N, x, &IX, y, &IY);
        else sswap_(&N, x, &IX, y, &IY);
    }
    void lacpy(idx m, idx n, const T* a, idx lda, T* b, idx ldb) override {
        if (m <= 0 || n <= 0) return;
        const char all = 'A';
        const blas_int M = bi(m), N = bi(n), LA = bi(lda), LB = bi(ldb);
        if constexpr (is_double<T>) dlacpy_(&all, &M, &N, a, &LA, b, &LB, 1);
        else slacpy_(&all, &M, &N, a, &LA, b, &LB, 1);
    }

    // Column movement and transposes, single-threaded on purpose: OpenMP workers spinning
    // beside the BLAS threads would steal their cores. Transposes go by tiles whose two
    // sides fit in L1 together.
    static constexpr idx tile = 32;

    void transpose(idx m, idx n, const T* a, idx lda, T* b, idx ldb) override {
        // Writes contiguous, reads a tile's columns (measured 2-3x faster than the reverse).
        for (idx j0 = 0; j0 < n; j0 += tile)
            for (idx i0 = 0; i0 < m; i0 += tile)
                for (idx i = i0; i < std::min(m, i0 + tile); ++i)
                    for (idx j = j0; j < std::min(n, j0 + tile); ++j) b[j + i * ldb] = a[i + j * lda];
    }
    void gather_columns(idx count, const idx* cols, idx m, const T* a, idx lda, T* b, idx ldb) override {
        for (idx k = 0; k < count; ++k) std::copy_n(a + cols[k] * lda, m, b + k * ldb);
    }
    void scatter_columns(idx count, const idx* cols, idx m, const T* b, idx ldb, T* a, idx lda) override {
        for (idx k = 0; k < count; ++k) std::copy_n(b + k * ldb, m, a + cols[k] * lda);
    }
    void copy_columns(idx count, const idx* from, const idx* to, idx m, T* a, idx lda) override {
        for (idx k = 0; k < count; ++k) std::copy_n(a + from[k] * lda, m, a + to[k] * lda);
    }

private:
    static constexpr idx trsm_leaf = 32;
    void blas_trsm(Side side, Uplo uplo, Op ta, Diag diag, idx m, idx n, T alpha, const T* a, idx lda, T* b,
                   idx ldb) {
        const char s = char(side), u = char(uplo), t = char(ta), d = char(diag);
        const blas_int M = bi(m), N = bi(n), LA = bi(lda), LB = bi(ldb);
        if constexpr (is_double<T>) dtrsm_(&s, &u, &t, &d, &M, &N, &alpha, a, &LA, b, &LB, 1, 1, 1, 1);
        else strsm_(&s, &u, &t, &d, &M, &N, &alpha, a, &LA, b, &LB, 1, 1, 1, 1);
    }
};

class CpuBackend final : public Backend {
public:
    explicit CpuBackend(int threads) { CpuBackend::set_threads(threads); }
    std::string name() const override { return "cpu"; }
    void set_threads(int t) override {
        threads_ = t > 0 ? t : 1;
        set_blas_threads(threads_);
        omp_set_num_threads(threads_);  // our own loops (matrix generation)
    }
    int threads() const override { return threads_; }

    // Host memory: large blocks on huge pages (HPL's row swaps touch rows scattered over
    // the whole matrix, and with 4 KiB pages nearly every one misses the TLB).
    MemorySpace memory_space() const override { return MemorySpace::host; }
    void* allocate(std::size_t bytes, const char* what) override {
        constexpr std::size_t huge = std::size_t(1) << 21, line = 64;
        if (bytes >= huge) return allocate_huge(bytes, what);
        void* p = std::aligned_alloc(line, (bytes + line - 1) / line * line);
        if (!p) throw Error("cannot allocate " + std::to_string(bytes) + " bytes for " + what);
        return p;
    }
    void deallocate(void* p) noexcept override { std::free(p); }
    void fill_zero(void* p, std::size_t bytes) override { std::memset(p, 0, bytes); }
    void copy_to_host(void* host, const void* mine, std::size_t bytes) override {
        if (host != mine) std::memcpy(host, mine, bytes);
    }
    void copy_from_host(void* mine, const void* host, std::size_t bytes) override {
        if (host != mine) std::memcpy(mine, host, bytes);
    }
    // Every kernel is done when it returns.
    std::unique_ptr<Event> record() override { return std::make_unique<DoneEvent>(); }
    void synchronize() override {}

    DenseKernels<double>& fp64() override { return fp64_; }
    DenseKernels<float>& fp32() override { return fp32_; }

    idx factor_panel(const PanelView& panel, const PanelVariant& variant, const PivotExchange& exchange) override {
        return exa::factor_panel(fp64_, pivot_steps_, panel, variant, exchange);
    }
    void fill_hpl(const HplFill& f, double* a, idx ld) override {
        const idx mp = f.rows.count(), nq = f.cols.count(), nb = f.rows.nb;
#pragma omp parallel for schedule(static)
        for (idx il = 0; il < mp; ++il) {
            const idx i = f.rows.global(il);
            for (idx jl = 0; jl < nq; jl += nb)
                f.generator.row_run(i, f.cols.global(jl), std::min(nb, nq - jl), a + il * ld + jl);
        }
    }
    void abs_sums(idx m, idx n, const double* a, idx lda, double* row_sums, double* col_sums) override {
        if (row_sums) std::fill_n(row_sums, m, 0.0);
        for (idx j = 0; j < n; ++j) {
            double col = 0;
            for (idx i = 0; i < m; ++i) {
                const double v = std::abs(a[i + j * lda]);
                col += v;
                if (row_sums) row_sums[i] += v;
            }
            if (col_sums) col_sums[j] = col;
        }
    }

    void gemm_lowp(LowPrecision fmt, Op ta, Op tb, idx m, idx n, idx k, float alpha, const float* a,
                   idx lda, const float* b, idx ldb, float beta, float* c, idx ldc) override {
        if (fmt == LowPrecision::fp32 || m <= 0 || n <= 0 || k <= 0) {
            fp32_.gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        // No 16-bit GEMM on this CPU: round copies of the operands, then SGEMM (exact
        // products, FP32 sums): the same numbers, at SGEMM speed.
        const idx ar = ta == Op::no_trans ? m : k, ac = ta == Op::no_trans ? k : m;
        const idx br = tb == Op::no_trans ? k : n, bc = tb == Op::no_trans ? n : k;
        thread_local std::vector<float> ra, rb;
        round_copy(fmt, ar, ac, a, lda, ra);
        round_copy(fmt, br, bc, b, ldb, rb);
        fp32_.gemm(ta, tb, m, n, k, alpha, ra.data(), ar, rb.data(), br, beta, c, ldc);
    }
    idx getrf_nopiv(idx n, float* a, idx lda) override {
        // Recursive halving: the work lands in TRSM and GEMM; columns one by one below 16.
        if (n <= 16) {
            for (idx j = 0; j < n; ++j) {
                const float piv = a[j + j * lda];
                if (piv == 0.0f || !std::isfinite(piv)) return j + 1;
                const float inv = 1.0f / piv;
                for (idx i = j + 1; i < n; ++i) a[i + j * lda] *= inv;
                for (idx c = j + 1; c < n; ++c) {
                    const float u = a[j + c * lda];
                    for (idx i = j + 1; i < n; ++i) a[i + c * lda] -= a[i + j * lda] * u;
                }
            }
            return 0;
        }
        const idx n1 = n / 2, n2 = n - n1;
        if (idx info = getrf_nopiv(n1, a, lda)) return info;
        float* a12 = a + n1 * lda;
        float* a21 = a + n1;
        float* a22 = a + n1 + n1 * lda;
        fp32_.trsm(Side::left, Uplo::lower, Op::no_trans, Diag::unit, n1, n2, 1.0f, a, lda, a12, lda);
        fp32_.trsm(Side::right, Uplo::upper, Op::no_trans, Diag::non_unit, n2, n1, 1.0f, a, lda, a21, lda);
        fp32_.gemm(Op::no_trans, Op::no_trans, n2, n2, n1, -1.0f, a21, lda, a12, lda, 1.0f, a22, lda);
        if (idx info = getrf_nopiv(n2, a22, lda)) return n1 + info;
        return 0;
    }
    void convert(Op ta, idx m, idx n, const double* a, idx lda, float* b, idx ldb) override {
        if (ta == Op::no_trans) {
#pragma omp parallel for schedule(static)
            for (idx j = 0; j < n; ++j)
                for (idx i = 0; i < m; ++i) b[i + j * ldb] = float(a[i + j * lda]);
            return;
        }
        // B(i, j) = A(j, i): tiles, so that both sides stay in cache.
        constexpr idx tile = CpuDense<float>::tile;
#pragma omp parallel for schedule(static)
        for (idx j0 = 0; j0 < n; j0 += tile)
            for (idx i0 = 0; i0 < m; i0 += tile)
                for (idx j = j0; j < std::min(n, j0 + tile); ++j)
                    for (idx i = i0; i < std::min(m, i0 + tile); ++i) b[i + j * ldb] = float(a[j + i * lda]);
    }
    std::string lowp_gemm_kind(LowPrecision fmt) const override {
        switch (fmt) {
            case LowPrecision::bf16: return "bf16 operands emulated: rounded to bf16, SGEMM";
            case LowPrecision::fp16: return "fp16 operands emulated: rounded to fp16, SGEMM";
            default: return "SGEMM";
        }
    }

    std::unique_ptr<SparseKernels> sparse_kernels() const override { return make_cpu_sparse_kernels(threads_); }

    void run_concurrently(int workers, const std::function<void(int)>& fn) override {
        std::exception_ptr failure;
#pragma omp parallel num_threads(workers)
        {
            try {
                fn(omp_get_thread_num());
            } catch (...) {
#pragma omp critical
                if (!failure) failure = std::current_exception();
            }
        }
        if (failure) std::rethrow_exception(failure);
    }

private:
    struct DoneEvent final : Event {
        void synchronize() override {}
    };

    static void round_copy(LowPrecision fmt, idx rows, idx cols, const float* a, idx lda,
                           std::vector<float>& out) {
        out.resize(std::size_t(rows * cols));
        for (idx j = 0; j < cols; ++j) {
            const float* src = a + j * lda;
            float* dst = out.data() + j * rows;
            if (fmt == LowPrecision::bf16)
                for (idx i = 0; i < rows; ++i) dst[i] = cpu::round_to_bf16(src[i]);
            else
                for (idx i = 0; i < rows; ++i) dst[i] = cpu::round_to_fp16(src[i]);
        }
    }

    int threads_ = 1;
    CpuDense<double> fp64_;
    CpuDense<float> fp32_;
    cpu::HostPivotSteps pivot_steps_;
};

}  // namespace

std::unique_ptr<Backend> make_cpu_backend(int threads) { return std::make_unique<CpuBackend>(threads); }

}  // namespace exa
