// STREAM's triad a = b + s c on this machine, the memory-bandwidth yardstick of HPCG's
// roofline:  stream_triad [MiB per array] [repeats] [threads]  ->  "TRIAD ... GB/s=..."
// Counted as STREAM counts it: 24 bytes per element (two reads, one write), best of the repeats.
// The arrays are on huge pages, as HPCG's matrix is: the yardstick is the best the memory gives.
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "common/matrix_storage.hpp"

int main(int argc, char** argv) {
    const long mib = argc > 1 ? std::atol(argv[1]) : 512;
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 10;
    const int threads = argc > 3 ? std::atoi(argv[3]) : omp_get_max_threads();
    const long n = mib * (1l << 20) / long(sizeof(double));
    auto a = exa::allocate_huge_array<double>(std::size_t(n), "triad"),
         b = exa::allocate_huge_array<double>(std::size_t(n), "triad"),
         c = exa::allocate_huge_array<double>(std::size_t(n), "triad");
#pragma omp parallel for schedule(static) num_threads(threads)
    for (long i = 0; i < n; ++i) {  // first touch by the thread that will stream it
        a[i] = 0;
        b[i] = 1;
        c[i] = 2;
    }
    double best = 1e30;
    const double s = 3.0;
    for (int r = 0; r < repeats; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
#pragma omp parallel for schedule(static) num_threads(threads)
        for (long i = 0; i < n; ++i) a[i] = b[i] + s * c[i];
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    if (a[n / 2] != 7.0) return 1;  // keeps the loop honest
    std::printf("TRIAD MiB=%ld threads=%d GB/s=%.2f\n", mib, threads, 24.0 * double(n) / best / 1e9);
    return 0;
}
