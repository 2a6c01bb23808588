// The GEMM ceiling on this machine, through the same backend HPL and HPL-MxP use:
//   dgemm_rate [N] [REPEATS] [THREADS] [d|s] [BACKEND] [K]  ->  "DGEMM N=... GFLOP/s=..."
//   (s: SGEMM, the ceiling of HPL-MxP's FP32 factorization; BACKEND: cpu (default) or cuda;
//   K: DGEMM of HPL's trailing-update shape, N x N -= N x K times K x N, K = NB)
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>

#include "backend/backend.hpp"
#include "probe/gemm_rate.hpp"

int main(int argc, char** argv) try {
    const long n = argc > 1 ? std::atol(argv[1]) : 4096;
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 3;
    const int threads = argc > 3 ? std::atoi(argv[3]) : 1;
    const bool single = argc > 4 && std::strcmp(argv[4], "s") == 0;
    const char* backend = argc > 5 ? argv[5] : "cpu";
    const long k = argc > 6 ? std::atol(argv[6]) : 0;
    auto be = exa::make_backend(backend, threads);
    const double gflops = k > 0    ? exa::probe::dgemm_update_gflops(*be, n, k, repeats)
                          : single ? exa::probe::sgemm_gflops(*be, n, repeats)
                                   : exa::probe::dgemm_gflops(*be, n, repeats);
    std::printf("%s N=%ld K=%ld threads=%d backend=%s GFLOP/s=%.2f\n", single ? "SGEMM" : "DGEMM", n, k > 0 ? k : n,
                threads, backend, gflops);
    return 0;
} catch (const std::exception& e) {
    std::fprintf(stderr, "dgemm_rate: %s\n", e.what());
    return 1;
}
