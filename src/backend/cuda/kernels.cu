// The CUDA backend's own kernels. Bodies shared with the CPU backend come from
// backend/kernels/ and common/hpl_generator.hpp; what is here is the launch around them.
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <algorithm>

#include "backend/cuda/check.hpp"
#include "backend/cuda/kernels.hpp"
#include "backend/kernels/pivot.hpp"

namespace exa::cuda {
namespace {

constexpr int threads_per_block = 256;
static_assert((threads_per_block & (threads_per_block - 1)) == 0, "the tree reduction halves the block");

unsigned blocks_for(idx n) {
    return unsigned(std::clamp<idx>((n + threads_per_block - 1) / threads_per_block, 1, 65535));
}

void check_launch(const char* what) { check(cudaGetLastError(), what); }

// Entry i of column k: i over x, k over y, both grid-strided.
template <class T>
__global__ void gather_kernel(idx count, const idx* cols, idx m, const T* a, idx lda, T* b, idx ldb) {
    for (idx k = blockIdx.y; k < count; k += gridDim.y)
        for (idx i = blockIdx.x * idx(blockDim.x) + threadIdx.x; i < m; i += idx(gridDim.x) * blockDim.x)
            b[i + k * ldb] = a[i + cols[k] * lda];
}
template <class T>
__global__ void scatter_kernel(idx count, const idx* cols, idx m, const T* b, idx ldb, T* a, idx lda) {
    for (idx k = blockIdx.y; k < count; k += gridDim.y)
        for (idx i = blockIdx.x * idx(blockDim.x) + threadIdx.x; i < m; i += idx(gridDim.x) * blockDim.x)
            a[i + cols[k] * lda] = b[i + k * ldb];
}
template <class T>
__global__ void copy_columns_kernel(idx count, const idx* from, const idx* to, idx m, T* a, idx lda) {
    for (idx k = blockIdx.y; k < count; k += gridDim.y)
        for (idx i = blockIdx.x * idx(blockDim.x) + threadIdx.x; i < m; i += idx(gridDim.x) * blockDim.x)
            a[i + to[k] * lda] = a[i + from[k] * lda];
}

dim3 column_grid(idx m, idx count) {
    return dim3(std::min(blocks_for(m), 64u), unsigned(std::clamp<idx>(count, 1, 65535)));
}

// One thread per run of nb entries of a local row.
__global__ void fill_hpl_kernel(HplFill f, double* a, idx ld) {
    const idx mp = f.rows.count(), nq = f.cols.count(), nb = f.rows.nb;
    const idx runs = (nq + nb - 1) / nb;
    for (idx r = blockIdx.y; r < runs; r += gridDim.y) {
        const idx jl = r * nb;
        for (idx il = blockIdx.x * idx(blockDim.x) + threadIdx.x; il < mp; il += idx(gridDim.x) * blockDim.x)
            f.generator.row_run(f.rows.global(il), f.cols.global(jl), nq - jl < nb ? nq - jl : nb, a + il * ld + jl);
    }
}

__global__ void row_abs_sums_kernel(idx m, idx n, const double* a, idx lda, double* row_sums) {
    for (idx i = blockIdx.x * idx(blockDim.x) + threadIdx.x; i < m; i += idx(gridDim.x) * blockDim.x) {
        double s = 0;
        for (idx j = 0; j < n; ++j) s += fabs(a[i + j * lda]);
        row_sums[i] = s;
    }
}

__global__ void col_abs_sums_kernel(idx m, idx n, const double* a, idx lda, double* col_sums) {
    __shared__ double part[threads_per_block];
    for (idx j = blockIdx.x; j < n; j += gridDim.x) {
        double s = 0;
        for (idx i = threadIdx.x; i < m; i += blockDim.x) s += fabs(a[i + j * lda]);
        part[threadIdx.x] = s;
        __syncthreads();
        for (unsigned w = blockDim.x / 2; w > 0; w /= 2) {
            if (threadIdx.x < w) part[threadIdx.x] += part[threadIdx.x + w];
            __syncthreads();
        }
        if (threadIdx.x == 0) col_sums[j] = part[0];
        __syncthreads();
    }
}

__global__ void convert_kernel(bool trans, idx m, idx n, const double* a, idx lda, float* b, idx ldb) {
    const idx total = m * n;
    for (idx t = blockIdx.x * idx(blockDim.x) + threadIdx.x; t < total; t += idx(gridDim.x) * blockDim.x) {
        const idx i = t % m, j = t / m;
        b[i + j * ldb] = float(trans ? a[j + i * lda] : a[i + j * lda]);
    }
}

template <class Half, class Round>
__global__ void round_kernel(idx rows, idx cols, const float* a, idx lda, Half* out, idx ldo, Round round) {
    const idx total = rows * cols;
    for (idx t = blockIdx.x * idx(blockDim.x) + threadIdx.x; t < total; t += idx(gridDim.x) * blockDim.x) {
        const idx i = t % rows, j = t / rows;
        out[i + j * ldo] = round(a[i + j * lda]);
    }
}

// One block: each thread keeps its best candidate, then a tree of `wins` picks the block's.
constexpr int pivot_threads = 1024;
static_assert((pivot_threads & (pivot_threads - 1)) == 0, "the tree reduction halves the block");

__global__ void __launch_bounds__(pivot_threads) pivot_find_kernel(PanelView pn, idx j, double* msg) {
    __shared__ double abs_of[pivot_threads];
    __shared__ idx pos_of[pivot_threads];
    pivot::Candidate best;
    for (idx pos = threadIdx.x, n = pivot::search_length(pn, j); pos < n; pos += blockDim.x) {
        const pivot::Candidate c = pivot::candidate(pn, j, pos);
        if (pivot::wins(c, best)) best = c;
    }
    abs_of[threadIdx.x] = best.abs;
    pos_of[threadIdx.x] = best.pos;
    __syncthreads();
    for (unsigned w = blockDim.x / 2; w > 0; w /= 2) {
        if (threadIdx.x < w) {
            const pivot::Candidate other{abs_of[threadIdx.x + w], pos_of[threadIdx.x + w]};
            if (pivot::wins(other, pivot::Candidate{abs_of[threadIdx.x], pos_of[threadIdx.x]})) {
                abs_of[threadIdx.x] = other.abs;
                pos_of[threadIdx.x] = other.pos;
            }
        }
        __syncthreads();
    }
    const pivot::Candidate winner = pivot::settled({abs_of[0], pos_of[0]});
    const idx win = winner.pos;
    if (threadIdx.x == 0) {
        msg[0] = winner.abs;
        msg[1] = double(win);
    }
    for (idx c = threadIdx.x; c < pn.jb; c += blockDim.x) msg[2 + c] = *pivot::at(pn, j, win, c);
}

__global__ void __launch_bounds__(pivot_threads) pivot_exchange_kernel(PanelView pn, idx j, idx prow, idx l_hit, const double* msg_row, double inv) {
    for (idx c = threadIdx.x; c < pn.jb; c += blockDim.x) pivot::exchange_entry(pn, j, prow, l_hit, msg_row, c);
    __syncthreads();  // the scaling reads the exchanged column j
    if (inv == 0.0) return;
    for (idx t = threadIdx.x, n = pivot::search_length(pn, j) - 1; t < n; t += blockDim.x)
        pivot::scale_entry(pn, j, inv, t);
}

struct ToBf16 {
    __device__ __nv_bfloat16 operator()(float x) const { return __float2bfloat16_rn(x); }
};
struct ToFp16 {
    __device__ __half operator()(float x) const { return __float2half_rn(x); }
};

}  // namespace

template <class T>
void gather_columns(cudaStream_t s, idx count, const idx* cols, idx m, const T* a, idx lda, T* b, idx ldb) {
    if (count <= 0 || m <= 0) return;
    gather_kernel<<<column_grid(m, count), threads_per_block, 0, s>>>(count, cols, m, a, lda, b, ldb);
    check_launch("gather_columns");
}
template <class T>
void scatter_columns(cudaStream_t s, idx count, const idx* cols, idx m, const T* b, idx ldb, T* a, idx lda) {
    if (count <= 0 || m <= 0) return;
    scatter_kernel<<<column_grid(m, count), threads_per_block, 0, s>>>(count, cols, m, b, ldb, a, lda);
    check_launch("scatter_columns");
}
template <class T>
void copy_columns(cudaStream_t s, idx count, const idx* from, const idx* to, idx m, T* a, idx lda) {
    if (count <= 0 || m <= 0) return;
    copy_columns_kernel<<<column_grid(m, count), threads_per_block, 0, s>>>(count, from, to, m, a, lda);
    check_launch("copy_columns");
}
template void gather_columns<double>(cudaStream_t, idx, const idx*, idx, const double*, idx, double*, idx);
template void gather_columns<float>(cudaStream_t, idx, const idx*, idx, const float*, idx, float*, idx);
template void scatter_columns<double>(cudaStream_t, idx, const idx*, idx, const double*, idx, double*, idx);
template void scatter_columns<float>(cudaStream_t, idx, const idx*, idx, const float*, idx, float*, idx);
template void copy_columns<double>(cudaStream_t, idx, const idx*, const idx*, idx, double*, idx);
template void copy_columns<float>(cudaStream_t, idx, const idx*, const idx*, idx, float*, idx);

void fill_hpl(cudaStream_t s, const HplFill& fill, double* a, idx ld) {
    const idx mp = fill.rows.count(), nq = fill.cols.count();
    if (mp <= 0 || nq <= 0) return;
    const idx runs = (nq + fill.rows.nb - 1) / fill.rows.nb;
    const dim3 grid(blocks_for(mp), unsigned(std::clamp<idx>(runs, 1, 65535)));
    fill_hpl_kernel<<<grid, threads_per_block, 0, s>>>(fill, a, ld);
    check_launch("fill_hpl");
}

void abs_sums(cudaStream_t s, idx m, idx n, const double* a, idx lda, double* row_sums, double* col_sums) {
    if (m <= 0 || n <= 0) {
        if (row_sums && m > 0) check(cudaMemsetAsync(row_sums, 0, std::size_t(m) * sizeof(double), s), "abs_sums");
        if (col_sums && n > 0) check(cudaMemsetAsync(col_sums, 0, std::size_t(n) * sizeof(double), s), "abs_sums");
        return;
    }
    if (row_sums) row_abs_sums_kernel<<<blocks_for(m), threads_per_block, 0, s>>>(m, n, a, lda, row_sums);
    if (col_sums)
        col_abs_sums_kernel<<<unsigned(std::clamp<idx>(n, 1, 65535)), threads_per_block, 0, s>>>(m, n, a, lda, col_sums);
    check_launch("abs_sums");
}

void convert(cudaStream_t s, Op ta, idx m, idx n, const double* a, idx lda, float* b, idx ldb) {
    if (m <= 0 || n <= 0) return;
    convert_kernel<<<blocks_for(m * n), threads_per_block, 0, s>>>(ta == Op::trans, m, n, a, lda, b, ldb);
    check_launch("convert");
}

void round_to_16(cudaStream_t s, LowPrecision fmt, idx rows, idx cols, const float* a, idx lda, void* out, idx ldo) {
    if (rows <= 0 || cols <= 0) return;
    if (fmt == LowPrecision::bf16)
        round_kernel<<<blocks_for(rows * cols), threads_per_block, 0, s>>>(rows, cols, a, lda,
                                                                             static_cast<__nv_bfloat16*>(out), ldo, ToBf16{});
    else
        round_kernel<<<blocks_for(rows * cols), threads_per_block, 0, s>>>(rows, cols, a, lda,
                                                                             static_cast<__half*>(out), ldo, ToFp16{});
    check_launch("round_to_16");
}

void pivot_find(cudaStream_t s, const PanelView& pn, idx j, double* msg) {
    pivot_find_kernel<<<1, pivot_threads, 0, s>>>(pn, j, msg);
    check_launch("pivot_find");
}

void pivot_exchange(cudaStream_t s, const PanelView& pn, idx j, idx prow, idx l_hit, const double* msg_row, double inv) {
    pivot_exchange_kernel<<<1, pivot_threads, 0, s>>>(pn, j, prow, l_hit, msg_row, inv);
    check_launch("pivot_exchange");
}

}  // namespace exa::cuda
