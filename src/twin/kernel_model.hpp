#pragma once
// How long one process takes for each of HPL's local kernels. Two sources: the curves that
// `exabench calibrate` measured here, or a roofline (peak flops and memory bandwidth from a
// machine description) times an efficiency that falls off for small shapes.
#include <memory>

#include "probe/calibration.hpp"

namespace exa::twin {

class KernelModel {
public:
    virtual ~KernelModel() = default;
    /// C -= A B with C m x n and depth k.
    [[nodiscard]] virtual double gemm(double m, double n, double k) const = 0;
    /// B = L^-1 B, L unit lower m x m, B m x n.
    [[nodiscard]] virtual double trsm(double m, double n) const = 0;
    /// HPL's recursive panel factorization of rows x nb on one process, without the pivot
    /// exchanges between processes (the network model adds those).
    [[nodiscard]] virtual double panel(double rows, double nb) const = 0;
    /// Row interchanges: `rows` rows of `cols` entries gathered and moved locally.
    [[nodiscard]] virtual double row_swap(double rows, double cols) const = 0;
    /// A rows x cols block copied into the matrix, read once and written once (the update
    /// writes U back into the process row that holds the panel's top block).
    [[nodiscard]] virtual double copy(double rows, double cols) const = 0;
    /// y -= A x with A m x n (the back-solve; memory-bound).
    [[nodiscard]] virtual double gemv(double m, double n) const = 0;
    /// The row swaps of a process column of two on one node that give U of rows x cols,
    /// messages and waits included, where measured; 0 where not (then the local moves of
    /// row_swap and the network model's messages).
    [[nodiscard]] virtual double column_swap(double rows, double cols) const = 0;
};

/// A device known from its specification.
struct RooflineSpec {
    double gemm_gflops = 0;      ///< large-GEMM rate (peak x measured efficiency)
    double vector_gflops = 0;    ///< FP64 without matrix units (panel factorization)
    double memory_gbs = 0;       ///< device memory bandwidth
    double step_s = 0;           ///< one dependent step of the panel (a column)
    double half_mn = 32;         ///< m or n at which a GEMM reaches half its large-shape rate
    double half_k = 16;          ///< the same for the depth k
    /// Part of the matrix held across a host link (Grace-Hopper with the matrix in CPU
    /// memory too): the update streams it through the link.
    double host_fraction = 0;
    double host_link_gbs = 0;
    double element_bytes = 8;    ///< of the matrix: 4 for HPL-MxP's FP32 storage
};
std::unique_ptr<KernelModel> make_roofline_kernels(const RooflineSpec& spec);

/// The same process on HPL-MxP's lower-precision matrix: GEMM and TRSM `gemm_speedup` times
/// faster, the panel `panel_speedup` times, and row moves of `element_bytes` entries. For
/// measured kernels; a roofline takes the lower precision in its spec (the rates and bytes).
std::unique_ptr<KernelModel> make_low_precision_kernels(std::unique_ptr<KernelModel> fp64, double gemm_speedup,
                                                        double panel_speedup, double element_bytes);

/// One process of `threads` threads built from calibrated one-core curves; `share` is the
/// fraction of a core each thread gets (below 1 when processes outnumber cores). The model
/// refers to `cal`, which must outlive it.
std::unique_ptr<KernelModel> make_calibrated_kernels(const probe::Calibration& cal, int threads, double share);

}  // namespace exa::twin
