#pragma once
#include "backend/backend.hpp"

namespace exa::probe {

/// Best rate (GFLOP/s) of `repeats` square DGEMMs of order n on this backend, after one
/// warm-up call: the ceiling HPL is measured against. n = 0: the backend's size (2048 on
/// the host, 8192 on a GPU, which smaller products leave idle).
double dgemm_gflops(Backend& be, idx n = 0, int repeats = 3);

/// The same with SGEMM: the ceiling of HPL-MxP's FP32 factorization.
double sgemm_gflops(Backend& be, idx n = 0, int repeats = 3);

/// DGEMM of HPL's trailing-update shape: C (n x n) -= A (n x k) B (k x n), k = NB.
double dgemm_update_gflops(Backend& be, idx n, idx k, int repeats = 3);

}  // namespace exa::probe
