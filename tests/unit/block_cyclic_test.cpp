#include <gtest/gtest.h>

#include "layout/block_cyclic.hpp"

using exa::layout::BlockCyclic1D;

// Every map agrees with a brute-force walk over the global indices.
TEST(BlockCyclic, MapsAgreeWithBruteForce) {
    for (std::int64_t n : {1, 7, 16, 100, 257})
        for (std::int64_t nb : {1, 3, 16, 64})
            for (int procs : {1, 2, 3, 4, 7}) {
                std::vector<std::int64_t> counts(procs, 0);
                for (std::int64_t i = 0; i < n; ++i) {
                    const BlockCyclic1D m{n, nb, procs, 0};
                    const int o = m.owner(i);
                    ASSERT_EQ(m.local(i), counts[o]) << n << " " << nb << " " << procs << " " << i;
                    ASSERT_EQ(m.global(m.local(i), o), i);
                    for (int p = 0; p < procs; ++p)
                        ASSERT_EQ(BlockCyclic1D({n, nb, procs, p}).count_before(i), counts[p]);
                    ++counts[o];
                }
                for (int p = 0; p < procs; ++p) {
                    const BlockCyclic1D m{n, nb, procs, p};
                    EXPECT_EQ(m.count(), counts[p]);
                    EXPECT_EQ(m.count_before(n), counts[p]);
                }
            }
}
