#include "hpcg/validation.hpp"

#include <cfloat>
#include <cmath>

namespace exa::hpcg {
namespace {

/// splitmix64 of the global row: a value in [1, 2) that does not depend on the grid.
double random_entry(global_int row, std::uint64_t stream) {
    std::uint64_t z = std::uint64_t(row) * 2 + stream + 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return 1.0 + double(z >> 11) * 0x1.0p-53;
}

/// Brings the copies of the matrix the kernels keep (the restricted rows, the split) in step
/// with its diagonal, as HPCG's ReplaceMatrixDiagonal must reach optimized data too.
void sync_copies_diagonal(Level& lv) {
    for (local_int i = 0; i < lv.picked.nrow; ++i)
        lv.picked.diagonal(i) = lv.a.diagonal(lv.f2c[std::size_t(i)]);
    for (local_int i = 0; i < lv.split.lower.nrow; ++i)
        lv.split.lower.diagonal(i) = lv.split.upper.diagonal(i) = lv.a.diagonal(i);
}

}  // namespace

CgTest test_cg(Problem& pb, Solver& solver) {
    CgTest t;
    EllMatrix& a = pb.fine().a;
    const std::size_t n = std::size_t(a.nrow);
    std::vector<double> saved_diag(n);
    Vector b(pb.b);
    for (std::size_t i = 0; i < n; ++i) {
        const global_int g = pb.fine().global_row[i];
        const double scale = g < 9 ? double(g + 2) * 1.0e6 : 1.0e6;
        double& d = a.diagonal(local_int(i));
        saved_diag[i] = d;
        d *= scale;
        b[i] *= scale;
    }
    sync_copies_diagonal(pb.fine());
    Vector x(pb.x.size());
    for (int precondition = 0; precondition < 2; ++precondition)
        for (int call = 0; call < 2; ++call) {
            std::fill(x.begin(), x.end(), 0.0);
            const auto res = solver.cg(b, x, 50, 1.0e-12, precondition == 1);
            const int expected = precondition ? t.expected_preconditioned : t.expected_unpreconditioned;
            (precondition ? t.preconditioned : t.unpreconditioned).push_back(res.iterations);
            if (res.iterations <= expected) ++t.passed;
            else ++t.failed;
        }
    for (std::size_t i = 0; i < n; ++i) a.diagonal(local_int(i)) = saved_diag[i];
    sync_copies_diagonal(pb.fine());
    return t;
}

SymmetryTest test_symmetry(Problem& pb, Solver& solver, comm::Communicator& comm) {
    SymmetryTest t;
    Level& fine = pb.fine();
    const std::size_t n = std::size_t(fine.a.nrow), ncol = std::size_t(fine.a.ncol);
    Vector x(ncol, 0.0), y(ncol, 0.0), z(ncol, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = random_entry(fine.global_row[i], 0);
        y[i] = random_entry(fine.global_row[i], 1);
    }
    const double xx = solver.dot(x.data(), x.data()), yy = solver.dot(y.data(), y.data());
    const double a_norm = 2 * 26.0;  // HPCG's bound on ||A||
    const double scale = (xx * a_norm * yy + yy * a_norm * xx) * DBL_EPSILON;

    solver.spmv(y.data(), z.data());
    const double xay = solver.dot(x.data(), z.data());
    solver.spmv(x.data(), z.data());
    const double yax = solver.dot(y.data(), z.data());
    t.spmv_departure = std::fabs(xay - yax) / scale;

    solver.mg(0, y.data(), z.data());
    const double xmy = solver.dot(x.data(), z.data());
    solver.mg(0, x.data(), z.data());
    const double ymx = solver.dot(y.data(), z.data());
    t.mg_departure = std::fabs(xmy - ymx) / scale;

    Vector ones(pb.xexact);
    solver.spmv(ones.data(), z.data());
    double err = 0;
    for (std::size_t i = 0; i < n; ++i) err = std::max(err, std::fabs(z[i] - pb.b[i]));
    t.spmv_exact_error = comm.allreduce_max(err);
    t.failed = int(t.spmv_departure > 1.0) + int(t.mg_departure > 1.0);
    return t;
}

ResidualSpread residual_spread(const std::vector<double>& v) {
    ResidualSpread s;
    if (v.empty()) return s;
    for (double x : v) s.mean += x;
    s.mean /= double(v.size());
    for (double x : v) s.variance += (x - s.mean) * (x - s.mean);
    s.variance /= double(v.size());
    return s;
}

}  // namespace exa::hpcg
