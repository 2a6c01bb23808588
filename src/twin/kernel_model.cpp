#include "twin/kernel_model.hpp"

#include <algorithm>
#include <cmath>

namespace exa::twin {
namespace {

class RooflineKernels final : public KernelModel {
public:
    explicit RooflineKernels(const RooflineSpec& s) : s_(s) {
        // gemm_gflops is the rate of a large square GEMM (8192^3): scale the shape factor to it.
        norm_ = shape(8192, 8192, 8192);
    }
    double gemm(double m, double n, double k) const override {
        if (m <= 0 || n <= 0 || k <= 0) return 0;
        const double rate = s_.gemm_gflops * 1e9 * shape(m, n, k) / norm_;
        const double compute = 2 * m * n * k / rate;
        // C is read and written through the host link for the part of it held there: the
        // reads and writes cross in opposite directions.
        const double stream = s_.host_fraction > 0 ? s_.host_fraction * m * n * s_.element_bytes / (s_.host_link_gbs * 1e9) : 0;
        return std::max(compute, stream);
    }
    double trsm(double m, double n) const override {
        if (m <= 0 || n <= 0) return 0;
        return gemm(m, n, m) / 2 + m * s_.step_s / 8;  // half of a GEMM's flops, in steps
    }
    double panel(double rows, double nb) const override {
        if (rows <= 0 || nb <= 0) return 0;
        // Each column: a dependent step; the panel is read about log2(nb) times by the
        // recursion; its flops (rows nb^2) run on vector units.
        const double passes = std::log2(std::max(2.0, nb)) + 1;
        const double bytes = rows * nb * s_.element_bytes * passes;
        const double flops = rows * nb * nb;
        return nb * s_.step_s + std::max(bytes / (s_.memory_gbs * 1e9), flops / (s_.vector_gflops * 1e9));
    }
    double row_swap(double rows, double cols) const override {
        if (rows <= 0 || cols <= 0) return 0;
        double t = rows * cols * s_.element_bytes * 4 / (s_.memory_gbs * 1e9);  // gather + move, read + write
        if (s_.host_fraction > 0)
            t = std::max(t, s_.host_fraction * rows * cols * s_.element_bytes / (s_.host_link_gbs * 1e9));
        return t;
    }
    double copy(double rows, double cols) const override {
        if (rows <= 0 || cols <= 0) return 0;
        double t = rows * cols * 2 * s_.element_bytes / (s_.memory_gbs * 1e9);
        if (s_.host_fraction > 0)
            t = std::max(t, s_.host_fraction * rows * cols * s_.element_bytes / (s_.host_link_gbs * 1e9));
        return t;
    }
    double gemv(double m, double n) const override {
        if (m <= 0 || n <= 0) return 0;
        return m * n * 8 / (s_.memory_gbs * 1e9) + s_.step_s;
    }
    double column_swap(double, double) const override { return 0; }

private:
    double shape(double m, double n, double k) const {
        return m / (m + s_.half_mn) * n / (n + s_.half_mn) * k / (k + s_.half_k);
    }
    RooflineSpec s_;
    double norm_;
};

class CalibratedKernels final : public KernelModel {
public:
    CalibratedKernels(const probe::Calibration& c, int threads, double share)
        : c_(c), t_(threads), share_(share) {}
    // Threads share a kernel's columns: each runs the kernel on n / t of them. A thin GEMM
    // runs at the square's rate of its smaller side (measured m x 64 to 512 for m = 1000 and
    // 3000 at depth 256, either way round: within 5%; at the harmonic size 2mn/(m+n) it read
    // up to 13% fast, and the threaded update's last pieces are 64 rows).
    double gemm(double m, double n, double k) const override {
        if (m <= 0 || n <= 0 || k <= 0) return 0;
        const double nt = std::max(1.0, n / t_);
        const double size = std::min(m, nt);
        double rate = c_.dgemm_gflops.at(size, k);
        // Below the smallest measured size the rate falls in proportion (fixed overheads).
        rate *= std::min(1.0, size / c_.dgemm_gflops.xs.front());
        return 2 * m * nt * k / (rate * 1e9 * share_);
    }
    double trsm(double m, double n) const override {
        if (m <= 0 || n <= 0) return 0;
        const double nt = std::max(1.0, n / t_);
        double rate = c_.dtrsm_gflops.at(nt, m) * std::min(1.0, nt / c_.dtrsm_gflops.xs.front());
        return m * m * nt / (rate * 1e9 * share_);
    }
    double panel(double rows, double nb) const override {
        if (rows <= 0 || nb <= 0) return 0;
        return c_.panel_time(rows, nb) / share_;
    }
    double row_swap(double rows, double cols) const override {
        if (rows <= 0 || cols <= 0) return 0;
        return rows * cols * 8 * 3 / (c_.row_swap_gbs * 1e9 * std::min<double>(t_, c_.cores) * share_);
    }
    double copy(double rows, double cols) const override {
        if (rows <= 0 || cols <= 0) return 0;
        return rows * cols * 16 / (c_.triad_gbs * 1e9 * std::min<double>(t_, c_.cores) * share_);
    }
    double gemv(double m, double n) const override {
        if (m <= 0 || n <= 0) return 0;
        // Older calibrations did not measure the back-solve's GEMV: the triad's rate then.
        const double gbs = c_.block_gemv_gbs > 0 ? c_.block_gemv_gbs : c_.triad_gbs;
        return m * n * 8 / (gbs * 1e9 * share_);
    }
    double column_swap(double rows, double cols) const override {
        const probe::Curve& rate = c_.column_swap_gbs;
        if (rows <= 0 || cols <= 0 || rate.empty()) return 0;
        // Processes sharing cores: the curve scaled to what a column of two on one core
        // measured (their copies and messages wait on each other, beyond half a core each).
        double slower = 1 / share_;
        if (share_ < 1 && c_.column_swap_shared_core_gbs > 0)
            slower = rate.at(probe::shared_swap_width, probe::shared_swap_nb) / c_.column_swap_shared_core_gbs;
        return rows * cols * 8 / (rate.at(cols, rows) * 1e9) * slower;
    }

private:
    const probe::Calibration& c_;
    double t_, share_;
};

class LowPrecisionKernels final : public KernelModel {
public:
    LowPrecisionKernels(std::unique_ptr<KernelModel> fp64, double gemm, double panel, double bytes)
        : k_(std::move(fp64)), gemm_(gemm), panel_(panel), bytes_(bytes / 8) {}
    double gemm(double m, double n, double k) const override { return k_->gemm(m, n, k) / gemm_; }
    double trsm(double m, double n) const override { return k_->trsm(m, n) / gemm_; }
    double panel(double rows, double nb) const override { return k_->panel(rows, nb) / panel_; }
    double row_swap(double rows, double cols) const override { return k_->row_swap(rows, cols) * bytes_; }
    double copy(double rows, double cols) const override { return k_->copy(rows, cols) * bytes_; }
    double gemv(double m, double n) const override { return k_->gemv(m, n); }
    double column_swap(double rows, double cols) const override { return k_->column_swap(rows, cols) * bytes_; }

private:
    std::unique_ptr<KernelModel> k_;
    double gemm_, panel_, bytes_;
};

}  // namespace

std::unique_ptr<KernelModel> make_low_precision_kernels(std::unique_ptr<KernelModel> fp64, double gemm_speedup,
                                                        double panel_speedup, double element_bytes) {
    return std::make_unique<LowPrecisionKernels>(std::move(fp64), gemm_speedup, panel_speedup, element_bytes);
}

std::unique_ptr<KernelModel> make_roofline_kernels(const RooflineSpec& spec) {
    return std::make_unique<RooflineKernels>(spec);
}

std::unique_ptr<KernelModel> make_calibrated_kernels(const probe::Calibration& cal, int threads, double share) {
    return std::make_unique<CalibratedKernels>(cal, std::max(1, threads), std::clamp(share, 1e-3, 1.0));
}

}  // namespace exa::twin
