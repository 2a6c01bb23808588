#pragma once
// What the algorithms run on: a backend's memory, its queue, and its kernels. The CPU backend
// (backend/cpu: BLAS, LAPACK, OpenMP) is one; a GPU backend implements the same interface
// with device memory and an asynchronous queue.
//
// Pointers given to kernels point into the backend's memory (Buffer, below) unless a
// parameter says "host". Matrices are column-major (pointer + leading dimension), as in BLAS.
// Work is queued in order: on an asynchronous backend a kernel returns before it is done,
// and the host reads the backend's memory only through copy_to_host or after synchronize.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/hpl_generator.hpp"
#include "layout/block_cyclic.hpp"

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

/// HPL's panel factorizations (PFACT, RFACT in HPL.dat: 0, 1, 2).
enum class Factorization { left = 0, crout = 1, right = 2 };

/// Where a backend's memory is.
enum class MemorySpace { host, device };

/// A device backend's memory: free bytes on this process's device, and a number that names
/// the device on its node (processes that share a device have the same). Zero for host memory.
struct DeviceMemory {
    std::uint64_t free_bytes = 0;
    int device_key = 0;
};

class SparseKernels;

/// A point in a backend's queue: waiting for it waits for the work queued before it.
class Event {
public:
    virtual ~Event() = default;
    /// Returns once that work is done.
    virtual void synchronize() = 0;
};

/// The dense kernels of one precision: double (HPL, the refinement) and float (HPL-MxP's
/// factors). Each backend implements them once, for both.
template <class T>
class DenseKernels {
public:
    virtual ~DenseKernels() = default;
    /// C = alpha op(A) op(B) + beta C; C is m x n, op(A) m x k.
    virtual void gemm(Op ta, Op tb, idx m, idx n, idx k, T alpha, const T* a, idx lda, const T* b,
                      idx ldb, T beta, T* c, idx ldc) = 0;
    /// B = alpha op(A)^-1 B (side left) or alpha B op(A)^-1 (side right); A triangular.
    virtual void trsm(Side side, Uplo uplo, Op ta, Diag diag, idx m, idx n, T alpha, const T* a,
                      idx lda, T* b, idx ldb) = 0;
    /// y = alpha op(A) x + beta y.
    virtual void gemv(Op ta, idx m, idx n, T alpha, const T* a, idx lda, const T* x, idx incx,
                      T beta, T* y, idx incy) = 0;
    /// x = op(A)^-1 x, A triangular n x n.
    virtual void trsv(Uplo uplo, Op ta, Diag diag, idx n, const T* a, idx lda, T* x, idx incx) = 0;
    /// A += alpha x y^T.
    virtual void ger(idx m, idx n, T alpha, const T* x, idx incx, const T* y, idx incy, T* a,
                     idx lda) = 0;
    virtual void scal(idx n, T alpha, T* x, idx incx) = 0;
    /// Index (0-based) of the first entry of largest |x_i|; -1 when n == 0. Waits for it.
    [[nodiscard]] virtual idx iamax(idx n, const T* x, idx incx) = 0;
    virtual void copy(idx n, const T* x, idx incx, T* y, idx incy) = 0;
    virtual void swap(idx n, T* x, idx incx, T* y, idx incy) = 0;
    /// B = A, both m x n.
    virtual void lacpy(idx m, idx n, const T* a, idx lda, T* b, idx ldb) = 0;
    /// B = A^T: A is m x n (lda), B n x m (ldb).
    virtual void transpose(idx m, idx n, const T* a, idx lda, T* b, idx ldb) = 0;

    // Column movement for HPL's row swaps (HPL_dlaswp*): HPL keeps its matrix row-major, which
    // a column-major kernel sees as the transpose, so a row of the matrix is a column here.
    // Index lists are on the host.
    /// B(:, k) = A(:, cols[k]), m entries each.
    virtual void gather_columns(idx count, const idx* cols, idx m, const T* a, idx lda, T* b, idx ldb) = 0;
    /// A(:, cols[k]) = B(:, k), m entries each.
    virtual void scatter_columns(idx count, const idx* cols, idx m, const T* b, idx ldb, T* a, idx lda) = 0;
    /// A(:, to[k]) = A(:, from[k]); the two sets of columns must not overlap.
    virtual void copy_columns(idx count, const idx* from, const idx* to, idx m, T* a, idx lda) = 0;
};

/// One panel of HPL's factorization in the backend's memory: W (jb x jb) over this
/// process's rows below it, L (ml x jb, columns ldl apart), and the pivots' place.
struct PanelView {
    idx j0 = 0, jb = 0, ml = 0, ldl = 1;
    double* w = nullptr;
    double* l = nullptr;
    double* ipiv = nullptr;       ///< jb entries: the global row swapped with row j0 + i
    const idx* l_rows = nullptr;  ///< host: the global row of each of L's rows, ascending
};

/// HPL.dat's panel factorization: PFACT, RFACT, NBMIN, NDIV.
struct PanelVariant {
    Factorization pfact = Factorization::right, rfact = Factorization::crout;
    idx nbmin = 4, ndiv = 2;
};

/// The pivot search's max-loc all-reduce over the process column, on host memory:
/// msg = [|value|, global row, the row's jb entries]; tmp is scratch of the same length.
using PivotExchange = std::function<void(double* msg, double* tmp, idx len)>;

/// This process's part of HPL's [A | b] from HPL's generator: local row il is global row
/// rows.global(il), stored row-major (entry (il, jl) at il * ld + jl).
struct HplFill {
    hpl::MatrixGenerator generator;
    layout::BlockCyclic1D rows, cols;
};

class Backend {
public:
    virtual ~Backend() = default;
    /// "cpu", "cuda": what --backend names.
    [[nodiscard]] virtual std::string name() const = 0;
    /// The device the kernels run on, in words ("" for the host's CPU).
    [[nodiscard]] virtual std::string device_name() const { return {}; }
    /// Threads each kernel may use (threaded BLAS inside a rank).
    virtual void set_threads(int threads) = 0;
    [[nodiscard]] virtual int threads() const = 0;

    // --- memory and queue ----------------------------------------------------------------
    [[nodiscard]] virtual MemorySpace memory_space() const = 0;
    [[nodiscard]] virtual DeviceMemory device_memory() const { return {}; }
    /// The device's energy counter in joules (it only grows), or negative where the backend
    /// has no device or cannot read it. The host's CPUs are measured apart (probe/energy).
    [[nodiscard]] virtual double device_energy_joules() { return -1; }
    /// Whether p points into this backend's device memory (never, for host memory).
    [[nodiscard]] virtual bool in_device_memory(const void* /*p*/) const { return false; }
    /// Memory for `bytes` (untouched; Buffer below is the way to hold it). Throws Error
    /// naming `what` when there is not enough.
    virtual void* allocate(std::size_t bytes, const char* what) = 0;
    virtual void deallocate(void* p) noexcept = 0;
    /// Writes zeros: on the host, the pages are touched now rather than inside a timed region.
    virtual void fill_zero(void* p, std::size_t bytes) = 0;
    /// Copies between the backend's memory and the host's, after the work queued before.
    virtual void copy_to_host(void* host, const void* mine, std::size_t bytes) = 0;
    virtual void copy_from_host(void* mine, const void* host, std::size_t bytes) = 0;
    /// A point in the queue after the work queued so far.
    [[nodiscard]] virtual std::unique_ptr<Event> record() = 0;
    /// Returns once every queued kernel is done.
    virtual void synchronize() = 0;

    // --- kernels -------------------------------------------------------------------------
    virtual DenseKernels<double>& fp64() = 0;
    virtual DenseKernels<float>& fp32() = 0;
    template <class T>
    DenseKernels<T>& dense();

    /// HPL's recursive panel factorization with row partial pivoting: one max-loc exchange
    /// per column through `exchange`, the pivot row brought in with it. Writes the pivots;
    /// returns 0, or the 1-based global column of the first exactly zero pivot.
    virtual idx factor_panel(const PanelView& panel, const PanelVariant& variant,
                             const PivotExchange& exchange) = 0;
    /// Fills this process's part of [A | b] (row-major, rows ld apart) from HPL's generator.
    virtual void fill_hpl(const HplFill& fill, double* a, idx ld) = 0;
    /// Over the m x n matrix A: row_sums[i] = sum_j |A(i, j)|, col_sums[j] = sum_i |A(i, j)|
    /// (either may be null). The norms of the residual check.
    virtual void abs_sums(idx m, idx n, const double* a, idx lda, double* row_sums, double* col_sums) = 0;

    // HPL-MxP's low precision.
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

    /// HPCG's optimized sparse kernels on this backend; null where it has none.
    [[nodiscard]] virtual std::unique_ptr<SparseKernels> sparse_kernels() const = 0;

    /// Runs fn(worker) on `workers` host threads at once and waits for all; each calls
    /// kernels with one thread (set_threads(1) first). An exception in a worker is rethrown.
    virtual void run_concurrently(int workers, const std::function<void(int worker)>& fn) = 0;
};

template <>
inline DenseKernels<double>& Backend::dense<double>() { return fp64(); }
template <>
inline DenseKernels<float>& Backend::dense<float>() { return fp32(); }

/// An array in a backend's memory, which must outlive it. Move-only; grows by reallocating
/// (contents dropped).
template <class T>
class Buffer {
public:
    Buffer() = default;
    explicit Buffer(Backend& be) : be_(&be) {}
    /// `count` entries, zero-filled unless `zero` is false (then the first writer touches
    /// the pages: the matrix, which its generation fills).
    Buffer(Backend& be, std::size_t count, const char* what = "a buffer", bool zero = true) : be_(&be) {
        resize(count, what, zero);
    }
    Buffer(Buffer&& o) noexcept : be_(o.be_), data_(o.data_), size_(o.size_) { o.data_ = nullptr, o.size_ = 0; }
    Buffer& operator=(Buffer&& o) noexcept {
        if (this != &o) {
            release();
            be_ = o.be_, data_ = o.data_, size_ = o.size_;
            o.data_ = nullptr, o.size_ = 0;
        }
        return *this;
    }
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;
    ~Buffer() { release(); }

    /// Room for at least `count` entries, zero-filled when it grows (pages touched now).
    void reserve(std::size_t count, const char* what = "a buffer") {
        if (count > size_) resize(count, what);
    }
    [[nodiscard]] T* data() noexcept { return data_; }
    [[nodiscard]] const T* data() const noexcept { return data_; }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] Backend* backend() const noexcept { return be_; }

private:
    void resize(std::size_t count, const char* what, bool zero = true) {
        release();
        data_ = static_cast<T*>(be_->allocate(std::max<std::size_t>(1, count) * sizeof(T), what));
        size_ = count;
        if (zero) be_->fill_zero(data_, size_ * sizeof(T));
    }
    void release() noexcept {
        if (data_) be_->deallocate(data_);
        data_ = nullptr;
        size_ = 0;
    }
    Backend* be_ = nullptr;
    T* data_ = nullptr;
    std::size_t size_ = 0;
};

/// The backends this binary was built with ("cpu", and "cuda" with the CUDA toolkit).
std::vector<std::string> backend_names();
/// The backend --backend names, with `threads` per kernel; "auto" is cuda where built in
/// and a GPU is present, else cpu. Throws InputError (naming --backend) for one not built
/// in, or one whose device is missing.
std::unique_ptr<Backend> make_backend(const std::string& name, int threads);
/// The CPU backend over the BLAS that CMake found (OpenBLAS, MKL, BLIS, ...).
std::unique_ptr<Backend> make_cpu_backend(int threads);
/// The CUDA backend on this process's GPU (builds with the CUDA toolkit only). Throws
/// InputError when there is no GPU.
std::unique_ptr<Backend> make_cuda_backend(int threads);

}  // namespace exa
