#include "mxp/condition.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace exa::mxp {

ConditionEstimate estimate_condition(System& sys, const RowVectors& vec, Backend& be, int iterations) {
    const auto mp = std::size_t(vec.local_size());
    const auto& d = sys.diagonal_added();
    const double* a = sys.a().data();
    const idx ld = sys.a().ld();
    // R x = A x - D x, R^T y = A^T y - D y.
    std::vector<double> v(mp), u(mp), w(mp);
    for (std::size_t i = 0; i < mp; ++i) v[i] = 1.0 + double(vec.rows().global(idx(i)) % 13) / 13.0;
    double sigma2 = 0;
    for (int it = 0; it < iterations; ++it) {
        const double nv = vec.norm2(v.data());
        vec.multiply(a, ld, v.data(), u.data(), be);
        for (std::size_t i = 0; i < mp; ++i) u[i] -= d[i] * v[i];
        vec.multiply_transposed(a, ld, u.data(), w.data(), be);
        for (std::size_t i = 0; i < mp; ++i) w[i] -= d[i] * u[i];
        const double nw = vec.norm2(w.data());
        sigma2 = nw / nv;  // ||R^T R v|| / ||v||, v the last iterate
        if (!(nw > 0)) break;
        for (std::size_t i = 0; i < mp; ++i) v[i] = w[i] / nw;
    }
    double lo = std::numeric_limits<double>::infinity(), hi = 0;
    for (double x : d) {
        lo = std::min(lo, x);
        hi = std::max(hi, x);
    }
    double ext[2] = {-lo, hi};  // every process row's rows: the extremes down the column
    vec.max_over_rows(ext, 2);
    lo = -ext[0];
    hi = ext[1];
    ConditionEstimate c;
    c.r_norm = std::sqrt(sigma2);
    c.kappa = lo > c.r_norm ? (hi + c.r_norm) / (lo - c.r_norm) : std::numeric_limits<double>::infinity();
    return c;
}

}  // namespace exa::mxp
