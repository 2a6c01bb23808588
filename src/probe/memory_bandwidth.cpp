#include "probe/memory_bandwidth.hpp"

#include <omp.h>

#include <algorithm>

#include "common/error.hpp"
#include "common/matrix_storage.hpp"
#include "common/timer.hpp"

namespace exa::probe {

double triad_gbs(std::size_t bytes_per_array, int repeats, int threads) {
    const long n = long(bytes_per_array / sizeof(double));
    auto a = allocate_huge_array<double>(std::size_t(n), "triad"),
         b = allocate_huge_array<double>(std::size_t(n), "triad"),
         c = allocate_huge_array<double>(std::size_t(n), "triad");
#pragma omp parallel for schedule(static) num_threads(threads)
    for (long i = 0; i < n; ++i) {
        a[i] = 0;
        b[i] = 1;
        c[i] = 2;
    }
    double best = 1e30;
    const double s = 3.0;
    for (int r = 0; r < repeats; ++r) {
        const double t0 = wall_time();
#pragma omp parallel for schedule(static) num_threads(threads)
        for (long i = 0; i < n; ++i) a[i] = b[i] + s * c[i];
        best = std::min(best, wall_time() - t0);
    }
    if (a[n / 2] != 7.0) throw Error("triad: wrong result");  // keeps the loop honest
    return 24.0 * double(n) / best / 1e9;
}

}  // namespace exa::probe
