#pragma once
// A measured quantity over a grid of two shape parameters (a GEMM's size and depth, say),
// read between the points by bilinear interpolation in log-log space.
#include <vector>

namespace exa::probe {

struct Curve {
    std::vector<double> xs;               ///< increasing
    std::vector<double> ys;               ///< increasing
    std::vector<std::vector<double>> v;   ///< v[iy][ix] > 0

    [[nodiscard]] bool empty() const { return xs.empty() || ys.empty(); }
    /// The value at (x, y); beyond the grid, the edge's value (the caller decides how a
    /// quantity extends past what was measured).
    [[nodiscard]] double at(double x, double y) const;
};

}  // namespace exa::probe
