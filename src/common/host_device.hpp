#pragma once
// Functions whose logic runs on the host and inside GPU kernels alike: compiled for both by
// nvcc, plain inline functions elsewhere (and unit-tested there).
#if defined(__CUDACC__)
#define EXA_HOST_DEVICE __host__ __device__
#else
#define EXA_HOST_DEVICE
#endif
