#pragma once
// STREAM's triad a = b + s c: the memory bandwidth yardstick (HPCG's roofline, the twin's
// calibration). Counted as STREAM counts it: 24 bytes per element, best of the repeats.
#include <cstddef>

namespace exa::probe {

/// GB/s of the triad over three arrays of `bytes_per_array` each (on huge pages, first
/// touched by the threads that stream them), on `threads` OpenMP threads.
double triad_gbs(std::size_t bytes_per_array, int repeats, int threads);

}  // namespace exa::probe
