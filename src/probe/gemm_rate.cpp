#include "probe/gemm_rate.hpp"

#include <algorithm>
#include <vector>

#include "common/timer.hpp"

namespace exa::probe {
namespace {

idx size_for(const Backend& be, idx n) {
    if (n > 0) return n;
    return be.memory_space() == MemorySpace::device ? 8192 : 2048;
}

/// C (n x n) -= A (n x k) B (k x n).
template <class T>
double probe(Backend& be, idx n, idx k, int repeats) {
    const auto count = std::size_t(n * k), c_count = std::size_t(n * n);
    std::vector<T> a(count), b(count);
    for (std::size_t i = 0; i < count; ++i) {
        a[i] = T((i * 7919) % 1000) / T(1000) - T(0.5);
        b[i] = T((i * 104729) % 1000) / T(1000) - T(0.5);
    }
    // The operands in the backend's memory; the time ends when the queue is done.
    Buffer<T> da(be, count, "the GEMM probe", false), db(be, count, "the GEMM probe", false);
    Buffer<T> dc(be, c_count, "the GEMM probe");
    be.copy_from_host(da.data(), a.data(), count * sizeof(T));
    be.copy_from_host(db.data(), b.data(), count * sizeof(T));
    double best = 0;
    for (int r = 0; r <= repeats; ++r) {
        be.synchronize();
        const double t0 = wall_time();
        be.dense<T>().gemm(Op::no_trans, Op::no_trans, n, n, k, T(-1), da.data(), n, db.data(), k, T(1), dc.data(), n);
        be.synchronize();
        const double s = wall_time() - t0;
        if (r > 0) best = std::max(best, 2.0 * double(n) * double(n) * double(k) / s / 1e9);
    }
    return best;
}

}  // namespace

double dgemm_gflops(Backend& be, idx n, int repeats) {
    n = size_for(be, n);
    return probe<double>(be, n, n, repeats);
}
double sgemm_gflops(Backend& be, idx n, int repeats) {
    n = size_for(be, n);
    return probe<float>(be, n, n, repeats);
}
double dgemm_update_gflops(Backend& be, idx n, idx k, int repeats) { return probe<double>(be, n, k, repeats); }

}  // namespace exa::probe
