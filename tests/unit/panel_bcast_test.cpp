// The ring broadcasts' topologies: each one reaches every process once, as HPL draws them.
#include <gtest/gtest.h>

#include <queue>

#include "hpl/panel_bcast.hpp"

using exa::hpl::Broadcast;
using exa::hpl::PanelBcast;

class RingTopology : public ::testing::TestWithParam<Broadcast> {};

TEST_P(RingTopology, ReachesEveryProcessExactlyOnce) {
    for (int q = 1; q <= 17; ++q) {
        std::vector<int> received(q, 0);
        received[0] = 1;
        std::queue<int> todo;
        todo.push(0);
        while (!todo.empty()) {
            const int r = todo.front();
            todo.pop();
            for (int t : PanelBcast::ring_links(GetParam(), q, r).next) {
                ASSERT_GT(t, 0);
                ASSERT_LT(t, q);
                EXPECT_EQ(PanelBcast::ring_links(GetParam(), q, t).prev, r) << "q=" << q << " t=" << t;
                ++received[t];
                todo.push(t);
            }
        }
        for (int r = 0; r < q; ++r) EXPECT_EQ(received[r], 1) << "q=" << q << " rank " << r;
    }
}

INSTANTIATE_TEST_SUITE_P(Rings, RingTopology,
                         ::testing::Values(Broadcast::ring, Broadcast::ring_modified,
                                           Broadcast::two_ring, Broadcast::two_ring_modified));

using Next = std::vector<int>;
TEST(RingTopology, ShapesOfHpl) {
    // 1rg: a chain.
    EXPECT_EQ(PanelBcast::ring_links(Broadcast::ring, 8, 0).next, Next({1}));
    EXPECT_EQ(PanelBcast::ring_links(Broadcast::ring, 8, 7).next, Next({}));
    // 1rM: root feeds 1 and 2; 1 keeps it; the ring continues from 2.
    EXPECT_EQ(PanelBcast::ring_links(Broadcast::ring_modified, 8, 0).next, Next({1, 2}));
    EXPECT_EQ(PanelBcast::ring_links(Broadcast::ring_modified, 8, 1).next, Next({}));
    EXPECT_EQ(PanelBcast::ring_links(Broadcast::ring_modified, 8, 2).next, Next({3}));
    // 2rg: root feeds 1 and h = (Q+1)/2; two rings.
    EXPECT_EQ(PanelBcast::ring_links(Broadcast::two_ring, 8, 0).next, Next({1, 4}));
    EXPECT_EQ(PanelBcast::ring_links(Broadcast::two_ring, 8, 3).next, Next({}));
    EXPECT_EQ(PanelBcast::ring_links(Broadcast::two_ring, 7, 0).next, Next({1, 4}));
    // 2rM: root feeds 1 (kept), 2 and h.
    EXPECT_EQ(PanelBcast::ring_links(Broadcast::two_ring_modified, 8, 0).next, Next({1, 2, 4}));
    EXPECT_EQ(PanelBcast::ring_links(Broadcast::two_ring_modified, 8, 1).next, Next({}));
    EXPECT_EQ(PanelBcast::ring_links(Broadcast::two_ring_modified, 8, 2).next, Next({3}));
    EXPECT_EQ(PanelBcast::ring_links(Broadcast::two_ring_modified, 8, 4).next, Next({5}));
}
