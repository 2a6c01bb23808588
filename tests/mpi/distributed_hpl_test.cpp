// HPL over every grid that fits the job (1x1, 1x2, 2x1, 2x2, 1x4, 4x1, both process maps),
// every PFACT, RFACT, BCAST, SWAP and DEPTH: PASSED, and x equal, to rounding, to the 1x1
// solution of the same N and seed. N is never a multiple of NB here.
#include <gtest/gtest.h>

#include <cmath>

#include "backend/backend.hpp"
#include "common/hpl_generator.hpp"
#include "hpl/local_matrix.hpp"
#include "hpl/pdgesv.hpp"
#include "hpl/run.hpp"
#include "mpi/grids.hpp"
#include "mpi/world.hpp"
#include "reserved_workspace.hpp"

using namespace exa;
using exa::test::grids_within;
using exa::test::max_rel_diff;

namespace {

/// Solves on the grid and returns the whole x on every rank of the world. A workspace kept
/// from one solve to the next comes with the backend it belongs to.
std::vector<double> solve(const hpl::Params& p, bool& ok, hpl::SolverWorkspace* ws = nullptr,
                          Backend* ws_backend = nullptr) {
    auto& world = *test::g_world;
    layout::ProcessGrid grid(world, p.p, p.q, p.pmap);
    std::vector<double> x(std::size_t(p.n), 0.0);
    ok = true;
    if (grid.active()) {
        auto own = ws_backend ? nullptr : make_cpu_backend(1);
        Backend* be = ws_backend ? ws_backend : own.get();
        hpl::LocalMatrix a(p.n, p.nb, grid, p.align, *be);
        a.generate(hpl::MatrixGenerator(p.n, p.seed));
        std::vector<double> x_local;
        const auto out = hpl::pdgesv(a, p, grid, *be, x_local, {}, ws);
        ok = out.info == 0;
        if (grid.my_row() == 0)  // x is replicated down each column: take row 0's copy
            for (idx jl = 0; jl < a.cols().count_before(p.n); ++jl)
                x[std::size_t(a.cols().global(jl))] = x_local[std::size_t(jl)];
    }
    world.allreduce(x.data(), int(x.size()), comm::ReduceOp::sum);
    return x;
}

/// Runs the full test (generate, solve, check) on the grid; true if PASSED on this rank.
bool passes(const hpl::Params& p) {
    layout::ProcessGrid grid(*test::g_world, p.p, p.q, p.pmap);
    if (!grid.active()) return true;
    auto be = make_cpu_backend(1);
    const auto r = hpl::run_test(p, grid, *be);
    return r.info == 0 && r.checked && r.passed;
}

}  // namespace

TEST(DistributedHpl, SameSolutionOnEveryGrid) {
    hpl::Params base;
    base.n = 203;
    base.nb = 16;
    bool ok = false;
    const auto ref = solve(base, ok);
    ASSERT_TRUE(ok);
    for (auto [p, q] : grids_within(test::g_world->size())) {
        for (auto map : {layout::ProcessMap::row_major, layout::ProcessMap::column_major}) {
            hpl::Params t = base;
            t.p = p;
            t.q = q;
            t.pmap = map;
            const auto x = solve(t, ok);
            EXPECT_TRUE(ok);
            EXPECT_LT(max_rel_diff(x, ref), 1e-10) << p << "x" << q;
            EXPECT_TRUE(passes(t)) << p << "x" << q;
        }
    }
}

// One workspace through tests of every grid, larger and smaller NB and lookahead depth, as
// `exabench hpl --dat` keeps it: every x the same, bit for bit, as with a fresh workspace.
TEST(DistributedHpl, OneWorkspaceServesTestsOfEveryShape) {
    auto be = make_cpu_backend(1);
    hpl::SolverWorkspace ws;
    for (auto [p, q] : grids_within(test::g_world->size())) {
        for (auto [nb, depth] : {std::pair{32, 1}, std::pair{8, 0}, std::pair{24, 2}}) {
            hpl::Params t;
            t.n = 203;
            t.nb = nb;
            t.depth = depth;
            t.p = p;
            t.q = q;
            bool ok_fresh = false, ok_kept = false;
            const auto fresh = solve(t, ok_fresh);
            const auto kept = solve(t, ok_kept, &ws, be.get());
            EXPECT_TRUE(ok_fresh && ok_kept);
            EXPECT_EQ(kept, fresh) << p << "x" << q << " NB " << nb;
        }
    }
}

TEST(DistributedHpl, EveryVariantPassesOnEveryGrid) {
    int runs = 0;
    for (auto [p, q] : grids_within(test::g_world->size())) {
        for (int pfact = 0; pfact < 3; ++pfact)
            for (int rfact = 0; rfact < 3; ++rfact)
                for (int bcast = 0; bcast < 6; ++bcast)
                    for (int depth = 0; depth < 3; ++depth) {
                        hpl::Params t;
                        t.n = 97 + 2 * depth;
                        t.nb = 8;
                        t.p = p;
                        t.q = q;
                        t.pfact = hpl::Factorization(pfact);
                        t.rfact = hpl::Factorization(rfact);
                        t.bcast = hpl::Broadcast(bcast);
                        t.depth = depth;
                        t.swap = hpl::SwapAlgo((pfact + rfact + bcast + depth) % 3);
                        t.swap_threshold = 20;  // mix takes both paths across grids
                        t.nbmin = 1 + (bcast % 3);
                        t.ndiv = 2 + (depth % 2);
                        EXPECT_TRUE(passes(t)) << hpl::tv_code(t) << " " << p << "x" << q
                                               << " swap " << int(t.swap);
                        ++runs;
                    }
    }
    EXPECT_GT(runs, 0);
}

TEST(DistributedHpl, EverySwapAlgorithmGivesTheSameSolution) {
    hpl::Params base;
    base.n = 150;
    base.nb = 12;
    base.p = test::g_world->size() >= 4 ? 4 : test::g_world->size();
    base.q = 1;
    bool ok = false;
    hpl::Params one = base;
    one.p = 1;
    const auto ref = solve(one, ok);
    for (int swap = 0; swap < 3; ++swap)
        for (std::int64_t threshold : {0, 1000}) {
            hpl::Params t = base;
            t.swap = hpl::SwapAlgo(swap);
            t.swap_threshold = threshold;
            const auto x = solve(t, ok);
            EXPECT_TRUE(ok);
            EXPECT_LT(max_rel_diff(x, ref), 1e-10) << "swap " << swap;
        }
}

// A workspace reserved for a test is never grown during its solve, on any grid, swap
// algorithm or depth: no page of it is first touched inside the timed region.
TEST(DistributedHpl, AReservedWorkspaceDoesNotGrowDuringTheSolve) {
    for (auto [p, q] : grids_within(test::g_world->size())) {
        layout::ProcessGrid grid(*test::g_world, p, q, layout::ProcessMap::row_major);
        if (!grid.active()) continue;
        auto be = make_cpu_backend(1);
        for (int swap = 0; swap < 3; ++swap)
            for (int depth : {0, 1, 2}) {
                hpl::Params t;
                t.n = 211;
                t.nb = 16;
                t.p = p;
                t.q = q;
                t.depth = depth;
                t.swap = hpl::SwapAlgo(swap);
                const auto r = test::solve_in_reserved_workspace(t, grid, *be);
                EXPECT_TRUE(r.solved);
                EXPECT_FALSE(r.grew) << p << "x" << q << " swap " << swap << " depth " << depth;
            }
    }
}

// Trailing updates of more rows than one piece of the polled update (2 NB or 256 rows), so
// the growing pieces between polls are exercised.
TEST(DistributedHpl, WideTrailingUpdates) {
    for (auto [p, q] : grids_within(test::g_world->size())) {
        for (int depth : {0, 1, 2}) {
            hpl::Params t;
            t.n = 1203;
            t.nb = 8;
            t.p = p;
            t.q = q;
            t.depth = depth;
            EXPECT_TRUE(passes(t)) << p << "x" << q << " depth " << depth;
        }
    }
}

// Waits that poll and give the core away (as the calibration measures processes sharing a
// core): the same x on every grid, through every kind of blocking call the solver and its
// check make (to rounding: a nonblocking reduction may add in another order).
TEST(DistributedHpl, YieldingWaitsGiveTheSameSolution) {
    auto& world = *test::g_world;
    for (auto [p, q] : grids_within(world.size())) {
        hpl::Params t;
        t.n = 203;
        t.nb = 16;
        t.p = p;
        t.q = q;
        bool ok_plain = false, ok_yielding = false;
        const auto plain = solve(t, ok_plain);
        world.set_yield_when_idle(true);
        const auto yielding = solve(t, ok_yielding);
        const bool passed = passes(t);
        world.set_yield_when_idle(false);
        EXPECT_TRUE(ok_plain && ok_yielding && passed) << p << "x" << q;
        EXPECT_LT(max_rel_diff(yielding, plain), 1e-12) << p << "x" << q;
    }
}

// The record's largest phase times: the same on every rank of the grid, at least each rank's
// own, and some rank's own (the largest is one that was measured).
TEST(DistributedHpl, PhasesMaxAreTheLargestOverTheRanks) {
    for (auto [p, q] : grids_within(test::g_world->size())) {
        layout::ProcessGrid grid(*test::g_world, p, q, layout::ProcessMap::row_major);
        if (!grid.active()) continue;
        auto be = make_cpu_backend(1);
        hpl::Params t;
        t.n = 403;
        t.nb = 16;
        t.p = p;
        t.q = q;
        const auto r = hpl::run_test(t, grid, *be);
        ASSERT_TRUE(r.passed) << p << "x" << q;
        const auto& m = r.phases;
        const auto& most = r.phases_max;
        test::expect_largest_over_ranks({m.pfact, m.bcast, m.swap, m.update, m.backsolve},
                                        {most.pfact, most.bcast, most.swap, most.update, most.backsolve}, grid.all(),
                                        std::to_string(p) + "x" + std::to_string(q));
    }
}
