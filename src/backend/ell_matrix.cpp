#include "backend/ell_matrix.hpp"

#include <algorithm>
#include <numeric>

namespace exa {

std::int64_t EllMatrix::nonzeros() const {
    return std::accumulate(row_nnz.begin(), row_nnz.end(), std::int64_t{0});
}

EllMatrix pick_rows(const EllMatrix& a, std::span<const local_int> rows) {
    EllMatrix p;
    p.nrow = local_int(rows.size());
    p.ncol = a.ncol;
    p.width = a.width;
    const auto w = std::size_t(a.width);
    p.row_nnz.resize(rows.size());
    p.diag_slot.resize(rows.size());
    p.values.resize(rows.size() * w);
    p.cols.resize(rows.size() * w);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto r = std::size_t(rows[i]);
        p.row_nnz[i] = a.row_nnz[r];
        p.diag_slot[i] = a.diag_slot[r];
        std::copy_n(a.values.begin() + std::ptrdiff_t(r * w), w, p.values.begin() + std::ptrdiff_t(i * w));
        std::copy_n(a.cols.begin() + std::ptrdiff_t(r * w), w, p.cols.begin() + std::ptrdiff_t(i * w));
    }
    return p;
}

}  // namespace exa
