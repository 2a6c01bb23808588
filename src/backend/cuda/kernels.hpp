#pragma once
// The CUDA backend's own kernels (kernels.cu), each a launch on `stream` of a body that the
// CPU backend runs in loops (backend/kernels/, common/hpl_generator.hpp). Pointers are
// device memory unless named host.
#include <cuda_runtime.h>

#include "backend/backend.hpp"

namespace exa::cuda {

/// Column movement of DenseKernels: `cols`, `from`, `to` are device index lists.
template <class T>
void gather_columns(cudaStream_t s, idx count, const idx* cols, idx m, const T* a, idx lda, T* b, idx ldb);
template <class T>
void scatter_columns(cudaStream_t s, idx count, const idx* cols, idx m, const T* b, idx ldb, T* a, idx lda);
template <class T>
void copy_columns(cudaStream_t s, idx count, const idx* from, const idx* to, idx m, T* a, idx lda);

void fill_hpl(cudaStream_t s, const HplFill& fill, double* a, idx ld);
void abs_sums(cudaStream_t s, idx m, idx n, const double* a, idx lda, double* row_sums, double* col_sums);
void convert(cudaStream_t s, Op ta, idx m, idx n, const double* a, idx lda, float* b, idx ldb);
/// out (rows x cols, leading dimension ldo) = a rounded to fmt (bf16 or fp16), as 16-bit values.
void round_to_16(cudaStream_t s, LowPrecision fmt, idx rows, idx cols, const float* a, idx lda, void* out, idx ldo);

/// The pivot step (backend/kernels/pivot.hpp): column j's local winner into msg (device,
/// 2 + jb entries: |value|, search position, the row).
void pivot_find(cudaStream_t s, const PanelView& pn, idx j, double* msg);
/// The row exchange and scaling; msg_row is the pivot row on the device.
void pivot_exchange(cudaStream_t s, const PanelView& pn, idx j, idx prow, idx l_hit, const double* msg_row, double inv);

}  // namespace exa::cuda
