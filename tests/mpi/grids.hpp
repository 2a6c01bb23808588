#pragma once
// What the distributed tests share: the grids they cover, how they compare solutions, and
// how they check a record's largest phase times over the ranks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "comm/communicator.hpp"

namespace exa::test {

/// The grids of the issue that a job of `ranks` processes holds (1x1, 1x2, 2x1, 2x2, 1x4, 4x1).
inline std::vector<std::pair<int, int>> grids_within(int ranks) {
    constexpr std::pair<int, int> all[] = {{1, 1}, {1, 2}, {2, 1}, {2, 2}, {1, 4}, {4, 1}};
    std::vector<std::pair<int, int>> fit;
    for (auto [p, q] : all)
        if (p * q <= ranks) fit.push_back({p, q});
    return fit;
}

/// max |a - b| / max |b|.
inline double max_rel_diff(const std::vector<double>& a, const std::vector<double>& b) {
    double d = 0, s = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        d = std::max(d, std::abs(a[i] - b[i]));
        s = std::max(s, std::abs(b[i]));
    }
    return d / s;
}

/// A record's largest phase times against this rank's own (collective over `all`): the same
/// on every rank, at least each rank's own, and some rank's own (the largest was measured).
inline void expect_largest_over_ranks(const std::vector<double>& mine, const std::vector<double>& most,
                                      comm::Communicator& all, const std::string& what) {
    ASSERT_EQ(mine.size(), most.size());
    for (std::size_t i = 0; i < mine.size(); ++i) {
        EXPECT_GE(most[i], mine[i]) << what << " phase " << i;
        double lowest = most[i], attained = most[i] == mine[i] ? 1 : 0;
        all.allreduce(&lowest, 1, comm::ReduceOp::min);
        all.allreduce(&attained, 1, comm::ReduceOp::sum);
        EXPECT_EQ(lowest, most[i]) << what << " phase " << i;
        EXPECT_GE(attained, 1) << what << " phase " << i;
    }
}

}  // namespace exa::test
