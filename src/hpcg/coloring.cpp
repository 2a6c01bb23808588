#include "hpcg/coloring.hpp"

#include <algorithm>

namespace exa::hpcg {
namespace {

/// v[perm[i]] = v[i] for the first perm.size() entries; the rest (a halo) stays.
template <class T, class Alloc>
void permute(std::vector<T, Alloc>& v, const std::vector<local_int>& perm) {
    std::vector<T, Alloc> out(v);
    for (std::size_t i = 0; i < perm.size(); ++i) out[std::size_t(perm[i])] = v[i];
    v.swap(out);
}

/// New position of each row, and where each colour starts, rows of a colour in their order.
std::vector<local_int> order_by_color(const std::vector<int>& color, std::vector<local_int>& start) {
    const int colors = color.empty() ? 0 : *std::max_element(color.begin(), color.end()) + 1;
    start.assign(std::size_t(colors) + 1, 0);
    for (int c : color) ++start[std::size_t(c) + 1];
    for (int c = 0; c < colors; ++c) start[std::size_t(c) + 1] += start[std::size_t(c)];
    std::vector<local_int> next(start.begin(), start.end() - 1), perm(color.size());
    for (std::size_t i = 0; i < color.size(); ++i) perm[i] = next[std::size_t(color[i])]++;
    return perm;
}

void reorder_matrix(EllMatrix& a, const std::vector<local_int>& perm) {
    const std::size_t w = std::size_t(a.width);
    decltype(a.values) values(a.values.size());
    decltype(a.cols) cols(a.cols.size());
    for (local_int i = 0; i < a.nrow; ++i) {
        const std::size_t from = std::size_t(i) * w, to = std::size_t(perm[std::size_t(i)]) * w;
        for (std::size_t k = 0; k < w; ++k) {
            const local_int c = a.cols[from + k];
            values[to + k] = a.values[from + k];
            cols[to + k] = c < a.nrow ? perm[std::size_t(c)] : c;
        }
    }
    a.values.swap(values);
    values = {};
    a.cols.swap(cols);
    permute(a.row_nnz, perm);
    permute(a.diag_slot, perm);
}

}  // namespace

std::vector<int> greedy_colors(const EllMatrix& a) {
    std::vector<int> color(std::size_t(a.nrow), -1);
    std::vector<char> used;
    for (local_int i = 0; i < a.nrow; ++i) {
        used.assign(std::size_t(a.width) + 1, 0);
        const std::size_t base = std::size_t(i) * std::size_t(a.width);
        for (int k = 0; k < a.row_nnz[std::size_t(i)]; ++k) {
            const local_int j = a.cols[base + std::size_t(k)];
            if (j == i || j >= a.nrow) continue;
            const int c = color[std::size_t(j)];
            if (c >= 0 && c < int(used.size())) used[std::size_t(c)] = 1;
        }
        int c = 0;
        while (used[std::size_t(c)]) ++c;
        color[std::size_t(i)] = c;
    }
    return color;
}

std::vector<int> reorder_by_color(Problem& pb) {
    std::vector<std::vector<local_int>> perms;
    std::vector<int> colors;
    for (auto& lv : pb.levels) {
        const auto color = greedy_colors(lv.a);
        perms.push_back(order_by_color(color, lv.a.color_start));
        colors.push_back(int(lv.a.color_start.size()) - 1);
    }
    for (std::size_t l = 0; l < pb.levels.size(); ++l) {
        Level& lv = pb.levels[l];
        const auto& perm = perms[l];
        reorder_matrix(lv.a, perm);
        permute(lv.global_row, perm);
        for (auto& row : lv.halo.send_rows) row = perm[std::size_t(row)];
        if (!lv.f2c.empty()) {
            // Coarse row ic (now at perms[l+1][ic]) still maps to the same fine point.
            std::vector<local_int> f2c(lv.f2c.size());
            for (std::size_t ic = 0; ic < lv.f2c.size(); ++ic)
                f2c[std::size_t(perms[l + 1][ic])] = perm[std::size_t(lv.f2c[ic])];
            lv.f2c.swap(f2c);
        }
    }
    permute(pb.b, perms[0]);
    permute(pb.x, perms[0]);
    permute(pb.xexact, perms[0]);
    return colors;
}

}  // namespace exa::hpcg
