// HPCG on one process: the process grid, the generator's operator, each optimized kernel
// against the reference one, the colouring, the flop count, the dimension checks, and a
// whole validated run.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <numeric>
#include <span>

#include "backend/sparse_kernels.hpp"
#include "hpcg/coloring.hpp"
#include "hpcg/optimize.hpp"
#include "hpcg/problem.hpp"
#include "hpcg/run.hpp"
#include "hpcg/solver.hpp"
#include "hpcg/work.hpp"

using namespace exa;
using namespace exa::hpcg;

namespace {

Problem small_problem(int nx, int ny, int nz, comm::Communicator& self) {
    return generate_problem(make_geometry(1, 0, nx, ny, nz, {1, 1, 1}), self);
}

std::vector<double> ramp(std::size_t n, double offset) {
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = std::sin(double(i) * 0.37 + offset) + 1.5;
    return v;
}

double max_diff(std::span<const double> a, std::span<const double> b, std::size_t n) {
    double d = 0;
    for (std::size_t i = 0; i < n; ++i) d = std::max(d, std::fabs(a[i] - b[i]));
    return d;
}

/// Kernels that pass every call to `base`: test doubles override the one they change.
struct Forwarding : SparseKernels {
    explicit Forwarding(std::unique_ptr<SparseKernels> b) : base(std::move(b)) {}
    std::unique_ptr<SparseKernels> base;
    std::string name() const override { return "test double"; }
    bool wants_coloring() const override { return base->wants_coloring(); }
    bool wants_sweep_order() const override { return base->wants_sweep_order(); }
    bool wants_picked_rows() const override { return base->wants_picked_rows(); }
    bool wants_split_matrix() const override { return base->wants_split_matrix(); }
    void spmv(const EllMatrix& a, const double* x, double* y) override { base->spmv(a, x, y); }
    double spmv_dot(const EllMatrix& a, const double* x, double* y) override { return base->spmv_dot(a, x, y); }
    void symgs(const EllMatrix& a, const double* r, double* x) override { base->symgs(a, r, x); }
    void symgs_from_zero(const SplitMatrix& s, const double* r, double* x) override { base->symgs_from_zero(s, r, x); }
    double dot(std::int64_t n, const double* x, const double* y) override { return base->dot(n, x, y); }
    void waxpby(std::int64_t n, double al, const double* x, double be, const double* y, double* w) override {
        base->waxpby(n, al, x, be, y, w);
    }
    double cg_update(std::int64_t n, double al, const double* p, const double* ap, double* x, double* r) override {
        return base->cg_update(n, al, p, ap, x, r);
    }
    void restrict_residual(const EllMatrix& a, const EllMatrix& picked, std::int64_t nc, const local_int* f,
                           const double* rf, const double* xf, double* rc) override {
        base->restrict_residual(a, picked, nc, f, rf, xf, rc);
    }
    void prolong(std::int64_t nc, const local_int* f, const double* xc, double* xf) override { base->prolong(nc, f, xc, xf); }
    void zero(std::int64_t n, double* x) override { base->zero(n, x); }
};

}  // namespace

TEST(HpcgGeometry, ProcessGridsAsHpcgChoosesThem) {
    using G = std::array<int, 3>;
    EXPECT_EQ(process_grid(1), (G{1, 1, 1}));
    EXPECT_EQ(process_grid(2), (G{2, 1, 1}));
    EXPECT_EQ(process_grid(4), (G{2, 2, 1}));
    EXPECT_EQ(process_grid(8), (G{2, 2, 2}));
    EXPECT_EQ(process_grid(16), (G{4, 2, 2}));
    EXPECT_EQ(process_grid(6), (G{2, 3, 1}));
    EXPECT_EQ(process_grid(12), (G{2, 3, 2}));  // three primes, 2 repeated: (2, 3, 2)
    EXPECT_EQ(process_grid(30), (G{2, 3, 5}));
    for (int n : {24, 36, 48, 60, 64, 72, 96, 100, 128, 1000, 6006}) {
        const auto g = process_grid(n);
        EXPECT_EQ(g[0] * g[1] * g[2], n) << n;
    }
    const auto g = process_grid(64);
    EXPECT_EQ(g, (G{4, 4, 4}));
}

TEST(HpcgGeometry, OwnerAndCoarsening) {
    const auto g = make_geometry(8, 5, 16, 24, 32, {0, 0, 0});  // 2 x 2 x 2, rank 5 = (1, 0, 1)
    EXPECT_EQ(g.ipx, 1);
    EXPECT_EQ(g.ipy, 0);
    EXPECT_EQ(g.ipz, 1);
    EXPECT_EQ(g.owner(17, 0, 33), 5);
    EXPECT_EQ(g.owner(0, 47, 0), 2);
    const auto c = g.coarsened();
    EXPECT_EQ(c.nx, 8);
    EXPECT_EQ(c.nz, 16);
    EXPECT_EQ(c.gnx(), 16);
}

TEST(HpcgProblem, OperatorRowSumsAndNonzeros) {
    auto self = comm::make_self();
    auto pb = small_problem(16, 24, 32, *self);
    const auto& a = pb.fine().a;
    // (3 gnx - 2)(3 gny - 2)(3 gnz - 2) nonzeros; every row 26 on the diagonal, -1 elsewhere.
    EXPECT_EQ(pb.fine().total_nnz, std::int64_t(46) * 70 * 94);
    EXPECT_EQ(a.ncol, a.nrow);  // one process: no halo
    std::vector<double> ax(std::size_t(a.ncol));
    auto ref = make_reference_sparse_kernels();
    ref->spmv(a, pb.xexact.data(), ax.data());
    EXPECT_EQ(max_diff(ax, pb.b, std::size_t(a.nrow)), 0.0);  // b is A times ones
    for (local_int i = 0; i < a.nrow; ++i) EXPECT_EQ(a.diagonal(i), 26.0);
    // Symmetric: a_ij = a_ji.
    for (local_int i = 0; i < a.nrow; i += 97)
        for (int k = 0; k < a.row_nnz[std::size_t(i)]; ++k) {
            const local_int j = a.cols[std::size_t(i) * 27 + std::size_t(k)];
            bool found = false;
            for (int m = 0; m < a.row_nnz[std::size_t(j)]; ++m)
                found |= a.cols[std::size_t(j) * 27 + std::size_t(m)] == i;
            EXPECT_TRUE(found) << i << " " << j;
        }
    // Coarse levels halve each dimension; f2c maps coarse (i, j, k) to fine (2i, 2j, 2k).
    EXPECT_EQ(pb.levels[1].a.nrow, 8 * 12 * 16);
    EXPECT_EQ(pb.levels[0].f2c[1], 2);
    EXPECT_EQ(pb.levels[0].f2c[8], 2 * 16);
}

class HpcgKernels : public ::testing::TestWithParam<int> {};

TEST_P(HpcgKernels, OptimizedMatchReference) {
    const int threads = GetParam();
    auto self = comm::make_self();
    auto pb = small_problem(16, 16, 24, *self);
    auto ref = make_reference_sparse_kernels();
    auto opt = make_cpu_sparse_kernels(threads);
    const auto& a = pb.fine().a;
    const auto n = std::size_t(a.nrow);
    const auto x = ramp(n, 0.1), y = ramp(n, 0.7);

    std::vector<double> y1(n), y2(n);
    ref->spmv(a, x.data(), y1.data());
    opt->spmv(a, x.data(), y2.data());
    EXPECT_LT(max_diff(y1, y2, n), 1e-12);
    const double d = opt->spmv_dot(a, x.data(), y2.data());
    EXPECT_NEAR(d, ref->dot(a.nrow, x.data(), y1.data()), 1e-9 * std::fabs(d));
    EXPECT_NEAR(opt->dot(a.nrow, x.data(), y.data()), ref->dot(a.nrow, x.data(), y.data()), 1e-9);

    std::vector<double> w1(n), w2(n);
    ref->waxpby(a.nrow, 0.5, x.data(), -2.0, y.data(), w1.data());
    opt->waxpby(a.nrow, 0.5, x.data(), -2.0, y.data(), w2.data());
    EXPECT_EQ(max_diff(w1, w2, n), 0.0);

    auto x1 = x, x2 = x, r1 = y, r2 = y;
    const double rr1 = ref->cg_update(a.nrow, 0.3, y.data(), w1.data(), x1.data(), r1.data());
    const double rr2 = opt->cg_update(a.nrow, 0.3, y.data(), w1.data(), x2.data(), r2.data());
    EXPECT_EQ(max_diff(x1, x2, n), 0.0);
    EXPECT_EQ(max_diff(r1, r2, n), 0.0);
    EXPECT_NEAR(rr1, rr2, 1e-9 * rr1);

    const auto& f2c = pb.levels[0].f2c;
    const auto nc = std::int64_t(f2c.size());
    std::vector<double> rc1(f2c.size()), rc2(f2c.size()), rc3(f2c.size());
    const EllMatrix none, picked = pick_rows(a, f2c);
    ASSERT_EQ(picked.nrow, nc);
    EXPECT_EQ(picked.nonzeros(), pb.levels[0].restricted_nnz);
    ref->restrict_residual(a, none, nc, f2c.data(), y.data(), x.data(), rc1.data());
    opt->restrict_residual(a, none, nc, f2c.data(), y.data(), x.data(), rc2.data());
    opt->restrict_residual(a, picked, nc, f2c.data(), y.data(), x.data(), rc3.data());
    for (std::size_t i = 0; i < f2c.size(); ++i) EXPECT_EQ(rc1[i], y[std::size_t(f2c[i])] - y1[std::size_t(f2c[i])]);
    EXPECT_LT(max_diff(rc1, rc2, f2c.size()), 1e-12);
    EXPECT_LT(max_diff(rc1, rc3, f2c.size()), 1e-12);
    auto p1 = x, p2 = x;
    ref->prolong(nc, f2c.data(), rc1.data(), p1.data());
    opt->prolong(nc, f2c.data(), rc1.data(), p2.data());
    EXPECT_EQ(max_diff(p1, p2, n), 0.0);
    EXPECT_EQ(p1[std::size_t(f2c[3])], x[std::size_t(f2c[3])] + rc1[3]);
}

TEST_P(HpcgKernels, SymgsIsGaussSeidelInTheMatrixOrder) {
    // With colours, the optimized SYMGS is the reference's natural-order sweep over the
    // reordered matrix (rows of a colour are independent, so any order inside one is the same).
    const int threads = GetParam();
    auto self = comm::make_self();
    auto pb = small_problem(16, 16, 16, *self);
    auto opt = make_cpu_sparse_kernels(threads);
    optimize_problem(pb, *opt, *self);
    auto ref = make_reference_sparse_kernels();
    const auto& a = pb.fine().a;
    const auto n = std::size_t(a.nrow);
    const auto r = ramp(n, 0.2);
    auto x1 = ramp(n, 0.9), x2 = x1;
    ref->symgs(a, r.data(), x1.data());
    opt->symgs(a, r.data(), x2.data());
    EXPECT_LT(max_diff(x1, x2, n), 1e-13);
    // And it is a Gauss-Seidel step: the forward sweep of a 1 x 1 system solves it.
    EXPECT_GT(max_diff(x1, ramp(n, 0.9), n), 1e-3);
}

TEST_P(HpcgKernels, SymgsFromZeroOnTheSplitIsSymgs) {
    // Pre-smoothing from x = 0 on the matrix split at its diagonal: the same step as zero()
    // and symgs() on the whole matrix, to rounding, in natural order and by colours, with a
    // halo whose columns it must leave out (two ranks' worth of a box: 16 x 16 x 32 split).
    const int threads = GetParam();
    auto self = comm::make_self();
    Problem pb = generate_problem(make_geometry(2, 1, 16, 16, 16, {1, 1, 2}), *self);
    auto opt = make_cpu_sparse_kernels(threads);
    optimize_problem(pb, *opt, *self);
    ASSERT_TRUE(opt->wants_split_matrix());
    const auto& a = pb.fine().a;
    ASSERT_GT(a.ncol, a.nrow) << "the box needs a halo for this test";
    const auto n = std::size_t(a.nrow);
    const SplitMatrix& s = pb.fine().split;  // built by the optimization step
    // The split holds every local entry once and the diagonal twice; none of the halo's.
    std::int64_t local = 0;
    for (std::size_t i = 0; i < n; ++i)
        for (int k = 0; k < a.row_nnz[i]; ++k) local += a.cols[i * std::size_t(a.width) + std::size_t(k)] < a.nrow;
    EXPECT_EQ(s.nonzeros(), local + a.nrow);
    EXPECT_LT(local, a.nonzeros());
    const auto r = ramp(n, 0.4);
    std::vector<double> x1(std::size_t(a.ncol), 0.0), x2(std::size_t(a.ncol), 7.0), x3 = x2;
    auto ref = make_reference_sparse_kernels();
    ref->symgs(a, r.data(), x1.data());  // x1 = 0, halo included, as the V-cycle leaves it
    opt->symgs_from_zero(s, r.data(), x2.data());
    ref->symgs_from_zero(s, r.data(), x3.data());
    EXPECT_LT(max_diff(x1, x2, n), 1e-13);
    EXPECT_LT(max_diff(x1, x3, n), 1e-13);
    EXPECT_EQ(x2[n], 7.0) << "the halo is neither read nor written";
    EXPECT_GT(max_diff(x1, std::vector<double>(n, 0.0), n), 1e-3);
}

INSTANTIATE_TEST_SUITE_P(Threads, HpcgKernels, ::testing::Values(1, 2, 3));

TEST(HpcgSweepOrder, RowsKeepTheirEntriesAndEndOnTheNeighbours) {
    // The upper half of a 16 x 16 x 32 box split over two ranks (a halo): order_for_sweeps
    // moves entries within rows only, puts the diagonal first and the halo's columns before
    // local ones, and ends each row on its distance-1 neighbours, i - 1 last (the forward
    // sweep's newest x).
    auto self = comm::make_self();
    Problem pb = generate_problem(make_geometry(2, 1, 16, 16, 16, {1, 1, 2}), *self);
    const EllMatrix before = pb.fine().a;
    order_rows_for_sweeps(pb);
    const EllMatrix& a = pb.fine().a;
    const auto w = std::size_t(a.width);
    auto entries = [w](const EllMatrix& m, std::size_t i) {
        std::vector<std::pair<local_int, double>> e;
        for (std::size_t k = 0; k < m.row_nnz[i]; ++k) e.emplace_back(m.cols[i * w + k], m.values[i * w + k]);
        std::sort(e.begin(), e.end());
        return e;
    };
    int interior = 0;
    for (local_int i = 0; i < a.nrow; ++i) {
        const auto u = std::size_t(i), at = u * w, nnz = std::size_t(a.row_nnz[u]);
        ASSERT_EQ(entries(a, u), entries(before, u)) << "row " << i;
        EXPECT_EQ(a.diag_slot[u], 0);
        EXPECT_EQ(a.diagonal(i), before.diagonal(i));
        for (std::size_t k = 2; k < nnz; ++k) {
            const local_int j0 = a.cols[at + k - 1], j1 = a.cols[at + k];
            const bool halo0 = j0 >= a.nrow, halo1 = j1 >= a.nrow;
            ASSERT_TRUE(halo0 || !halo1) << "row " << i << ": a halo column after a local one";
            if (!halo0) EXPECT_GE(std::abs(j0 - i), std::abs(j1 - i)) << "row " << i;
        }
        if (i > 0 && i + 1 < a.nrow && a.cols[at + nnz - 1] == i - 1 && a.cols[at + nnz - 2] == i + 1)
            ++interior;
    }
    // Rows at either end of an x line have no i - 1 or i + 1 neighbour.
    EXPECT_EQ(interior, 14 * 16 * 16);
}

TEST(HpcgColoring, NoRowSharesItsColourWithANeighbour) {
    auto self = comm::make_self();
    auto pb = small_problem(16, 24, 16, *self);
    const auto colors = reorder_by_color(pb);
    for (std::size_t l = 0; l < pb.levels.size(); ++l) {
        const auto& a = pb.levels[l].a;
        EXPECT_EQ(colors[l], 8) << "27-point graph, greedy in natural order";
        ASSERT_EQ(int(a.color_start.size()), colors[l] + 1);
        std::vector<int> color_of(std::size_t(a.nrow));
        for (int c = 0; c < colors[l]; ++c)
            for (local_int i = a.color_start[std::size_t(c)]; i < a.color_start[std::size_t(c) + 1]; ++i)
                color_of[std::size_t(i)] = c;
        for (local_int i = 0; i < a.nrow; ++i)
            for (int k = 0; k < a.row_nnz[std::size_t(i)]; ++k) {
                const local_int j = a.cols[std::size_t(i) * 27 + std::size_t(k)];
                if (j != i) EXPECT_NE(color_of[std::size_t(i)], color_of[std::size_t(j)]);
            }
    }
    // Reordering keeps the system: A times ones is still b, row by row.
    auto ref = make_reference_sparse_kernels();
    std::vector<double> ax(pb.b.size());
    ref->spmv(pb.fine().a, pb.xexact.data(), ax.data());
    EXPECT_EQ(max_diff(ax, pb.b, pb.b.size()), 0.0);
}

TEST(HpcgSolver, ConvergesAndTheValidationTestsPass) {
    auto self = comm::make_self();
    auto pb = small_problem(16, 16, 16, *self);
    // The optimized kernels, watched: every restriction must see the copy of its rows equal
    // to the matrix's own, and every smoothing from zero a split with the matrix's diagonal
    // (TestCG scales the diagonal, and the copies must follow).
    struct CopiesInStep : Forwarding {
        explicit CopiesInStep(const Problem& p) : Forwarding(make_cpu_sparse_kernels(1)), pb(p) {}
        const Problem& pb;
        int calls = 0, split_calls = 0, stale = 0;
        void restrict_residual(const EllMatrix& a, const EllMatrix& picked, std::int64_t nc, const local_int* f,
                               const double* rf, const double* xf, double* rc) override {
            ++calls;
            for (local_int i = 0; i < local_int(nc); ++i)
                if (picked.nrow != nc || picked.diagonal(i) != a.diagonal(f[i])) ++stale;
            base->restrict_residual(a, picked, nc, f, rf, xf, rc);
        }
        void symgs_from_zero(const SplitMatrix& s, const double* r, double* x) override {
            ++split_calls;
            const auto& a = pb.fine().a;
            if (&s == &pb.fine().split)
                for (local_int i = 0; i < a.nrow; ++i)
                    if (s.lower.diagonal(i) != a.diagonal(i) || s.upper.diagonal(i) != a.diagonal(i)) ++stale;
            base->symgs_from_zero(s, r, x);
        }
    } k(pb);
    pick_restricted_rows(pb);  // as the optimization step does for these kernels
    split_at_diagonals(pb, *self);
    Solver s(pb, k, *self);
    const auto plain = s.cg(pb.b, pb.x, 200, 1e-10, false);
    std::fill(pb.x.begin(), pb.x.end(), 0.0);
    const auto pre = s.cg(pb.b, pb.x, 200, 1e-10, true);
    EXPECT_LE(pre.normr / pre.normr0, 1e-10);
    EXPECT_LT(pre.iterations, plain.iterations) << "multigrid must help";
    for (std::size_t i = 0; i < std::size_t(pb.fine().a.nrow); ++i) EXPECT_NEAR(pb.x[i], 1.0, 1e-8);
    // TestCG scales the diagonal: the restricted rows' copy must follow it, and come back.
    const auto cg = test_cg(pb, s);
    EXPECT_EQ(cg.failed, 0);
    EXPECT_GT(k.calls, 0);
    EXPECT_GT(k.split_calls, 0);
    EXPECT_EQ(k.stale, 0);
    const auto& fine = pb.fine();
    EXPECT_TRUE(fine.picked.values == pick_rows(fine.a, fine.f2c).values);
    const SplitMatrix fresh = split_at_diagonal(fine.a);
    EXPECT_TRUE(fine.split.lower.values == fresh.lower.values);
    EXPECT_TRUE(fine.split.upper.values == fresh.upper.values);
    const auto sym = test_symmetry(pb, s, *self);
    EXPECT_LT(sym.spmv_departure, 1.0);
    EXPECT_LT(sym.mg_departure, 1.0);
    EXPECT_EQ(sym.spmv_exact_error, 0.0);
}

TEST(HpcgSolver, NonSymmetricPreconditionerFailsTheSymmetryTest) {
    // A forward sweep only (no backward) is not symmetric: the test must notice.
    struct ForwardOnly : Forwarding {
        ForwardOnly() : Forwarding(make_reference_sparse_kernels()) {}
        void symgs(const EllMatrix& a, const double* r, double* x) override {
            for (local_int i = 0; i < a.nrow; ++i) {
                double s = r[i];
                for (int k = 0; k < a.row_nnz[std::size_t(i)]; ++k)
                    s -= a.values[std::size_t(i) * 27 + std::size_t(k)] * x[a.cols[std::size_t(i) * 27 + std::size_t(k)]];
                x[i] += s / a.diagonal(i);
            }
        }
    };
    auto self = comm::make_self();
    auto pb = small_problem(16, 16, 16, *self);
    ForwardOnly k;
    Solver s(pb, k, *self);
    const auto sym = test_symmetry(pb, s, *self);
    EXPECT_LT(sym.spmv_departure, 1.0);
    EXPECT_GT(sym.mg_departure, 1.0);
    EXPECT_EQ(sym.failed, 1);
}

TEST(HpcgWork, FlopsAreHpcgsAndBytesTheLeastMoved) {
    auto self = comm::make_self();
    auto pb = small_problem(16, 16, 16, *self);
    const double n = 4096, z = double(pb.fine().total_nnz);
    const auto w = count_work(pb, 2, 50);  // 2 sets of 50 iterations
    EXPECT_DOUBLE_EQ(w.dot.flops, (3 * 100 + 2) * 2 * n);
    // r'z and p'Ap read two vectors, r'r (each iteration's and each set's) one.
    EXPECT_DOUBLE_EQ(w.dot.bytes, (2 * 100 * 2 + 100 + 2) * n * 8);
    EXPECT_DOUBLE_EQ(w.spmv.flops, (100 + 2) * 2 * z);
    double mg = 0;
    for (int l = 0; l < 3; ++l) mg += 100 * 10.0 * double(pb.levels[std::size_t(l)].total_nnz);
    mg += 100 * 4.0 * double(pb.levels[3].total_nnz);
    EXPECT_DOUBLE_EQ(w.mg.flops, mg);
    // Bytes: the fine matrix four times per V-cycle (two SYMGS) and the rows the restriction
    // picks once. Those are at even coordinates 0..14 of 16: 2 + 7 * 3 neighbours along
    // each axis, (2 + 7 * 3)^3 nonzeros.
    EXPECT_EQ(pb.levels[0].restricted_nnz, 23 * 23 * 23);
    EXPECT_GT(w.mg.bytes, 100 * (4 * z + 23 * 23 * 23) * 12);
    // Beyond the matrices: each SYMGS six passes over its level's vectors (r read, x read and
    // written, per sweep); the restriction x read and the coarse r read and written; the
    // prolongation the coarse x read and the fine x read and written at the coarse points.
    double matrices = 0, vectors = 0;
    for (std::size_t l = 0; l < 4; ++l) {
        const auto& lv = pb.levels[l];
        const double nl = double(lv.total_rows);
        if (l == 3) {
            matrices += 100 * 2.0 * double(lv.total_nnz) * 12;
            vectors += 100 * 6 * nl * 8;
            continue;
        }
        const double nc = double(pb.levels[l + 1].total_rows);
        matrices += 100 * (4.0 * double(lv.total_nnz) + double(lv.restricted_nnz)) * 12;
        vectors += 100 * (2 * 6 * nl + (nl + 2 * nc) + 3 * nc) * 8;
    }
    EXPECT_NEAR(w.mg.bytes, matrices + vectors, 1e-9 * w.mg.bytes);
    // With the split built, each level's pre-smoothing moves it instead of the matrix twice:
    // every entry once and the diagonal twice (one rank: no halo to leave out).
    split_at_diagonals(pb, *self);
    const auto ws = count_work(pb, 2, 50);
    EXPECT_DOUBLE_EQ(ws.mg.flops, w.mg.flops) << "flops stay HPCG's";
    double saved = 0;
    for (const auto& lv : pb.levels) {
        EXPECT_EQ(lv.split_nnz, lv.total_nnz + lv.total_rows);
        // The split: every entry once and the diagonal twice, and four vector passes, not six.
        saved += 100 * (double(2 * lv.total_nnz - lv.split_nnz) * 12 + 2 * double(lv.total_rows) * 8);
    }
    EXPECT_NEAR(w.mg.bytes - ws.mg.bytes, saved, 1e-9 * saved);
}

TEST(HpcgRun, DimensionChecks) {
    EXPECT_EQ(check_dimensions(16, 24, 104), "");
    EXPECT_NE(check_dimensions(20, 16, 16).find("nx = 20 is not a multiple of 8"), std::string::npos);
    EXPECT_NE(check_dimensions(16, 8, 16).find("ny = 8: HPCG needs at least 16"), std::string::npos);
    EXPECT_NE(check_dimensions(16, 16, 136).find("aspect-ratio"), std::string::npos);
    EXPECT_LT(bytes_needed(16, 16, 16, false), bytes_needed(32, 16, 16, false));
    EXPECT_LT(bytes_needed(64, 64, 64, false), bytes_needed(64, 64, 64, true));
}

TEST(HpcgRun, WholeRunIsValidOnEachKernelSet) {
    auto self = comm::make_self();
    for (int threads : {1, 2}) {
        Params p;
        p.nx = p.ny = p.nz = 16;
        p.run_seconds = 0;  // one timed set
        const auto be = make_cpu_backend(threads);
        const auto r = run(p, *self, *be);
        EXPECT_TRUE(r.valid) << threads;
        EXPECT_FALSE(r.official);
        EXPECT_EQ(r.sets, 1);
        EXPECT_GE(r.optimized_iterations, 50);
        EXPECT_LE(r.optimized_reduction, r.reference_tolerance * (1 + 1e-6));
        EXPECT_GT(r.gflops, 0);
        EXPECT_LE(r.gflops, r.gflops_raw);
        EXPECT_LT(r.solution_error, 1e-6);
        EXPECT_EQ(r.levels[0].colors, threads > 1 ? 8 : 0);
    }
}
