#pragma once
// DenseKernels over cuBLAS (its 64-bit API), in both precisions, queued on the backend's
// stream. Index lists of the column movement are copied to the device first.
#include <cublas_v2.h>

#include <algorithm>
#include <initializer_list>
#include <type_traits>
#include <utility>

#include "backend/backend.hpp"
#include "backend/cuda/check.hpp"
#include "backend/cuda/kernels.hpp"

namespace exa::cuda {

/// Device scratch that grows on demand (contents dropped), in the stream's order: the old
/// block is freed after the work queued before that uses it.
class Scratch {
public:
    explicit Scratch(cudaStream_t s) : s_(s) {}
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
    ~Scratch() { cudaFree(p_); }
    void* get(std::size_t bytes) {
        if (bytes > size_) {
            if (p_) check(cudaFreeAsync(p_, s_), "cudaFreeAsync (scratch)");
            p_ = nullptr;
            size_ = 0;
            check(cudaMallocAsync(&p_, bytes, s_), "cudaMallocAsync (scratch)");
            size_ = bytes;
        }
        return p_;
    }

private:
    cudaStream_t s_;
    void* p_ = nullptr;
    std::size_t size_ = 0;
};

/// Index lists from the host to the device through pinned memory: the host's list may be
/// reused as soon as the call returns, and the copy does not wait for the queue.
class IndexUpload {
public:
    explicit IndexUpload(cudaStream_t s) : s_(s), device_(s) {
        check(cudaEventCreateWithFlags(&copied_, cudaEventDisableTiming), "cudaEventCreate");
    }
    IndexUpload(const IndexUpload&) = delete;
    IndexUpload& operator=(const IndexUpload&) = delete;
    ~IndexUpload() {
        cudaEventSynchronize(copied_);
        cudaEventDestroy(copied_);
        cudaFreeHost(pinned_);
    }
    /// The lists one after another on the device.
    const idx* upload(std::initializer_list<std::pair<const idx*, idx>> lists) {
        std::size_t total = 0;
        for (const auto& l : lists) total += std::size_t(l.second);
        check(cudaEventSynchronize(copied_), "cudaEventSynchronize (index list)");  // pinned_ is free again
        if (total > capacity_) {
            cudaFreeHost(pinned_);
            pinned_ = nullptr;
            capacity_ = 0;
            check(cudaMallocHost(reinterpret_cast<void**>(&pinned_), total * sizeof(idx)), "cudaMallocHost (index list)");
            capacity_ = total;
        }
        idx* at = pinned_;
        for (const auto& l : lists) at = std::copy_n(l.first, l.second, at);
        auto* d = static_cast<idx*>(device_.get(total * sizeof(idx)));
        check(cudaMemcpyAsync(d, pinned_, total * sizeof(idx), cudaMemcpyHostToDevice, s_), "cudaMemcpyAsync (index list)");
        check(cudaEventRecord(copied_, s_), "cudaEventRecord (index list)");
        return d;
    }

private:
    cudaStream_t s_;
    Scratch device_;
    cudaEvent_t copied_{};
    idx* pinned_ = nullptr;
    std::size_t capacity_ = 0;
};

inline cublasOperation_t op(Op o) { return o == Op::no_trans ? CUBLAS_OP_N : CUBLAS_OP_T; }
inline cublasFillMode_t fill(Uplo u) { return u == Uplo::lower ? CUBLAS_FILL_MODE_LOWER : CUBLAS_FILL_MODE_UPPER; }
inline cublasDiagType_t diag(Diag d) { return d == Diag::unit ? CUBLAS_DIAG_UNIT : CUBLAS_DIAG_NON_UNIT; }
inline cublasSideMode_t side(Side s) { return s == Side::left ? CUBLAS_SIDE_LEFT : CUBLAS_SIDE_RIGHT; }

template <class T>
class CudaDense final : public DenseKernels<T> {
    static constexpr bool dbl = std::is_same_v<T, double>;

public:
    CudaDense(cublasHandle_t h, cudaStream_t s) : h_(h), s_(s), indices_(s) {}

    void gemm(Op ta, Op tb, idx m, idx n, idx k, T alpha, const T* a, idx lda, const T* b, idx ldb, T beta,
              T* c, idx ldc) override {
        if (m <= 0 || n <= 0) return;
        if (k <= 0) {  // C = beta C, whatever the empty operands' leading dimensions
            if (beta != T(1)) {
                const T zero = 0;
                if constexpr (dbl) check(cublasDgeam_64(h_, CUBLAS_OP_N, CUBLAS_OP_N, m, n, &beta, c, ldc, &zero, c, ldc, c, ldc), "cublasDgeam");
                else check(cublasSgeam_64(h_, CUBLAS_OP_N, CUBLAS_OP_N, m, n, &beta, c, ldc, &zero, c, ldc, c, ldc), "cublasSgeam");
            }
            return;
        }
        if constexpr (dbl) check(cublasDgemm_64(h_, op(ta), op(tb), m, n, k, &alpha, a, lda, b, ldb, &beta, c, ldc), "cublasDgemm");
        else check(cublasSgemm_64(h_, op(ta), op(tb), m, n, k, &alpha, a, lda, b, ldb, &beta, c, ldc), "cublasSgemm");
    }
    void trsm(Side sd, Uplo uplo, Op ta, Diag dg, idx m, idx n, T alpha, const T* a, idx lda, T* b,
              idx ldb) override {
        if (m <= 0 || n <= 0) return;
        if constexpr (dbl)
            check(cublasDtrsm_64(h_, side(sd), fill(uplo), op(ta), diag(dg), m, n, &alpha, a, lda, b, ldb), "cublasDtrsm");
        else
            check(cublasStrsm_64(h_, side(sd), fill(uplo), op(ta), diag(dg), m, n, &alpha, a, lda, b, ldb), "cublasStrsm");
    }
    void gemv(Op ta, idx m, idx n, T alpha, const T* a, idx lda, const T* x, idx incx, T beta, T* y,
              idx incy) override {
        if (m <= 0 || n <= 0) {
            const idx len = ta == Op::no_trans ? m : n;
            if (len > 0 && beta != T(1)) scal(len, beta, y, incy);
            return;
        }
        if constexpr (dbl) check(cublasDgemv_64(h_, op(ta), m, n, &alpha, a, lda, x, incx, &beta, y, incy), "cublasDgemv");
        else check(cublasSgemv_64(h_, op(ta), m, n, &alpha, a, lda, x, incx, &beta, y, incy), "cublasSgemv");
    }
    void trsv(Uplo uplo, Op ta, Diag dg, idx n, const T* a, idx lda, T* x, idx incx) override {
        if (n <= 0) return;
        if constexpr (dbl) check(cublasDtrsv_64(h_, fill(uplo), op(ta), diag(dg), n, a, lda, x, incx), "cublasDtrsv");
        else check(cublasStrsv_64(h_, fill(uplo), op(ta), diag(dg), n, a, lda, x, incx), "cublasStrsv");
    }
    void ger(idx m, idx n, T alpha, const T* x, idx incx, const T* y, idx incy, T* a, idx lda) override {
        if (m <= 0 || n <= 0) return;
        if constexpr (dbl) check(cublasDger_64(h_, m, n, &alpha, x, incx, y, incy, a, lda), "cublasDger");
        else check(cublasSger_64(h_, m, n, &alpha, x, incx, y, incy, a, lda), "cublasSger");
    }
    void scal(idx n, T alpha, T* x, idx incx) override {
        if (n <= 0) return;
        if constexpr (dbl) check(cublasDscal_64(h_, n, &alpha, x, incx), "cublasDscal");
        else check(cublasSscal_64(h_, n, &alpha, x, incx), "cublasSscal");
    }
    idx iamax(idx n, const T* x, idx incx) override {
        if (n <= 0) return -1;
        std::int64_t r = 0;  // host pointer mode: returns once it is known
        if constexpr (dbl) check(cublasIdamax_64(h_, n, x, incx, &r), "cublasIdamax");
        else check(cublasIsamax_64(h_, n, x, incx, &r), "cublasIsamax");
        return idx(r) - 1;
    }
    void copy(idx n, const T* x, idx incx, T* y, idx incy) override {
        if (n <= 0) return;
        if constexpr (dbl) check(cublasDcopy_64(h_, n, x, incx, y, incy), "cublasDcopy");
        else check(cublasScopy_64(h_, n, x, incx, y, incy), "cublasScopy");
    }
    void swap(idx n, T* x, idx incx, T* y, idx incy) override {
        if (n <= 0) return;
        if constexpr (dbl) check(cublasDswap_64(h_, n, x, incx, y, incy), "cublasDswap");
        else check(cublasSswap_64(h_, n, x, incx, y, incy), "cublasSswap");
    }
    void lacpy(idx m, idx n, const T* a, idx lda, T* b, idx ldb) override {
        if (m <= 0 || n <= 0) return;
        check(cudaMemcpy2DAsync(b, std::size_t(ldb) * sizeof(T), a, std::size_t(lda) * sizeof(T),
                                std::size_t(m) * sizeof(T), std::size_t(n), cudaMemcpyDeviceToDevice, s_),
              "lacpy (cudaMemcpy2DAsync)");
    }
    void transpose(idx m, idx n, const T* a, idx lda, T* b, idx ldb) override {
        if (m <= 0 || n <= 0) return;
        const T one = 1, zero = 0;  // B = 1 * A^T + 0 * B
        if constexpr (dbl)
            check(cublasDgeam_64(h_, CUBLAS_OP_T, CUBLAS_OP_N, n, m, &one, a, lda, &zero, b, ldb, b, ldb), "cublasDgeam");
        else
            check(cublasSgeam_64(h_, CUBLAS_OP_T, CUBLAS_OP_N, n, m, &one, a, lda, &zero, b, ldb, b, ldb), "cublasSgeam");
    }
    void gather_columns(idx count, const idx* cols, idx m, const T* a, idx lda, T* b, idx ldb) override {
        if (count <= 0 || m <= 0) return;
        cuda::gather_columns(s_, count, indices_.upload({{cols, count}}), m, a, lda, b, ldb);
    }
    void scatter_columns(idx count, const idx* cols, idx m, const T* b, idx ldb, T* a, idx lda) override {
        if (count <= 0 || m <= 0) return;
        cuda::scatter_columns(s_, count, indices_.upload({{cols, count}}), m, b, ldb, a, lda);
    }
    void copy_columns(idx count, const idx* from, const idx* to, idx m, T* a, idx lda) override {
        if (count <= 0 || m <= 0) return;
        const idx* d = indices_.upload({{from, count}, {to, count}});
        cuda::copy_columns(s_, count, d, d + count, m, a, lda);
    }

private:
    cublasHandle_t h_;
    cudaStream_t s_;
    IndexUpload indices_;
};

}  // namespace exa::cuda
