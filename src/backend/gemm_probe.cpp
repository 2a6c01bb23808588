#include "backend/gemm_probe.hpp"

#include <algorithm>
#include <chrono>
#include <vector>

namespace exa {

double probe_gemm_gflops(Backend& be, idx n, int repeats) {
    std::vector<double> a(std::size_t(n * n)), b(std::size_t(n * n)), c(std::size_t(n * n), 0.0);
    for (std::size_t i = 0; i < a.size(); ++i) {
        a[i] = double((i * 7919) % 1000) / 1000.0 - 0.5;
        b[i] = double((i * 104729) % 1000) / 1000.0 - 0.5;
    }
    double best = 0;
    for (int r = 0; r <= repeats; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        be.gemm(Op::no_trans, Op::no_trans, n, n, n, -1.0, a.data(), n, b.data(), n, 1.0, c.data(), n);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (r > 0) best = std::max(best, 2.0 * double(n) * double(n) * double(n) / s / 1e9);
    }
    return best;
}

}  // namespace exa
