// The swap plan against applying the pivots one by one to a list of row ids.
#include <gtest/gtest.h>

#include <map>
#include <random>

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
        pn.buffer.assign(std::size_t(pn.jb * pn.jb + pn.jb), 0.0);
        std::vector<idx> content(static_cast<std::size_t>(n));
        for (idx i = 0; i < n; ++i) content[i] = i;
        for (idx j = 0; j < pn.jb; ++j) {
            const idx piv = pn.j0 + j + idx(rng() % std::uint32_t(n - pn.j0 - j));
            pn.set_ipiv(j, piv);
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
