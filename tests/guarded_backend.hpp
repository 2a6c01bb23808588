#pragma once
// A test backend that behaves as a GPU's would to the code above it: the CPU backend's
// kernels over "device" memory that the host cannot touch. Every allocation is its own
// mapping, inaccessible (PROT_NONE) except while one of the backend's own calls runs, so
// an algorithm that reads or writes device memory directly, or hands it to MPI unstaged,
// dies with SIGSEGV here instead of on a GPU machine.
#include <sys/mman.h>
#include <unistd.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "backend/backend.hpp"
#include "backend/cpu/pivot_steps.hpp"
#include "backend/panel_factor.hpp"
#include "backend/sparse_kernels.hpp"
#include "common/error.hpp"

namespace exa::test {

/// The mappings of guarded memory and the calls that may touch them now.
class GuardedMemory {
public:
    void* map(std::size_t bytes) {
        const std::size_t len = round(bytes);
        void* p = mmap(nullptr, len, depth_ > 0 ? PROT_READ | PROT_WRITE : PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) throw Error("guarded backend: mmap failed for " + std::to_string(bytes) + " bytes");
        regions_[p] = len;
        return p;
    }
    void unmap(void* p) noexcept {
        if (auto it = regions_.find(p); it != regions_.end()) {
            munmap(p, it->second);
            regions_.erase(it);
        }
    }
    [[nodiscard]] bool holds(const void* p) const {
        auto it = regions_.upper_bound(const_cast<void*>(p));
        if (it == regions_.begin()) return false;
        --it;
        const auto* base = static_cast<const char*>(it->first);
        return static_cast<const char*>(p) < base + it->second;
    }
    /// Opens the memory for the duration of one backend call (nested calls share it).
    class Open {
    public:
        explicit Open(GuardedMemory& m) : m_(m) {
            if (m_.depth_++ == 0) m_.protect(PROT_READ | PROT_WRITE);
        }
        ~Open() {
            if (--m_.depth_ == 0) m_.protect(PROT_NONE);
        }
        Open(const Open&) = delete;
        Open& operator=(const Open&) = delete;

    private:
        GuardedMemory& m_;
    };

private:
    static std::size_t round(std::size_t bytes) {
        const auto page = std::size_t(sysconf(_SC_PAGESIZE));
        return (std::max<std::size_t>(bytes, 1) + page - 1) / page * page;
    }
    void protect(int prot) {
        for (const auto& [p, len] : regions_) mprotect(p, len, prot);
    }
    std::map<void*, std::size_t> regions_;
    int depth_ = 0;
};

template <class T>
class GuardedDense final : public DenseKernels<T> {
public:
    GuardedDense(DenseKernels<T>& inner, GuardedMemory& mem) : k_(inner), mem_(mem) {}
    using O = GuardedMemory::Open;
    void gemm(Op ta, Op tb, idx m, idx n, idx k, T al, const T* a, idx lda, const T* b, idx ldb, T be, T* c,
              idx ldc) override {
        O o(mem_);
        k_.gemm(ta, tb, m, n, k, al, a, lda, b, ldb, be, c, ldc);
    }
    void trsm(Side s, Uplo u, Op t, Diag d, idx m, idx n, T al, const T* a, idx lda, T* b, idx ldb) override {
        O o(mem_);
        k_.trsm(s, u, t, d, m, n, al, a, lda, b, ldb);
    }
    void gemv(Op t, idx m, idx n, T al, const T* a, idx lda, const T* x, idx ix, T be, T* y, idx iy) override {
        O o(mem_);
        k_.gemv(t, m, n, al, a, lda, x, ix, be, y, iy);
    }
    void trsv(Uplo u, Op t, Diag d, idx n, const T* a, idx lda, T* x, idx ix) override {
        O o(mem_);
        k_.trsv(u, t, d, n, a, lda, x, ix);
    }
    void ger(idx m, idx n, T al, const T* x, idx ix, const T* y, idx iy, T* a, idx lda) override {
        O o(mem_);
        k_.ger(m, n, al, x, ix, y, iy, a, lda);
    }
    void scal(idx n, T al, T* x, idx ix) override {
        O o(mem_);
        k_.scal(n, al, x, ix);
    }
    idx iamax(idx n, const T* x, idx ix) override {
        O o(mem_);
        return k_.iamax(n, x, ix);
    }
    void copy(idx n, const T* x, idx ix, T* y, idx iy) override {
        O o(mem_);
        k_.copy(n, x, ix, y, iy);
    }
    void swap(idx n, T* x, idx ix, T* y, idx iy) override {
        O o(mem_);
        k_.swap(n, x, ix, y, iy);
    }
    void lacpy(idx m, idx n, const T* a, idx lda, T* b, idx ldb) override {
        O o(mem_);
        k_.lacpy(m, n, a, lda, b, ldb);
    }
    void transpose(idx m, idx n, const T* a, idx lda, T* b, idx ldb) override {
        O o(mem_);
        k_.transpose(m, n, a, lda, b, ldb);
    }
    void gather_columns(idx count, const idx* cols, idx m, const T* a, idx lda, T* b, idx ldb) override {
        O o(mem_);
        k_.gather_columns(count, cols, m, a, lda, b, ldb);
    }
    void scatter_columns(idx count, const idx* cols, idx m, const T* b, idx ldb, T* a, idx lda) override {
        O o(mem_);
        k_.scatter_columns(count, cols, m, b, ldb, a, lda);
    }
    void copy_columns(idx count, const idx* from, const idx* to, idx m, T* a, idx lda) override {
        O o(mem_);
        k_.copy_columns(count, from, to, m, a, lda);
    }

private:
    DenseKernels<T>& k_;
    GuardedMemory& mem_;
};

class GuardedPivotSteps final : public PivotSteps {
public:
    explicit GuardedPivotSteps(GuardedMemory& mem) : mem_(mem) {}
    void find(const PanelView& pn, idx j, double* msg) override {
        GuardedMemory::Open o(mem_);
        steps_.find(pn, j, msg);
    }
    void exchange(const PanelView& pn, idx j, idx prow, idx l_hit, const double* msg, double inv) override {
        GuardedMemory::Open o(mem_);
        steps_.exchange(pn, j, prow, l_hit, msg, inv);
    }

private:
    GuardedMemory& mem_;
    cpu::HostPivotSteps steps_;
};

class GuardedBackend final : public Backend {
    using O = GuardedMemory::Open;

public:
    GuardedBackend() : cpu_(make_cpu_backend(1)), fp64_(cpu_->fp64(), mem_), fp32_(cpu_->fp32(), mem_), pivot_(mem_) {}
    std::string name() const override { return "guarded"; }
    void set_threads(int) override {}
    int threads() const override { return 1; }
    MemorySpace memory_space() const override { return MemorySpace::device; }
    DeviceMemory device_memory() const override { return {std::uint64_t(1) << 32, 0}; }
    bool in_device_memory(const void* p) const override { return mem_.holds(p); }
    /// A device's energy counter, as NVML's grows: 50 J more at each reading.
    double device_energy_joules() override { return energy_joules_ += 50; }
    void* allocate(std::size_t bytes, const char*) override { return mem_.map(bytes); }
    void deallocate(void* p) noexcept override { mem_.unmap(p); }
    void fill_zero(void* p, std::size_t bytes) override {
        O o(mem_);
        cpu_->fill_zero(p, bytes);
    }
    void copy_to_host(void* host, const void* mine, std::size_t bytes) override {
        O o(mem_);
        cpu_->copy_to_host(host, mine, bytes);
    }
    void copy_from_host(void* mine, const void* host, std::size_t bytes) override {
        O o(mem_);
        cpu_->copy_from_host(mine, host, bytes);
    }
    std::unique_ptr<Event> record() override { return cpu_->record(); }
    void synchronize() override {}
    DenseKernels<double>& fp64() override { return fp64_; }
    DenseKernels<float>& fp32() override { return fp32_; }
    idx factor_panel(const PanelView& panel, const PanelVariant& variant, const PivotExchange& exchange) override {
        return exa::factor_panel(fp64_, pivot_, panel, variant, exchange);
    }
    void fill_hpl(const HplFill& fill, double* a, idx ld) override {
        O o(mem_);
        cpu_->fill_hpl(fill, a, ld);
    }
    void abs_sums(idx m, idx n, const double* a, idx lda, double* rows, double* cols) override {
        O o(mem_);
        cpu_->abs_sums(m, n, a, lda, rows, cols);
    }
    void gemm_lowp(LowPrecision fmt, Op ta, Op tb, idx m, idx n, idx k, float al, const float* a, idx lda,
                   const float* b, idx ldb, float be, float* c, idx ldc) override {
        O o(mem_);
        cpu_->gemm_lowp(fmt, ta, tb, m, n, k, al, a, lda, b, ldb, be, c, ldc);
    }
    idx getrf_nopiv(idx n, float* a, idx lda) override {
        O o(mem_);
        return cpu_->getrf_nopiv(n, a, lda);
    }
    void convert(Op ta, idx m, idx n, const double* a, idx lda, float* b, idx ldb) override {
        O o(mem_);
        cpu_->convert(ta, m, n, a, lda, b, ldb);
    }
    std::string lowp_gemm_kind(LowPrecision fmt) const override { return cpu_->lowp_gemm_kind(fmt); }
    std::unique_ptr<SparseKernels> sparse_kernels() const override { return nullptr; }
    void run_concurrently(int workers, const std::function<void(int)>& fn) override {
        if (workers != 1) throw Error("guarded backend: one worker only");
        fn(0);
    }

private:
    GuardedMemory mem_;
    double energy_joules_ = 0;
    std::unique_ptr<Backend> cpu_;
    GuardedDense<double> fp64_;
    GuardedDense<float> fp32_;
    GuardedPivotSteps pivot_;
};

}  // namespace exa::test
