#pragma once
// This process's part of HPL's N x (N+1) system [A | b], 2-D block-cyclic over the grid.
//
//   global [A|b], nb x nb blocks        process (r, c) of a 2 x 2 grid holds the blocks
//   +----+----+----+--                  whose block row % 2 == r and block column % 2 == c,
//   |0,0 |0,1 |0,0 |..                  packed together.
//   +----+----+----+--
//   |1,0 |1,1 |1,0 |..
//
// The local part is stored row-major (entry (il, jl) at il * ld + jl): HPL's row swaps then
// move whole rows of contiguous memory, where column-major storage reads a cache line for
// every entry of a scattered row. Column-major kernels see the storage as the local part's
// transpose, nq x mp with leading dimension ld.
#include <cstdint>
#include <memory>

#include "backend/backend.hpp"
#include "common/matrix_storage.hpp"
#include "common/hpl_generator.hpp"
#include "layout/block_cyclic.hpp"
#include "layout/process_grid.hpp"

namespace exa::hpl {

class LocalMatrix {
public:
    /// Room for this process's part in be's memory (filled by generate).
    LocalMatrix(std::int64_t n, std::int64_t nb, const layout::ProcessGrid& grid,
                std::int64_t align, Backend& be);
    /// Bytes a process at (my_row, my_col) needs for its part, before allocating it.
    static std::uint64_t bytes_needed(std::int64_t n, std::int64_t nb, int p, int q, int my_row,
                                      int my_col, std::int64_t align);

    /// Fills the local part with the generator's entries (the backend's fill).
    void generate(const MatrixGenerator& gen);

    [[nodiscard]] double* data() noexcept { return data_.data(); }
    [[nodiscard]] const double* data() const noexcept { return data_.data(); }
    [[nodiscard]] double* at(idx il, idx jl) noexcept { return data_.data() + il * ld_ + jl; }
    [[nodiscard]] Backend& backend() const noexcept { return *data_.backend(); }
    /// Distance between consecutive local rows (the transpose's leading dimension).
    [[nodiscard]] idx ld() const noexcept { return ld_; }
    [[nodiscard]] idx local_rows() const noexcept { return rows_.count(); }
    [[nodiscard]] idx local_cols() const noexcept { return cols_.count(); }
    [[nodiscard]] const layout::BlockCyclic1D& rows() const noexcept { return rows_; }
    [[nodiscard]] const layout::BlockCyclic1D& cols() const noexcept { return cols_; }
    [[nodiscard]] std::int64_t n() const noexcept { return n_; }
    [[nodiscard]] std::int64_t nb() const noexcept { return rows_.nb; }

    /// Row stride for rows of `cols` entries: padded to ALIGN, off powers of two, and an odd
    /// number of cache lines where ALIGN allows it.
    static idx leading_dimension(idx cols, idx align);

private:
    std::int64_t n_;
    layout::BlockCyclic1D rows_, cols_;
    idx ld_;
    Buffer<double> data_;
};

}  // namespace exa::hpl
