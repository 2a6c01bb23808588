// Counts past 2^31: HPL's N x N (and N itself at exascale sizes), a panel's rows times its
// columns, the schedule's local ranges, HPCG's global rows and nonzeros. Each computed at
// an edge where 32-bit arithmetic would wrap, against the same count done in 128 bits or
// by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "cli/sizing.hpp"
#include "hpcg/geometry.hpp"
#include "hpl/local_matrix.hpp"
#include "hpl/run.hpp"
#include "hpl/schedule.hpp"
#include "layout/block_cyclic.hpp"

using namespace exa;
using i128 = __int128;

// The block-cyclic map of N = 3e9 (> 2^31) over 7 processes: every process's count adds up
// to N, and local <-> global round-trips at indices beyond 2^31.
TEST(Sizes, BlockCyclicPast2To31) {
    const std::int64_t n = 3'000'000'017, nb = 1024;
    std::int64_t total = 0;
    for (int p = 0; p < 7; ++p) total += layout::BlockCyclic1D{n, nb, 7, p}.count();
    EXPECT_EQ(total, n);
    for (std::int64_t i : {std::int64_t(1) << 31, n - 1, std::int64_t(2'999'999'000)}) {
        const layout::BlockCyclic1D m{n, nb, 7, 0};
        const int owner = m.owner(i);
        const layout::BlockCyclic1D mine{n, nb, 7, owner};
        EXPECT_EQ(mine.global(mine.local(i)), i);
        EXPECT_EQ(mine.count_before(i + 1) - mine.count_before(i), 1);
    }
}

// A process's part of HPL's matrix at N = 2^20 on one process: 2^40 entries, 8 TiB.
TEST(Sizes, MatrixBytesPast2To32) {
    const std::int64_t n = std::int64_t(1) << 20;
    const auto bytes = hpl::LocalMatrix::bytes_needed(n, 256, 1, 1, 0, 0, 8);
    EXPECT_GE(i128(bytes), i128(n) * (n + 1) * 8);
    EXPECT_LT(i128(bytes), i128(n) * (n + 1) * 8 * 101 / 100);
    hpl::Params p;
    p.n = n;
    EXPECT_EQ(cli::hpl_bytes_per_process(p, 0, 0) >= bytes, true);
    // HPL's flop count in double: no wrap.
    const double expected = 2.0 / 3.0 * std::ldexp(1.0, 60) + 1.5 * std::ldexp(1.0, 40);
    EXPECT_NEAR(hpl::hpl_flops(double(n)), expected, 1e-12 * expected);
}

// The schedule at JUPITER's scale (N = 22 million, NB 1536, 82 x 287): a process's ranges
// and the rows times columns of its pieces, past 2^31, still make sense.
TEST(Sizes, ScheduleAtExascale) {
    hpl::schedule::Shape s{22'038'528, 1536, 22'038'529, 82, 287, 1, 1};
    const hpl::schedule::Plan plan(s, 81, 286);
    std::vector<hpl::schedule::Step> steps;
    plan.stage(3, steps);
    ASSERT_FALSE(steps.empty());
    i128 updated = 0;
    for (const auto& st : steps) {
        EXPECT_LE(st.col0, st.col1);
        EXPECT_LE(st.row0, st.row1);
        if (st.kind == hpl::schedule::StepKind::update) updated += i128(st.row1 - st.row0) * (st.col1 - st.col0);
    }
    // About (N/P) x (N/Q) entries: 2.06e10, beyond 2^31.
    EXPECT_GT(updated, i128(1) << 31);
    EXPECT_LT(updated, i128(22'038'528 / 82 + 1536) * (22'038'529 / 287 + 1536));
}

// HPCG's global grid on 4096 ranks of 512^3: 5.5e11 rows (and about 27 times as many
// nonzeros), its far corner owned by the last rank.
TEST(Sizes, HpcgGlobalCounts) {
    const auto g = hpcg::make_geometry(4096, 4095, 512, 512, 512, {16, 16, 16});
    EXPECT_EQ(g.gnx(), 8192);
    EXPECT_EQ(i128(g.global_rows()), i128(8192) * 8192 * 8192);
    EXPECT_EQ(g.local_rows(), std::int64_t(512) * 512 * 512);
    EXPECT_EQ(g.owner(8191, 8191, 8191), 4095);
    EXPECT_EQ(g.owner(0, 0, 0), 0);
}
