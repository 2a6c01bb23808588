#include "probe/curve.hpp"

#include <algorithm>
#include <cmath>

namespace exa::probe {
namespace {

/// Index i and weight w so that log(t) lies between log(grid[i]) and log(grid[i+1]).
std::pair<std::size_t, double> bracket(const std::vector<double>& grid, double t) {
    if (grid.size() == 1 || t <= grid.front()) return {0, 0.0};
    if (t >= grid.back()) return {grid.size() - 2, 1.0};
    const auto hi = std::size_t(std::upper_bound(grid.begin(), grid.end(), t) - grid.begin());
    const std::size_t i = hi - 1;
    return {i, std::log(t / grid[i]) / std::log(grid[i + 1] / grid[i])};
}

}  // namespace

double Curve::at(double x, double y) const {
    const auto [ix, wx] = bracket(xs, x);
    const auto [iy, wy] = bracket(ys, y);
    const std::size_t ix1 = std::min(ix + 1, xs.size() - 1), iy1 = std::min(iy + 1, ys.size() - 1);
    auto lg = [&](std::size_t j, std::size_t i) { return std::log(v[j][i]); };
    const double lo = (1 - wx) * lg(iy, ix) + wx * lg(iy, ix1);
    const double hi = (1 - wx) * lg(iy1, ix) + wx * lg(iy1, ix1);
    return std::exp((1 - wy) * lo + wy * hi);
}

}  // namespace exa::probe
