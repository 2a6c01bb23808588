#pragma once
// The kernels the algorithms call. Implementations: backend/cpu (BLAS/LAPACK); later cuda.
// Matrices are column-major (pointer + leading dimension), as in BLAS.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace exa {

enum class Op : char { no_trans = 'N', trans = 'T' };
enum class Uplo : char { lower = 'L', upper = 'U' };
enum class Diag : char { unit = 'U', non_unit = 'N' };
enum class Side : char { left = 'L', right = 'R' };

using idx = std::int64_t;

/// Formats of HPL-MxP's low-precision factorization; nothing below 16 bits (the rules).
/// bf16 and fp16 mean: the Schur-complement GEMM's operands in that format, products summed
/// in FP32; everything else of the factorization in FP32.
enum class LowPrecision { fp32, bf16, fp16 };

class Backend {
public:
    virtual ~Backend() = default;
    [[nodiscard]] virtual std::string name() const = 0;
    /// Threads each kernel may use (threaded BLAS inside a rank).
    virtual void set_threads(int threads) = 0;
    [[nodiscard]] virtual int threads() const = 0;

    /// C = alpha op(A) op(B) + beta C; C is m x n, op(A) m x k.
    virtual void gemm(Op ta, Op tb, idx m, idx n, idx k, double alpha, const double* a, idx lda,
                      const double* b, idx ldb, double beta, double* c, idx ldc) = 0;
    /// B = alpha op(A)^-1 B (side left) or alpha B op(A)^-1 (side right); A triangular.
    virtual void trsm(Side side, Uplo uplo, Op ta, Diag diag, idx m, idx n, double alpha,
                      const double* a, idx lda, double* b, idx ldb) = 0;
    /// y = alpha op(A) x + beta y.
    virtual void gemv(Op ta, idx m, idx n, double alpha, const double* a, idx lda, const double* x,
                      idx incx, double beta, double* y, idx incy) = 0;
    /// x = op(A)^-1 x, A triangular n x n.
    virtual void trsv(Uplo uplo, Op ta, Diag diag, idx n, const double* a, idx lda, double* x,
                      idx incx) = 0;
    /// A += alpha x y^T.
    virtual void ger(idx m, idx n, double alpha, const double* x, idx incx, const double* y,
                     idx incy, double* a, idx lda) = 0;
    virtual void scal(idx n, double alpha, double* x, idx incx) = 0;
    /// Index (0-based) of the first entry of largest |x_i|; -1 when n == 0.
    [[nodiscard]] virtual idx iamax(idx n, const double* x, idx incx) = 0;
    virtual void copy(idx n, const double* x, idx incx, double* y, idx incy) = 0;
    virtual void swap(idx n, double* x, idx incx, double* y, idx incy) = 0;
    /// B = A, both m x n.
    virtual void lacpy(idx m, idx n, const double* a, idx lda, double* b, idx ldb) = 0;

    // Column movement for HPL's row swaps (HPL_dlaswp*): HPL keeps its matrix row-major, which
    // a column-major kernel sees as the transpose, so a row of the matrix is a column here.
    /// B(:, k) = A(:, cols[k]), m entries each.
    virtual void gather_columns(idx count, const idx* cols, idx m, const double* a, idx lda,
                                double* b, idx ldb) = 0;
    /// A(:, cols[k]) = B(:, k), m entries each.
    virtual void scatter_columns(idx count, const idx* cols, idx m, const double* b, idx ldb,
                                 double* a, idx lda) = 0;
    /// A(:, to[k]) = A(:, from[k]); the two sets of columns must not overlap.
    virtual void copy_columns(idx count, const idx* from, const idx* to, idx m, double* a,
                              idx lda) = 0;
    /// B = A^T: A is m x n column-major (lda), B n x m column-major (ldb).
    virtual void transpose(idx m, idx n, const double* a, idx lda, double* b, idx ldb) = 0;

    // Single precision, for HPL-MxP's factors (same conventions as the FP64 kernels).
    virtual void gemm(Op ta, Op tb, idx m, idx n, idx k, float alpha, const float* a, idx lda,
                      const float* b, idx ldb, float beta, float* c, idx ldc) = 0;
    virtual void trsm(Side side, Uplo uplo, Op ta, Diag diag, idx m, idx n, float alpha,
                      const float* a, idx lda, float* b, idx ldb) = 0;
    virtual void gemv(Op ta, idx m, idx n, float alpha, const float* a, idx lda, const float* x,
                      idx incx, float beta, float* y, idx incy) = 0;
    virtual void trsv(Uplo uplo, Op ta, Diag diag, idx n, const float* a, idx lda, float* x,
                      idx incx) = 0;
    virtual void lacpy(idx m, idx n, const float* a, idx lda, float* b, idx ldb) = 0;
    /// C = alpha op(A) op(B) + beta C with A's and B's entries in `fmt` (rounded to nearest
    /// even) and the products summed in FP32: the Schur-complement update of HPL-MxP.
    virtual void gemm_lowp(LowPrecision fmt, Op ta, Op tb, idx m, idx n, idx k, float alpha,
                           const float* a, idx lda, const float* b, idx ldb, float beta, float* c,
                           idx ldc) = 0;
    /// A = L U without pivoting, in place (L unit lower). Returns 0, or the 1-based column of
    /// the first pivot that is zero or not finite.
    virtual idx getrf_nopiv(idx n, float* a, idx lda) = 0;
    /// B = op(A) rounded to FP32; B is m x n.
    virtual void convert(Op ta, idx m, idx n, const double* a, idx lda, float* b, idx ldb) = 0;
    /// Short description of how gemm_lowp computes in `fmt` on this backend.
    [[nodiscard]] virtual std::string lowp_gemm_kind(LowPrecision fmt) const = 0;

    /// Runs fn(worker) on `workers` threads at once and waits for all; each calls kernels with
    /// one thread (set_threads(1) first). An exception in a worker is rethrown here.
    virtual void run_concurrently(int workers, const std::function<void(int worker)>& fn) = 0;
};

/// The CPU backend over the BLAS that CMake found (OpenBLAS, MKL, BLIS, ...).
std::unique_ptr<Backend> make_cpu_backend(int threads);

}  // namespace exa
