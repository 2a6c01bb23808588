#pragma once
// What the distributed tests share: the grids they cover and how they compare solutions.
#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace exa::test {

/// The grids of the issue, run when the job has enough ranks.
inline const std::vector<std::pair<int, int>> grids = {{1, 1}, {1, 2}, {2, 1},
                                                       {2, 2}, {1, 4}, {4, 1}};

/// max |a - b| / max |b|.
inline double max_rel_diff(const std::vector<double>& a, const std::vector<double>& b) {
    double d = 0, s = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        d = std::max(d, std::abs(a[i] - b[i]));
        s = std::max(s, std::abs(b[i]));
    }
    return d / s;
}

}  // namespace exa::test
