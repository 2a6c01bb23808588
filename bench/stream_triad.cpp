// STREAM's triad a = b + s c on this machine, the memory-bandwidth yardstick of HPCG's
// roofline:  stream_triad [MiB per array] [repeats] [threads]  ->  "TRIAD ... GB/s=..."
// The arrays are on huge pages, as HPCG's matrix is: the yardstick is the best the memory gives.
#include <omp.h>

#include <cstdio>
#include <cstdlib>

#include "probe/memory_bandwidth.hpp"

int main(int argc, char** argv) {
    const long mib = argc > 1 ? std::atol(argv[1]) : 512;
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 10;
    const int threads = argc > 3 ? std::atoi(argv[3]) : omp_get_max_threads();
    const double gbs = exa::probe::triad_gbs(std::size_t(mib) << 20, repeats, threads);
    std::printf("TRIAD MiB=%ld threads=%d GB/s=%.2f\n", mib, threads, gbs);
    return 0;
}
