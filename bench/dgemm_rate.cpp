// The GEMM ceiling on this machine, through the same backend HPL and HPL-MxP use:
//   dgemm_rate [N] [REPEATS] [THREADS] [d|s]  ->  "DGEMM N=... threads=... GFLOP/s=..."
//   (s: SGEMM, the ceiling of HPL-MxP's FP32 factorization)
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "backend/backend.hpp"
#include "probe/gemm_rate.hpp"

int main(int argc, char** argv) {
    const long n = argc > 1 ? std::atol(argv[1]) : 4096;
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 3;
    const int threads = argc > 3 ? std::atoi(argv[3]) : 1;
    const bool single = argc > 4 && std::strcmp(argv[4], "s") == 0;
    auto be = exa::make_cpu_backend(threads);
    const double gflops = single ? exa::probe::sgemm_gflops(*be, n, repeats)
                                 : exa::probe::dgemm_gflops(*be, n, repeats);
    std::printf("%s N=%ld threads=%d GFLOP/s=%.2f\n", single ? "SGEMM" : "DGEMM", n, threads, gflops);
    return 0;
}
