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

SplitMatrix split_at_diagonal(const EllMatrix& a) {
    const auto n = std::size_t(a.nrow), w = std::size_t(a.width);
    // Where entry (i, j) goes: lower (local j < i), upper (local j > i), or neither (the
    // diagonal, placed apart; a halo column).
    enum class Part { lower, upper, neither };
    auto part = [n](std::size_t i, std::size_t j) {
        return j < i ? Part::lower : (j > i && j < n) ? Part::upper : Part::neither;
    };
    std::vector<std::uint8_t> below(n), above(n);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t k = 0; k < a.row_nnz[i]; ++k) {
            const Part p = part(i, std::size_t(a.cols[i * w + k]));
            if (p == Part::lower) ++below[i];
            else if (p == Part::upper) ++above[i];
        }
    auto shaped = [&](const std::vector<std::uint8_t>& count) {
        EllMatrix m;
        m.nrow = a.nrow;
        m.ncol = a.ncol;
        m.width = 1 + (n > 0 ? *std::max_element(count.begin(), count.end()) : 0);
        m.row_nnz.resize(n);
        m.diag_slot.resize(n);
        m.values.assign(n * std::size_t(m.width), 0.0);
        m.cols.resize(n * std::size_t(m.width));
        m.color_start = a.color_start;
        return m;
    };
    SplitMatrix s{shaped(below), shaped(above)};
    const auto wl = std::size_t(s.lower.width), wu = std::size_t(s.upper.width);
    for (std::size_t i = 0; i < n; ++i) {
        std::size_t l = i * wl, u = i * wu + 1;
        for (std::size_t k = 0; k < a.row_nnz[i]; ++k) {
            const local_int j = a.cols[i * w + k];
            const double v = a.values[i * w + k];
            const Part p = part(i, std::size_t(j));
            if (p == Part::lower) {
                s.lower.values[l] = v;
                s.lower.cols[l++] = j;
            } else if (p == Part::upper) {
                s.upper.values[u] = v;
                s.upper.cols[u++] = j;
            }
        }
        s.lower.row_nnz[i] = std::uint8_t(below[i] + 1);
        s.lower.diag_slot[i] = below[i];
        s.lower.values[l] = a.diagonal(local_int(i));
        s.lower.cols[l] = local_int(i);
        s.upper.row_nnz[i] = std::uint8_t(above[i] + 1);
        s.upper.diag_slot[i] = 0;
        s.upper.values[i * wu] = a.diagonal(local_int(i));
        s.upper.cols[i * wu] = local_int(i);
        // Unused slots point at the row itself: harmless if a kernel reads the whole width.
        for (std::size_t k = below[i] + 1; k < wl; ++k) s.lower.cols[i * wl + k] = local_int(i);
        for (std::size_t k = above[i] + 1; k < wu; ++k) s.upper.cols[i * wu + k] = local_int(i);
    }
    return s;
}

}  // namespace exa
