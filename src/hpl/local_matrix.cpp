#include "hpl/local_matrix.hpp"

#include <sys/mman.h>

#include <cstdlib>
#include <new>

#include "common/error.hpp"

namespace exa::hpl {

void LocalMatrix::FreeDeleter::operator()(double* p) const noexcept { std::free(p); }

idx LocalMatrix::leading_dimension(idx rows, idx align) {
    if (align < 1) align = 1;
    idx ld = std::max<idx>(1, ((rows + align - 1) / align) * align);
    // A power-of-two stride makes columns collide in cache sets.
    if (ld >= 64 && (ld & (ld - 1)) == 0) ld += align;
    return ld;
}

std::uint64_t LocalMatrix::bytes_needed(std::int64_t n, std::int64_t nb, int p, int q, int my_row,
                                        int my_col, std::int64_t align) {
    const layout::BlockCyclic1D rows{n, nb, p, my_row};
    const layout::BlockCyclic1D cols{n + 1, nb, q, my_col};
    const auto ld = std::uint64_t(leading_dimension(rows.count(), align));
    return ld * std::uint64_t(std::max<idx>(1, cols.count())) * sizeof(double);
}

LocalMatrix::LocalMatrix(std::int64_t n, std::int64_t nb, const layout::ProcessGrid& grid,
                         std::int64_t align)
    : n_(n),
      rows_{n, nb, grid.p(), grid.my_row()},
      cols_{n + 1, nb, grid.q(), grid.my_col()},
      lda_(leading_dimension(rows_.count(), align)) {
    const std::size_t bytes =
        std::size_t(lda_) * std::size_t(std::max<idx>(1, cols_.count())) * sizeof(double);
    // 2 MiB alignment and huge pages: the row swaps touch rows scattered over the whole
    // matrix, and with 4 KiB pages nearly every one of them misses the TLB.
    constexpr std::size_t huge = std::size_t(1) << 21;
    const std::size_t rounded = (bytes + huge - 1) / huge * huge;
    void* p = std::aligned_alloc(huge, rounded);
    if (!p) throw Error("cannot allocate " + std::to_string(bytes >> 20) + " MiB for the matrix");
    madvise(p, rounded, MADV_HUGEPAGE);  // advice only: fine if the kernel says no
    data_.reset(static_cast<double*>(p));
}

void LocalMatrix::generate(const MatrixGenerator& gen) {
    const idx mp = rows_.count(), nq = cols_.count(), nb = rows_.nb;
#pragma omp parallel for schedule(static)
    for (idx jl = 0; jl < nq; ++jl) {
        const idx j = cols_.global(jl);
        for (idx il = 0; il < mp; il += nb) {
            const idx len = std::min(nb, mp - il);
            gen.column_run(rows_.global(il), j, len, at(il, jl));
        }
    }
}

}  // namespace exa::hpl
