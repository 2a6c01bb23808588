// CPU backend: thin, checked wrappers over Fortran BLAS.
#include <dlfcn.h>
#include <omp.h>

#include <algorithm>
#include <climits>
#include <exception>
#include <string>

#include "backend/backend.hpp"
#include "backend/cpu/blas.hpp"
#include "common/error.hpp"

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

    void gemm(Op ta, Op tb, idx m, idx n, idx k, double alpha, const double* a, idx lda,
              const double* b, idx ldb, double beta, double* c, idx ldc) override {
        if (m <= 0 || n <= 0) return;
        if (k <= 0) {
            if (beta != 1.0)
                for (idx j = 0; j < n; ++j)
                    for (idx i = 0; i < m; ++i) c[i + j * ldc] *= beta;
            return;
        }
        const char cta = char(ta), ctb = char(tb);
        const blas_int M = bi(m), N = bi(n), K = bi(k), LA = bi(lda), LB = bi(ldb), LC = bi(ldc);
        dgemm_(&cta, &ctb, &M, &N, &K, &alpha, a, &LA, b, &LB, &beta, c, &LC, 1, 1);
    }
    void trsm(Side side, Uplo uplo, Op ta, Diag diag, idx m, idx n, double alpha, const double* a,
              idx lda, double* b, idx ldb) override {
        if (m <= 0 || n <= 0) return;
        const char s = char(side), u = char(uplo), t = char(ta), d = char(diag);
        const blas_int M = bi(m), N = bi(n), LA = bi(lda), LB = bi(ldb);
        dtrsm_(&s, &u, &t, &d, &M, &N, &alpha, a, &LA, b, &LB, 1, 1, 1, 1);
    }
    void gemv(Op ta, idx m, idx n, double alpha, const double* a, idx lda, const double* x,
              idx incx, double beta, double* y, idx incy) override {
        if (m <= 0 || n <= 0) {
            const idx len = (ta == Op::no_trans) ? m : n;
            if (beta != 1.0)
                for (idx i = 0; i < len; ++i) y[i * incy] *= beta;
            return;
        }
        const char t = char(ta);
        const blas_int M = bi(m), N = bi(n), LA = bi(lda), IX = blas_int(incx), IY = blas_int(incy);
        dgemv_(&t, &M, &N, &alpha, a, &LA, x, &IX, &beta, y, &IY, 1);
    }
    void trsv(Uplo uplo, Op ta, Diag diag, idx n, const double* a, idx lda, double* x,
              idx incx) override {
        if (n <= 0) return;
        const char u = char(uplo), t = char(ta), d = char(diag);
        const blas_int N = bi(n), LA = bi(lda), IX = blas_int(incx);
        dtrsv_(&u, &t, &d, &N, a, &LA, x, &IX, 1, 1, 1);
    }
    void ger(idx m, idx n, double alpha, const double* x, idx incx, const double* y, idx incy,
             double* a, idx lda) override {
        if (m <= 0 || n <= 0) return;
        const blas_int M = bi(m), N = bi(n), IX = blas_int(incx), IY = blas_int(incy), LA = bi(lda);
        dger_(&M, &N, &alpha, x, &IX, y, &IY, a, &LA);
    }
    void scal(idx n, double alpha, double* x, idx incx) override {
        if (n <= 0) return;
        const blas_int N = bi(n), IX = blas_int(incx);
        dscal_(&N, &alpha, x, &IX);
    }
    idx iamax(idx n, const double* x, idx incx) override {
        if (n <= 0) return -1;
        const blas_int N = bi(n), IX = blas_int(incx);
        return idx(idamax_(&N, x, &IX)) - 1;
    }
    void copy(idx n, const double* x, idx incx, double* y, idx incy) override {
        if (n <= 0) return;
        const blas_int N = bi(n), IX = blas_int(incx), IY = blas_int(incy);
        dcopy_(&N, x, &IX, y, &IY);
    }
    void swap(idx n, double* x, idx incx, double* y, idx incy) override {
        if (n <= 0) return;
        const blas_int N = bi(n), IX = blas_int(incx), IY = blas_int(incy);
        dswap_(&N, x, &IX, y, &IY);
    }
    void lacpy(idx m, idx n, const double* a, idx lda, double* b, idx ldb) override {
        if (m <= 0 || n <= 0) return;
        const char all = 'A';
        const blas_int M = bi(m), N = bi(n), LA = bi(lda), LB = bi(ldb);
        dlacpy_(&all, &M, &N, a, &LA, b, &LB, 1);
    }

    // Row movement: tiles of columns keep the rows being moved in cache. Single-threaded on
    // purpose: OpenMP workers spinning beside the BLAS threads would steal their cores.
    static constexpr idx tile = 64;
    // Rows scattered over a column-major matrix: a row at a time across a few columns
    // keeps many independent cache misses in flight (measured best at 4-8 columns).
    static constexpr idx narrow_tile = 6;

    void gather_rows(idx count, const idx* rows, idx n, const double* a, idx lda,
                     double* out) override {
        for (idx c0 = 0; c0 < n; c0 += tile)
            for (idx k = 0; k < count; ++k) {
                const double* src = a + rows[k];
                double* dst = out + k * n;
                for (idx c = c0; c < std::min(n, c0 + tile); ++c) dst[c] = src[c * lda];
            }
    }
    void scatter_rows(idx count, const idx* rows, idx n, const double* in, double* a,
                      idx lda) override {
        for (idx c0 = 0; c0 < n; c0 += tile)
            for (idx k = 0; k < count; ++k) {
                const double* src = in + k * n;
                double* dst = a + rows[k];
                for (idx c = c0; c < std::min(n, c0 + tile); ++c) dst[c * lda] = src[c];
            }
    }
    void gather_rows_to_columns(idx count, const idx* rows, idx n, const double* a, idx lda,
                                double* u, idx ldu) override {
        for (idx c0 = 0; c0 < n; c0 += narrow_tile)
            for (idx k = 0; k < count; ++k) {
                const double* src = a + rows[k];
                for (idx c = c0; c < std::min(n, c0 + narrow_tile); ++c) u[k + c * ldu] = src[c * lda];
            }
    }
    void copy_rows(idx count, const idx* from, const idx* to, idx n, double* a,
                   idx lda) override {
        for (idx c0 = 0; c0 < n; c0 += narrow_tile)
            for (idx k = 0; k < count; ++k) {
                const double* src = a + from[k];
                double* dst = a + to[k];
                for (idx c = c0; c < std::min(n, c0 + narrow_tile); ++c) dst[c * lda] = src[c * lda];
            }
    }
    void transpose(idx m, idx n, const double* a, idx lda, double* b, idx ldb) override {
        for (idx j0 = 0; j0 < n; j0 += tile)
            for (idx i0 = 0; i0 < m; i0 += tile)
                for (idx j = j0; j < std::min(n, j0 + tile); ++j)
                    for (idx i = i0; i < std::min(m, i0 + tile); ++i) b[j + i * ldb] = a[i + j * lda];
    }

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
    int threads_ = 1;
};

}  // namespace

std::unique_ptr<Backend> make_cpu_backend(int threads) {
    return std::make_unique<CpuBackend>(threads);
}

}  // namespace exa
