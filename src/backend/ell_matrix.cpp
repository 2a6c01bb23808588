#include "backend/ell_matrix.hpp"

#include <algorithm>
#include <numeric>

namespace exa {

std::int64_t EllMatrix::nonzeros() const {
    return std::accumulate(row_nnz.begin(), row_nnz.end(), std::int64_t{0});
}

void EllMatrix::split_rows_for_sweeps(local_int window) {
    const std::size_t w = std::size_t(width);
    near_lower.assign(std::size_t(nrow), 0);
    near_upper.assign(std::size_t(nrow), 0);
    std::vector<double> v(w);
    std::vector<local_int> c(w);
    for (local_int i = 0; i < nrow; ++i) {
        const std::size_t base = std::size_t(i) * w;
        const int nnz = row_nnz[std::size_t(i)];
        // 0: far (halo columns included: no sweep here updates them), 1: lower, 2: upper;
        // a stable pass per part keeps each part in its original order.
        auto part = [&](local_int j) {
            if (j >= nrow || j == i || j < i - window || j > i + window) return 0;
            return j < i ? 1 : 2;
        };
        int slot = 0;
        for (int p = 0; p < 3; ++p) {
            if (p == 1) near_lower[std::size_t(i)] = std::uint8_t(slot);
            if (p == 2) near_upper[std::size_t(i)] = std::uint8_t(slot);
            for (int k = 0; k < nnz; ++k) {
                const local_int j = cols[base + std::size_t(k)];
                if (part(j) != p) continue;
                if (j == i) diag_slot[std::size_t(i)] = std::uint8_t(slot);
                v[std::size_t(slot)] = values[base + std::size_t(k)];
                c[std::size_t(slot)] = j;
                ++slot;
            }
        }
        std::copy_n(v.begin(), nnz, values.begin() + std::ptrdiff_t(base));
        std::copy_n(c.begin(), nnz, cols.begin() + std::ptrdiff_t(base));
    }
}

}  // namespace exa
