#include <gtest/gtest.h>

#include "common/hpl_generator.hpp"
#include "layout/block_cyclic.hpp"

using exa::hpl::MatrixGenerator;

TEST(Generator, JumpEqualsStepping) {
    const MatrixGenerator g(10, 100);
    std::uint64_t x = 100;
    for (std::uint64_t k = 0; k < 1000; ++k) {
        ASSERT_EQ(g.state(k), x) << k;
        x = MatrixGenerator::multiplier * x + MatrixGenerator::increment;
    }
}

TEST(Generator, ValuesInRangeAndNotDegenerate) {
    const MatrixGenerator g(300, 100);
    double sum = 0, lo = 1, hi = -1;
    for (int j = 0; j <= 300; ++j)
        for (int i = 0; i < 300; ++i) {
            const double v = g.entry(i, j);
            ASSERT_GE(v, -0.5);
            ASSERT_LE(v, 0.5);
            sum += v;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    EXPECT_NEAR(sum / (300.0 * 301.0), 0.0, 0.01);
    EXPECT_LT(lo, -0.49);
    EXPECT_GT(hi, 0.49);
    EXPECT_NE(MatrixGenerator(300, 101).entry(5, 5), g.entry(5, 5));
}

// What a process of any grid generates for its blocks is the global matrix's entry.
TEST(Generator, IndependentOfGridAndBlockSize) {
    const std::int64_t n = 97;
    const MatrixGenerator g(n, 100);
    for (std::int64_t nb : {1, 8, 13, 97})
        for (auto [p, q] : {std::pair{1, 1}, {2, 3}, {4, 1}, {1, 4}, {3, 3}})
            for (int r = 0; r < p; ++r)
                for (int c = 0; c < q; ++c) {
                    const exa::layout::BlockCyclic1D rows{n, nb, p, r}, cols{n + 1, nb, q, c};
                    std::vector<double> run(static_cast<std::size_t>(nb));
                    for (std::int64_t il = 0; il < rows.count(); ++il)
                        for (std::int64_t jl = 0; jl < cols.count(); jl += nb) {
                            const auto len = std::min(nb, cols.count() - jl);
                            g.row_run(rows.global(il), cols.global(jl), len, run.data());
                            for (std::int64_t k = 0; k < len; ++k)
                                ASSERT_EQ(run[k], g.entry(rows.global(il), cols.global(jl + k)));
                        }
                }
}
