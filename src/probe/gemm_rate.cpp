#include "probe/gemm_rate.hpp"

#include <algorithm>
#include <vector>

#include "common/timer.hpp"

namespace exa::probe {
namespace {

template <class T>
double probe(Backend& be, idx n, int repeats) {
    std::vector<T> a(std::size_t(n * n)), b(std::size_t(n * n)), c(std::size_t(n * n), T(0));
    for (std::size_t i = 0; i < a.size(); ++i) {
        a[i] = T((i * 7919) % 1000) / T(1000) - T(0.5);
        b[i] = T((i * 104729) % 1000) / T(1000) - T(0.5);
    }
    double best = 0;
    for (int r = 0; r <= repeats; ++r) {
        const double t0 = wall_time();
        be.dense<T>().gemm(Op::no_trans, Op::no_trans, n, n, n, T(-1), a.data(), n, b.data(), n, T(1), c.data(), n);
        const double s = wall_time() - t0;
        if (r > 0) best = std::max(best, 2.0 * double(n) * double(n) * double(n) / s / 1e9);
    }
    return best;
}

}  // namespace

double dgemm_gflops(Backend& be, idx n, int repeats) { return probe<double>(be, n, repeats); }
double sgemm_gflops(Backend& be, idx n, int repeats) { return probe<float>(be, n, repeats); }

}  // namespace exa::probe
