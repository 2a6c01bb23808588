#include "hpl/local_matrix.hpp"

#include "common/matrix_storage.hpp"

namespace exa::hpl {

idx LocalMatrix::leading_dimension(idx cols, idx align) {
    return padded_leading_dimension(cols, align);
}

std::uint64_t LocalMatrix::bytes_needed(std::int64_t n, std::int64_t nb, int p, int q, int my_row,
                                        int my_col, std::int64_t align) {
    const layout::BlockCyclic1D rows{n, nb, p, my_row};
    const layout::BlockCyclic1D cols{n + 1, nb, q, my_col};
    const auto ld = std::uint64_t(leading_dimension(cols.count(), align));
    return ld * std::uint64_t(std::max<idx>(1, rows.count())) * sizeof(double);
}

LocalMatrix::LocalMatrix(std::int64_t n, std::int64_t nb, const layout::ProcessGrid& grid,
                         std::int64_t align, Backend& be)
    : n_(n),
      rows_{n, nb, grid.p(), grid.my_row()},
      cols_{n + 1, nb, grid.q(), grid.my_col()},
      ld_(leading_dimension(cols_.count(), align)),
      data_(be, std::size_t(ld_) * std::size_t(std::max<idx>(1, rows_.count())), "the matrix", false) {}

void LocalMatrix::generate(const MatrixGenerator& gen) { backend().fill_hpl({gen, rows_, cols_}, data(), ld_); }

}  // namespace exa::hpl
