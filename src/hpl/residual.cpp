#include "hpl/residual.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>

#include "common/hpl_generator.hpp"
#include "hpl/local_matrix.hpp"

namespace exa::hpl {

ResidualCheck check_residual(LocalMatrix& a, const MatrixGenerator& gen,
                             const std::vector<double>& x_local, const layout::ProcessGrid& grid,
                             Backend& be) {
    a.generate(gen);
    return measure_residual(a, gen, x_local, grid, be);
}

ResidualCheck measure_residual(LocalMatrix& a, const MatrixGenerator& gen,
                               const std::vector<double>& x_local,
                               const layout::ProcessGrid& grid, Backend& be) {
    const idx n = a.n(), mp = a.local_rows();
    const idx nqa = a.cols().count_before(n);  // local columns of A (b excluded)
    ResidualCheck c;
    c.eps = DBL_EPSILON / 2;

    // Products and sums in the backend's memory; the matrix is row-major, so the kernels see
    // A^T, whose columns are A's rows.
    std::vector<double> ax(std::size_t(mp), 0.0), row_abs(std::size_t(mp), 0.0), col_abs(std::size_t(nqa), 0.0);
    {
        Buffer<double> x_d(be, std::size_t(nqa)), ax_d(be, std::size_t(mp)), rows_d(be, std::size_t(mp)),
            cols_d(be, std::size_t(nqa));
        be.copy_from_host(x_d.data(), x_local.data(), std::size_t(nqa) * sizeof(double));
        if (mp > 0 && nqa > 0) {
            be.fp64().gemv(Op::trans, nqa, mp, 1.0, a.data(), a.ld(), x_d.data(), 1, 0.0, ax_d.data(), 1);
            be.abs_sums(nqa, mp, a.data(), a.ld(), cols_d.data(), rows_d.data());
        }
        be.copy_to_host(ax.data(), ax_d.data(), ax.size() * sizeof(double));
        be.copy_to_host(row_abs.data(), rows_d.data(), row_abs.size() * sizeof(double));
        be.copy_to_host(col_abs.data(), cols_d.data(), col_abs.size() * sizeof(double));
    }
    if (mp > 0) {
        grid.row().allreduce(ax.data(), int(mp), comm::ReduceOp::sum);
        grid.row().allreduce(row_abs.data(), int(mp), comm::ReduceOp::sum);
    }
    if (nqa > 0) grid.col().allreduce(col_abs.data(), int(nqa), comm::ReduceOp::sum);

    // A NaN anywhere makes the check FAIL: max() would drop it (NaN compares false), and a
    // corrupted factorization would pass with a residual of 0.
    double not_finite = 0;
    const auto max_abs = [&](double& m, double v) {
        if (!std::isfinite(v)) not_finite = 1;
        m = std::max(m, std::abs(v));
    };
    double r_inf = 0, a_inf = 0, b_inf = 0, a_one = 0, x_inf = 0, x_one = 0;
    for (idx il = 0; il < mp; ++il) {
        const double b = gen.entry(a.rows().global(il), n);
        max_abs(r_inf, ax[std::size_t(il)] - b);
        max_abs(a_inf, row_abs[std::size_t(il)]);
        max_abs(b_inf, b);
    }
    for (idx jl = 0; jl < nqa; ++jl) {
        max_abs(a_one, col_abs[std::size_t(jl)]);
        max_abs(x_inf, x_local[std::size_t(jl)]);
        x_one += std::abs(x_local[std::size_t(jl)]);
    }
    double col_max[4] = {r_inf, a_inf, b_inf, not_finite};  // the same in every process column
    grid.col().allreduce(col_max, 4, comm::ReduceOp::max);
    double row_max[3] = {a_one, x_inf, col_max[3]};         // the same in every process row
    grid.row().allreduce(row_max, 3, comm::ReduceOp::max);
    grid.row().allreduce(&x_one, 1, comm::ReduceOp::sum);
    c.r_inf = col_max[0];
    c.a_inf = col_max[1];
    c.b_inf = col_max[2];
    c.a_one = row_max[0];
    c.x_inf = row_max[1];
    c.x_one = x_one;
    c.resid = row_max[2] > 0 ? std::numeric_limits<double>::quiet_NaN()
                             : c.r_inf / (c.eps * (c.a_inf * c.x_inf + c.b_inf) * double(n));
    return c;
}

}  // namespace exa::hpl
