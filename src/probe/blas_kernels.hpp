#pragma once
// Which kernels the BLAS runs, beside what the CPU can do. A BLAS that does not know a CPU
// model falls back to old kernels (Debian 12's OpenBLAS 0.3.21 runs its SSE3 "Prescott"
// kernels on some AVX-512 Xeons, a fifth of their DGEMM rate): these facts let every run say
// so, and say what would use the CPU fully.
#include <string>
#include <vector>

namespace exa::probe {

/// Vector instruction sets, each extending the one before on its architecture.
enum class Isa { unknown, sse2, sse3, sse4, avx, avx2, avx512, asimd, sve, sve2 };
const char* isa_name(Isa i);  // "SSE3", "AVX-512", "SVE", ...

/// The CPU's widest vector instruction set, and the extras that matter to GEMM.
struct CpuIsa {
    Isa isa = Isa::unknown;
    std::vector<std::string> extras;  ///< "AMX", "AVX512-BF16", "AVX512-FP16", "FMA", ...
    [[nodiscard]] std::string describe() const;  ///< "AVX-512 + AMX + AVX512-BF16"
};
/// From /proc/cpuinfo's "flags" (x86) or "Features" (Arm) line.
CpuIsa cpu_isa_from_cpuinfo(const std::string& cpuinfo);
CpuIsa detect_cpu_isa();

/// The BLAS that runs, and its kernel set.
struct BlasKernels {
    std::string library;   ///< "OpenBLAS", "Intel MKL", "BLIS", or the file holding dgemm_
    std::string version;   ///< "0.3.21"
    std::string kernels;   ///< OpenBLAS's core name ("SkylakeX"), BLIS's configuration, MKL's
    Isa isa = Isa::unknown;  ///< what those kernels use, where known
    std::string config;    ///< the library's own description (OpenBLAS: its build config)
    [[nodiscard]] std::string describe() const;  ///< "OpenBLAS 0.3.21, SkylakeX kernels (AVX-512)"
};
BlasKernels detect_blas();
/// The instruction set of OpenBLAS's kernels of that core name (any case); unknown if new.
Isa openblas_core_isa(const std::string& core);

/// Whether the BLAS runs below the CPU, and the setting that would use the CPU's own kernels.
struct KernelAdvice {
    bool below = false;
    std::string coretype;  ///< e.g. "SkylakeX": OPENBLAS_CORETYPE's value; empty if none fits
};
KernelAdvice advise(const BlasKernels& blas, const CpuIsa& cpu);

}  // namespace exa::probe
