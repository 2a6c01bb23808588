#include "backend/ell_matrix.hpp"

#include <algorithm>
#include <cstdlib>
#include <numeric>
#include <utility>

namespace exa {

std::int64_t EllMatrix::nonzeros() const {
    return std::accumulate(row_nnz.begin(), row_nnz.end(), std::int64_t{0});
}

void order_for_sweeps(EllMatrix& a) {
    const auto w = std::size_t(a.width), n = std::size_t(a.nrow);
    // Rows with the same pattern relative to their diagonal (the columns minus the row, all
    // local) take the same order: a row like the one before it reuses its permutation.
    std::vector<std::int64_t> keyed(w), pattern(w), last_pattern;
    std::vector<std::size_t> order(w);
    std::vector<double> values(w);
    std::vector<local_int> cols(w);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t at = i * w, nnz = a.row_nnz[i];
        bool local = true;
        for (std::size_t k = 0; k < nnz; ++k) {
            const auto j = std::size_t(a.cols[at + k]);
            pattern[k] = std::int64_t(j) - std::int64_t(i);
            local = local && j < n;
        }
        if (!local || last_pattern.size() != nnz ||
            !std::equal(last_pattern.begin(), last_pattern.end(), pattern.begin())) {
            // Smaller keys first: the diagonal, then the halo, then by distance, farthest
            // first, j < i after j > i; the slot in the low bits.
            for (std::size_t k = 0; k < nnz; ++k) {
                const auto j = std::size_t(a.cols[at + k]);
                const std::int64_t far = j >= n ? std::int64_t(n) : std::abs(pattern[k]);
                const std::int64_t key = j == i ? -2 * std::int64_t(n) - 1 : -2 * far + (j < i ? 1 : 0);
                keyed[k] = key * 256 + std::int64_t(k);  // row_nnz is 8 bits: k < 256
            }
            std::sort(keyed.begin(), keyed.begin() + std::ptrdiff_t(nnz));
            for (std::size_t k = 0; k < nnz; ++k) order[k] = std::size_t(keyed[k] & 255);
            if (local) last_pattern.assign(pattern.begin(), pattern.begin() + std::ptrdiff_t(nnz));
            else last_pattern.clear();
        }
        for (std::size_t k = 0; k < nnz; ++k) {
            values[k] = a.values[at + order[k]];
            cols[k] = a.cols[at + order[k]];
        }
        std::copy_n(values.begin(), nnz, a.values.begin() + std::ptrdiff_t(at));
        std::copy_n(cols.begin(), nnz, a.cols.begin() + std::ptrdiff_t(at));
        a.diag_slot[i] = std::uint8_t(std::find(cols.begin(), cols.begin() + std::ptrdiff_t(nnz),
                                                local_int(i)) - cols.begin());
    }
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
