// HPL-MxP over every grid that fits the job (1x1, 1x2, 2x1, 2x2, 1x4, 4x1), both process
// maps, each precision, DEPTH 0 to 2, every BCAST: PASSED, and x equal, to rounding, to the
// 1x1 solution; the generator's matrix the same on every grid. The failure paths fail on every
// rank.
#include <gtest/gtest.h>

#include <cmath>

#include "backend/backend.hpp"
#include "common/hpl_generator.hpp"
#include "mpi/grids.hpp"
#include "mpi/world.hpp"
#include "mxp/condition.hpp"
#include "mxp/lu.hpp"
#include "mxp/lu_solve.hpp"
#include "mxp/refine.hpp"
#include "mxp/row_vectors.hpp"
#include "mxp/run.hpp"
#include "mxp/system.hpp"

using namespace exa;
using exa::test::grids_within;
using exa::test::max_rel_diff;

namespace {

/// The refined x, whole, on every rank of the world (zeros where the grid is inactive).
std::vector<double> solve(const mxp::Params& p, bool& converged) {
    auto& world = *test::g_world;
    layout::ProcessGrid grid(world, p.p, p.q, p.pmap);
    std::vector<double> x(std::size_t(p.n), 0.0);
    std::int64_t ok = 1;
    if (grid.active()) {
        auto be = make_cpu_backend(1);
        mxp::System sys(p, grid, *be);
        sys.generate(hpl::MatrixGenerator(p.n, p.seed), grid);
        sys.round_into_factors(*be);
        mxp::factor_without_pivoting(sys.factors(), sys.ldf(), p, grid, *be);
        mxp::LuSolve lu(sys.factors(), sys.ldf(), p.n, p.nb, grid, *be);
        mxp::RowVectors vec(p.n, p.nb, grid);
        std::vector<double> x_rows;
        ok = mxp::refine(sys, lu, vec, p, *be, x_rows).converged ? 1 : 0;
        if (grid.my_col() == 0)  // x is replicated along each process row: take column 0's
            for (idx il = 0; il < vec.local_size(); ++il)
                x[std::size_t(vec.rows().global(il))] = x_rows[std::size_t(il)];
    }
    world.allreduce(x.data(), int(x.size()), comm::ReduceOp::sum);
    converged = world.allreduce_max(1 - ok) == 0;
    return x;
}

/// The whole test on the grid; its result on this rank (inactive ranks: a default result).
mxp::TestResult run(const mxp::Params& p, bool& active) {
    layout::ProcessGrid grid(*test::g_world, p.p, p.q, p.pmap);
    active = grid.active();
    if (!active) return {};
    auto be = make_cpu_backend(1);
    return mxp::run_test(p, grid, *be);
}

}  // namespace

TEST(DistributedMxp, SameSolutionOnEveryGridAndPrecision) {
    for (auto prec : {LowPrecision::fp32, LowPrecision::bf16, LowPrecision::fp16}) {
        mxp::Params base;
        base.n = 403;
        base.nb = 32;
        base.precision = prec;
        bool converged = false;
        const auto ref = solve(base, converged);
        ASSERT_TRUE(converged);
        for (auto [p, q] : grids_within(test::g_world->size())) {
            for (auto map : {layout::ProcessMap::row_major, layout::ProcessMap::column_major}) {
                mxp::Params t = base;
                t.p = p;
                t.q = q;
                t.pmap = map;
                const auto x = solve(t, converged);
                EXPECT_TRUE(converged) << p << "x" << q;
                EXPECT_LT(max_rel_diff(x, ref), 1e-10) << p << "x" << q << " " << mxp::precision_name(prec);
                bool active = false;
                const auto r = run(t, active);
                if (active) EXPECT_TRUE(r.passed) << p << "x" << q << " " << r.failure;
            }
        }
    }
}

TEST(DistributedMxp, EveryBroadcastAndDepthPasses) {
    int runs = 0;
    for (auto [p, q] : grids_within(test::g_world->size())) {
        for (int bcast = 0; bcast < 6; ++bcast)
            for (int depth = 0; depth < 3; ++depth) {
                mxp::Params t;
                t.n = 301 + 10 * depth;  // never a multiple of NB
                t.nb = 16;
                t.p = p;
                t.q = q;
                t.bcast = hpl::Broadcast(bcast);
                t.depth = depth;
                t.precision = LowPrecision((bcast + depth) % 3);
                bool active = false;
                const auto r = run(t, active);
                if (active) EXPECT_TRUE(r.passed) << mxp::tv_code(t) << " " << p << "x" << q << " " << r.failure;
                ++runs;
            }
    }
    EXPECT_GT(runs, 0);
}

// The record's largest phase times, as HPL's (DistributedHpl.PhasesMaxAreTheLargestOverTheRanks).
TEST(DistributedMxp, PhasesMaxAreTheLargestOverTheRanks) {
    for (auto [p, q] : grids_within(test::g_world->size())) {
        layout::ProcessGrid grid(*test::g_world, p, q, layout::ProcessMap::row_major);
        if (!grid.active()) continue;
        auto be = make_cpu_backend(1);
        mxp::Params t;
        t.n = 401;
        t.nb = 16;
        t.p = p;
        t.q = q;
        const auto r = mxp::run_test(t, grid, *be);
        ASSERT_TRUE(r.passed) << p << "x" << q << " " << r.failure;
        const auto& m = r.lu_phases;
        const auto& most = r.lu_phases_max;
        test::expect_largest_over_ranks({m.panel, m.bcast, m.update}, {most.panel, most.bcast, most.update}, grid.all(),
                                        std::to_string(p) + "x" + std::to_string(q));
    }
}

TEST(DistributedMxp, FailuresFailOnEveryRank) {
    const int ranks = test::g_world->size();
    mxp::Params t;
    t.n = 250;
    t.nb = 16;
    t.p = ranks >= 4 ? 2 : 1;
    t.q = ranks >= 4 ? 2 : ranks;
    t.threshold = 1e-9;
    t.max_iterations = 2;
    bool active = false;
    const auto r = run(t, active);
    if (active) {
        EXPECT_FALSE(r.passed);
        EXPECT_EQ(r.refinement.iterations, 2);
        EXPECT_NE(r.failure.find("no convergence in 2 GMRES iterations"), std::string::npos) << r.failure;
    }
}

// The generator: the same A on every grid (each entry, weighed by its position, summed), its
// diagonal what the shifted generator says, no row dominant; and the same condition estimate.
TEST(DistributedMxp, TheGeneratorMakesTheSameMatrixOnEveryGrid) {
    auto& world = *test::g_world;
    double ref_sum = 0, ref_kappa = 0;
    for (auto [p, q] : grids_within(world.size()))
        for (auto map : {layout::ProcessMap::row_major, layout::ProcessMap::column_major}) {
            mxp::Params t;
            t.n = 221;
            t.nb = 16;
            t.p = p;
            t.q = q;
            t.pmap = map;
            layout::ProcessGrid grid(world, p, q, map);
            double sum = 0, kappa = 0;
            if (grid.active()) {
                auto be = make_cpu_backend(1);
                mxp::System sys(t, grid, *be);
                const hpl::MatrixGenerator gen(t.n, t.seed);
                sys.generate(gen, grid);
                auto& a = sys.a();
                const double shift = mxp::shifted_diagonal_factor * std::sqrt(double(t.n) / 3);
                for (idx il = 0; il < a.local_rows(); ++il)
                    for (idx jl = 0; jl < sys.local_cols(); ++jl) {
                        const idx i = a.rows().global(il), j = a.cols().global(jl);
                        const double v = *a.at(il, jl);
                        sum += v * double(1 + (i * 7 + j * 3) % 11);
                        if (i == j) EXPECT_EQ(v, gen.entry(i, i) + shift) << i;
                        else EXPECT_EQ(v, gen.entry(i, j)) << i << "," << j;
                    }
                sum = grid.all().allreduce_sum(sum);
                EXPECT_EQ(sys.dominant_rows(), 0);
                mxp::RowVectors vec(t.n, t.nb, grid);
                kappa = mxp::estimate_condition(sys, vec, *be).kappa;
            }
            sum = world.allreduce_max(sum);
            kappa = world.allreduce_max(kappa);
            if (ref_sum == 0) ref_sum = sum, ref_kappa = kappa;
            EXPECT_NEAR(sum, ref_sum, 1e-12 * std::abs(ref_sum)) << p << "x" << q;
            EXPECT_NEAR(kappa, ref_kappa, 1e-6 * ref_kappa) << p << "x" << q;
            EXPECT_GT(kappa, 1.5);
            EXPECT_LT(kappa, 6);
        }
}
