#pragma once
#include "backend/backend.hpp"

namespace exa::probe {

/// Best rate (GFLOP/s) of `repeats` square DGEMMs of order n on this backend, after one
/// warm-up call: the ceiling HPL is measured against.
double dgemm_gflops(Backend& be, idx n = 2048, int repeats = 3);

/// The same with SGEMM: the ceiling of HPL-MxP's FP32 factorization.
double sgemm_gflops(Backend& be, idx n = 2048, int repeats = 3);

}  // namespace exa::probe
