// CUDA backend: device memory, one stream that every kernel is queued on, cuBLAS for the
// dense kernels, cuSOLVER for the FP32 LU without pivoting, and own kernels (kernels.cu)
// for what the libraries lack. One GPU per process: the node-local rank picks it.
#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <cusolverDn.h>
#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "backend/backend.hpp"
#include "backend/cuda/check.hpp"
#include "backend/cuda/dense.hpp"
#include "backend/cuda/kernels.hpp"
#include "backend/cuda/nvml_energy.hpp"
#include "backend/panel_factor.hpp"
#include "backend/sparse_kernels.hpp"

namespace exa {
namespace {

using cuda::check;

/// This process's rank among those on its node, from the launcher's environment.
int node_local_rank() {
    for (const char* var : {"OMPI_COMM_WORLD_LOCAL_RANK", "SLURM_LOCALID", "MPI_LOCALRANKID",
                            "MV2_COMM_WORLD_LOCAL_RANK", "PMI_LOCAL_RANK"})
        if (const char* v = std::getenv(var)) return std::atoi(v);
    return 0;
}

class CudaEvent final : public Event {
public:
    explicit CudaEvent(cudaStream_t s) {
        check(cudaEventCreateWithFlags(&e_, cudaEventDisableTiming), "cudaEventCreate");
        check(cudaEventRecord(e_, s), "cudaEventRecord");
    }
    ~CudaEvent() override { cudaEventDestroy(e_); }
    void synchronize() override { check(cudaEventSynchronize(e_), "cudaEventSynchronize"); }

private:
    cudaEvent_t e_{};
};

/// The pivot step in two kernels; the message goes through the host for the exchange.
class DevicePivotSteps final : public PivotSteps {
public:
    explicit DevicePivotSteps(cudaStream_t s) : s_(s), msg_(s) {}
    void find(const PanelView& pn, idx j, double* msg) override {
        const std::size_t bytes = std::size_t(2 + pn.jb) * sizeof(double);
        auto* d = static_cast<double*>(msg_.get(bytes));
        cuda::pivot_find(s_, pn, j, d);
        check(cudaMemcpyAsync(msg, d, bytes, cudaMemcpyDeviceToHost, s_), "cudaMemcpyAsync (pivot)");
        check(cudaStreamSynchronize(s_), "cudaStreamSynchronize (pivot)");
    }
    void exchange(const PanelView& pn, idx j, idx prow, idx l_hit, const double* msg, double inv) override {
        const std::size_t bytes = std::size_t(pn.jb) * sizeof(double);
        auto* d = static_cast<double*>(msg_.get(bytes + 2 * sizeof(double))) + 2;
        check(cudaMemcpyAsync(d, msg, bytes, cudaMemcpyHostToDevice, s_), "cudaMemcpyAsync (pivot row)");
        cuda::pivot_exchange(s_, pn, j, prow, l_hit, d, inv);
    }

private:
    cudaStream_t s_;
    cuda::Scratch msg_;
};

class CudaBackend final : public Backend {
public:
    explicit CudaBackend(int device) : device_(device) {
        check(cudaSetDevice(device), "cudaSetDevice");
        check(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking), "cudaStreamCreate");
        check(cublasCreate(&blas_), "cublasCreate");
        check(cublasSetStream(blas_, stream_), "cublasSetStream");
        check(cusolverDnCreate(&solver_), "cusolverDnCreate");
        check(cusolverDnSetStream(solver_, stream_), "cusolverDnSetStream");
        fp64_.emplace(blas_, stream_);
        fp32_.emplace(blas_, stream_);
        pivot_.emplace(stream_);
        lowp_.emplace(stream_);
        getrf_.emplace(stream_);
    }
    ~CudaBackend() override {
        synchronize_quietly();
        getrf_.reset();
        lowp_.reset();
        pivot_.reset();
        fp32_.reset();
        fp64_.reset();
        cusolverDnDestroy(solver_);
        cublasDestroy(blas_);
        cudaStreamDestroy(stream_);
    }
    std::string name() const override { return "cuda"; }
    std::string device_name() const override {
        cudaDeviceProp prop{};
        int version = 0;
        check(cudaGetDeviceProperties(&prop, device_), "cudaGetDeviceProperties");
        check(cublasGetVersion(blas_, &version), "cublasGetVersion");
        return fmt::format("{} (GPU {}, sm_{}{}, {} SMs, {:.1f} GiB), cuBLAS {}.{}.{}", prop.name, device_, prop.major,
                           prop.minor, prop.multiProcessorCount, double(prop.totalGlobalMem) / double(1ULL << 30),
                           version / 10000, version / 100 % 100, version % 100);
    }
    // The GPU is the parallelism; host threads only drive it.
    void set_threads(int) override {}
    int threads() const override { return 1; }

    MemorySpace memory_space() const override { return MemorySpace::device; }
    double device_energy_joules() override {
        if (!energy_) energy_.emplace(device_);
        return energy_->joules();
    }
    DeviceMemory device_memory() const override {
        std::size_t free = 0, total = 0;
        check(cudaMemGetInfo(&free, &total), "cudaMemGetInfo");
        // The UUID names the GPU whatever CUDA_VISIBLE_DEVICES numbers it.
        cudaDeviceProp prop{};
        check(cudaGetDeviceProperties(&prop, device_), "cudaGetDeviceProperties");
        std::uint32_t key = 0;
        for (char byte : prop.uuid.bytes) key = key * 31 + std::uint8_t(byte);
        return {free, int(key & 0x7fffffff)};
    }
    bool in_device_memory(const void* p) const override {
        cudaPointerAttributes attr{};
        if (cudaPointerGetAttributes(&attr, p) != cudaSuccess) {
            cudaGetLastError();
            return false;
        }
        return attr.type == cudaMemoryTypeDevice;
    }
    void* allocate(std::size_t bytes, const char* what) override {
        void* p = nullptr;
        if (cudaMalloc(&p, std::max<std::size_t>(bytes, 1)) != cudaSuccess) {
            cudaGetLastError();  // clear it
            std::size_t free = 0, total = 0;
            cudaMemGetInfo(&free, &total);
            throw Error(fmt::format("cannot allocate {} bytes of GPU memory for {} ({} of {} free)", bytes, what,
                                    free, total));
        }
        return p;
    }
    void deallocate(void* p) noexcept override { cudaFree(p); }
    void fill_zero(void* p, std::size_t bytes) override { check(cudaMemsetAsync(p, 0, bytes, stream_), "cudaMemsetAsync"); }
    void copy_to_host(void* host, const void* mine, std::size_t bytes) override {
        if (bytes == 0) return;
        check(cudaMemcpyAsync(host, mine, bytes, cudaMemcpyDeviceToHost, stream_), "cudaMemcpyAsync (to host)");
        synchronize();
    }
    void copy_from_host(void* mine, const void* host, std::size_t bytes) override {
        if (bytes == 0) return;
        check(cudaMemcpyAsync(mine, host, bytes, cudaMemcpyHostToDevice, stream_), "cudaMemcpyAsync (from host)");
        synchronize();  // the host may reuse its copy at once
    }
    std::unique_ptr<Event> record() override { return std::make_unique<CudaEvent>(stream_); }
    void synchronize() override { check(cudaStreamSynchronize(stream_), "cudaStreamSynchronize"); }

    DenseKernels<double>& fp64() override { return *fp64_; }
    DenseKernels<float>& fp32() override { return *fp32_; }

    idx factor_panel(const PanelView& panel, const PanelVariant& variant, const PivotExchange& exchange) override {
        return exa::factor_panel(*fp64_, *pivot_, panel, variant, exchange);
    }
    void fill_hpl(const HplFill& fill, double* a, idx ld) override { cuda::fill_hpl(stream_, fill, a, ld); }
    void abs_sums(idx m, idx n, const double* a, idx lda, double* row_sums, double* col_sums) override {
        cuda::abs_sums(stream_, m, n, a, lda, row_sums, col_sums);
    }

    void gemm_lowp(LowPrecision fmt, Op ta, Op tb, idx m, idx n, idx k, float alpha, const float* a, idx lda,
                   const float* b, idx ldb, float beta, float* c, idx ldc) override {
        if (fmt == LowPrecision::fp32 || m <= 0 || n <= 0 || k <= 0) {
            fp32_->gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        // Operands rounded to 16 bits, then tensor cores with FP32 sums. Copies with leading
        // dimensions a multiple of 8 and 256-byte aligned starts, as the tensor cores want.
        const idx ar = ta == Op::no_trans ? m : k, ac = ta == Op::no_trans ? k : m;
        const idx br = tb == Op::no_trans ? k : n, bc = tb == Op::no_trans ? n : k;
        const idx lda16 = (ar + 7) / 8 * 8, ldb16 = (br + 7) / 8 * 8;
        const std::size_t a_bytes = (std::size_t(lda16 * ac) * 2 + 255) / 256 * 256, b_bytes = std::size_t(ldb16 * bc) * 2;
        auto* a16 = static_cast<char*>(lowp_->get(a_bytes + b_bytes));
        void* b16 = a16 + a_bytes;
        cuda::round_to_16(stream_, fmt, ar, ac, a, lda, a16, lda16);
        cuda::round_to_16(stream_, fmt, br, bc, b, ldb, b16, ldb16);
        const cudaDataType_t type = fmt == LowPrecision::bf16 ? CUDA_R_16BF : CUDA_R_16F;
        check(cublasGemmEx_64(blas_, cuda::op(ta), cuda::op(tb), m, n, k, &alpha, a16, type, lda16, b16, type, ldb16,
                              &beta, c, CUDA_R_32F, ldc, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT),
              "cublasGemmEx");
    }
    idx getrf_nopiv(idx n, float* a, idx lda) override {
        if (n <= 0) return 0;
        if (lda > INT_MAX) throw Error("getrf_nopiv: leading dimension beyond cuSOLVER's 32-bit range");
        int lwork = 0;
        check(cusolverDnSgetrf_bufferSize(solver_, int(n), int(n), a, int(lda), &lwork), "cusolverDnSgetrf_bufferSize");
        auto* work = static_cast<char*>(getrf_->get(std::size_t(lwork) * sizeof(float) + sizeof(int)));
        int* info = reinterpret_cast<int*>(work + std::size_t(lwork) * sizeof(float));
        // No pivot array: no pivoting.
        check(cusolverDnSgetrf(solver_, int(n), int(n), a, int(lda), reinterpret_cast<float*>(work), nullptr, info),
              "cusolverDnSgetrf");
        // The first pivot that is zero or not finite, as the CPU backend reports it.
        std::vector<float> diagonal(static_cast<std::size_t>(n));
        check(cudaMemcpy2DAsync(diagonal.data(), sizeof(float), a, std::size_t(lda + 1) * sizeof(float), sizeof(float),
                                std::size_t(n), cudaMemcpyDeviceToHost, stream_),
              "cudaMemcpy2DAsync (diagonal)");
        synchronize();
        for (idx j = 0; j < n; ++j)
            if (diagonal[std::size_t(j)] == 0.0f || !std::isfinite(diagonal[std::size_t(j)])) return j + 1;
        return 0;
    }
    void convert(Op ta, idx m, idx n, const double* a, idx lda, float* b, idx ldb) override {
        cuda::convert(stream_, ta, m, n, a, lda, b, ldb);
    }
    std::string lowp_gemm_kind(LowPrecision fmt) const override {
        switch (fmt) {
            case LowPrecision::bf16: return "bf16 tensor cores (cublasGemmEx, FP32 sums)";
            case LowPrecision::fp16: return "fp16 tensor cores (cublasGemmEx, FP32 sums)";
            default: return "cuBLAS SGEMM";
        }
    }

    std::unique_ptr<SparseKernels> sparse_kernels() const override { return nullptr; }  // HPCG runs on the CPU
    void run_concurrently(int workers, const std::function<void(int)>& fn) override {
        if (workers != 1) throw Error("the cuda backend drives its GPU from one host thread");
        fn(0);
    }

private:
    int device_;
    cudaStream_t stream_{};
    cublasHandle_t blas_{};
    cusolverDnHandle_t solver_{};
    std::optional<cuda::CudaDense<double>> fp64_;
    std::optional<cuda::CudaDense<float>> fp32_;
    std::optional<DevicePivotSteps> pivot_;
    std::optional<cuda::Scratch> lowp_, getrf_;
    std::optional<cuda::NvmlEnergy> energy_;

    void synchronize_quietly() noexcept { cudaStreamSynchronize(stream_); }
};

}  // namespace

std::unique_ptr<Backend> make_cuda_backend(int) {
    int count = 0;
    const cudaError_t status = cudaGetDeviceCount(&count);
    if (status != cudaSuccess || count == 0)
        throw InputError(fmt::format("--backend cuda: no CUDA device here ({})",
                                     status != cudaSuccess ? cudaGetErrorString(status) : "none found"));
    return std::make_unique<CudaBackend>(node_local_rank() % count);
}

}  // namespace exa
