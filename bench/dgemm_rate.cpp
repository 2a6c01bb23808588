// The DGEMM ceiling on this machine, through the same backend HPL uses:
//   dgemm_rate [N] [REPEATS] [THREADS]  ->  prints "DGEMM N=... threads=... GFLOP/s=..."
#include <cstdio>
#include <cstdlib>

#include "backend/backend.hpp"
#include "backend/gemm_probe.hpp"

int main(int argc, char** argv) {
    const long n = argc > 1 ? std::atol(argv[1]) : 4096;
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 3;
    const int threads = argc > 3 ? std::atoi(argv[3]) : 1;
    auto be = exa::make_cpu_backend(threads);
    const double gflops = exa::probe_gemm_gflops(*be, n, repeats);
    std::printf("DGEMM N=%ld threads=%d GFLOP/s=%.2f\n", n, threads, gflops);
    return 0;
}
