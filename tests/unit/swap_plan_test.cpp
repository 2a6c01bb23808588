// The swap plan against applying the pivots one by one to a list of row ids.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "common/matrix_storage.hpp"
#include "hpl/panel.hpp"
#include "hpl/row_swap.hpp"

using namespace exa;

TEST(SwapPlan, MatchesSequentialSwaps) {
    std::mt19937 rng(3);
    for (int trial = 0; trial < 200; ++trial) {
        hpl::Panel pn;
        pn.j0 = 20;
        pn.jb = 1 + int(rng() % 12);
        const idx n = pn.j0 + pn.jb + 30;
        pn.pivots.resize(std::size_t(pn.jb));
        std::vector<idx> content(static_cast<std::size_t>(n));
        for (idx i = 0; i < n; ++i) content[i] = i;
        for (idx j = 0; j < pn.jb; ++j) {
            const idx piv = pn.j0 + j + idx(rng() % std::uint32_t(n - pn.j0 - j));
            pn.pivots[std::size_t(j)] = piv;
            std::swap(content[pn.j0 + j], content[piv]);
        }
        const auto plan = hpl::SwapPlan::from_pivots(pn);
        for (idx i = 0; i < pn.jb; ++i) EXPECT_EQ(plan.source[i], content[pn.j0 + i]);
        std::map<idx, idx> moved;
        for (std::size_t t = 0; t < plan.moved_to.size(); ++t)
            moved[plan.moved_to[t]] = pn.j0 + plan.moved_from[t];
        for (idx r = pn.j0 + pn.jb; r < n; ++r) {
            if (content[r] == r) EXPECT_FALSE(moved.count(r));
            else EXPECT_EQ(moved.at(r), content[r]);
        }
    }
}

// One process's interchanges on its row-major matrix: U gets the pivot rows (on the columns
// swapped only), the displaced rows land where the pivots were, the other entries stay.
TEST(SwapPlan, InterchangeMovesWholeRowsOfTheRowMajorMatrix) {
    const idx rows = 40, ld = 37, c0 = 3, nc = 30, jb = 3;  // columns [c0, c0 + nc) of 37
    std::vector<double> a(std::size_t(rows * ld));
    auto value = [&](idx r, idx c) { return double(r * 1000 + c); };
    for (idx r = 0; r < rows; ++r)
        for (idx c = 0; c < ld; ++c) a[std::size_t(r * ld + c)] = value(r, c);
    const std::vector<idx> source{31, 1, 17}, from{0, 2}, to{17, 31};
    const idx ldu = nc + 2;
    std::vector<double> u(std::size_t(jb * ldu), -1.0);
    auto be = make_cpu_backend(1);
    hpl::interchange_rows(source, from, to, nc, a.data() + c0, ld, u.data(), ldu, *be);
    for (idx k = 0; k < jb; ++k)
        for (idx c = 0; c < nc; ++c) EXPECT_EQ(u[std::size_t(k * ldu + c)], value(source[k], c0 + c));
    for (idx r = 0; r < rows; ++r)
        for (idx c = 0; c < ld; ++c) {
            idx was = r;
            if (c >= c0 && c < c0 + nc && r == 17) was = 0;
            if (c >= c0 && c < c0 + nc && r == 31) was = 2;
            EXPECT_EQ(a[std::size_t(r * ld + c)], value(was, c)) << "row " << r << " column " << c;
        }
}

TEST(SwapPlan, URowsFallInDifferentCacheSets) {
    for (idx n = 1; n < 20000; n += 7) {
        const idx ld = spread_row_stride(n);
        EXPECT_GE(ld, n);
        EXPECT_LT(ld, n + 16);
        EXPECT_EQ(ld % 8, 0);      // whole 64-byte lines
        EXPECT_EQ(ld / 8 % 2, 1);  // an odd number of them: never a multiple of 4 KiB apart
    }
}
