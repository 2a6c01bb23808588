// HPCG over the ranks of the job (1, 2, 4 and 8 under ctest): validation passes on every
// process grid, the unpreconditioned residual history is the same (to rounding) on every
// grid as on one process, and the halo carries what the single-process operator computes.
#include <gtest/gtest.h>

#include <cmath>

#include "backend/sparse_kernels.hpp"
#include "hpcg/problem.hpp"
#include "hpcg/run.hpp"
#include "hpcg/solver.hpp"
#include "mpi/world.hpp"

using namespace exa;
using namespace exa::hpcg;

namespace {

/// The grids of `ranks` processes whose local boxes split a 32^3 global grid.
std::vector<std::array<int, 3>> grids_of(int ranks) {
    std::vector<std::array<int, 3>> out;
    for (int x = 1; x <= ranks; ++x)
        for (int y = 1; x * y <= ranks; ++y)
            if (ranks % (x * y) == 0) {
                const int z = ranks / (x * y);
                if (32 % x == 0 && 32 % y == 0 && 32 % z == 0 && 32 / x >= 8 && 32 / y >= 8 && 32 / z >= 8)
                    out.push_back({x, y, z});
            }
    return out;
}

std::vector<double> history(const std::array<int, 3>& grid, comm::Communicator& comm, bool precondition,
                            int iterations) {
    const auto g = make_geometry(comm.size(), comm.rank(), 32 / grid[0], 32 / grid[1], 32 / grid[2], grid);
    auto pb = generate_problem(g, comm);
    auto k = make_cpu_sparse_kernels(1);
    Solver s(pb, *k, comm);
    return s.cg(pb.b, pb.x, iterations, 0.0, precondition).history;
}

}  // namespace

TEST(HpcgMpi, ValidRunOnTheJob) {
    auto& world = *test::g_world;
    Params p;
    p.nx = p.ny = p.nz = 16;
    p.run_seconds = 0;
    const auto r = run(p, world, *make_cpu_backend(1));
    EXPECT_TRUE(r.valid) << (r.failures.empty() ? "" : r.failures[0]);
    EXPECT_EQ(r.cg_test.failed, 0);
    EXPECT_EQ(r.symmetry.failed, 0);
    EXPECT_LT(r.symmetry.spmv_exact_error, 1e-12);
    EXPECT_EQ(r.geom.npx * r.geom.npy * r.geom.npz, world.size());
    EXPECT_EQ(r.levels[0].rows, std::int64_t(16 * 16 * 16) * world.size());
    EXPECT_LT(r.solution_error, 1e-6);
}

TEST(HpcgMpi, UnpreconditionedHistoryIsTheSameOnEveryGrid) {
    auto& world = *test::g_world;
    auto self = comm::make_self();
    const auto one = history({1, 1, 1}, *self, false, 30);
    for (const auto& grid : grids_of(world.size())) {
        const auto h = history(grid, world, false, 30);
        ASSERT_EQ(h.size(), one.size());
        for (std::size_t k = 0; k < h.size(); ++k)
            EXPECT_NEAR(h[k], one[k], 1e-9 * one[k]) << grid[0] << "x" << grid[1] << "x" << grid[2] << " iteration " << k + 1;
    }
}

TEST(HpcgMpi, PreconditionedConvergesOnEveryGrid) {
    // Gauss-Seidel inside each rank and Jacobi between them (HPCG's smoother), so histories
    // differ from grid to grid; every grid still converges and agrees on all its ranks.
    auto& world = *test::g_world;
    for (const auto& grid : grids_of(world.size())) {
        const auto h = history(grid, world, true, 50);
        EXPECT_LT(h.back(), 1e-12) << grid[0] << "x" << grid[1] << "x" << grid[2];
        EXPECT_EQ(world.allreduce_max(h.back()), h.back());
    }
}

TEST(HpcgMpi, ExplicitGridAndThreadedKernelsValidate) {
    auto& world = *test::g_world;
    Params p;
    p.nx = 16;
    p.ny = 24;
    p.nz = 16;
    p.run_seconds = 0;
    p.grid = {1, world.size(), 1};
    const auto be = make_cpu_backend(2);  // multicoloured SYMGS on every rank
    const auto r = run(p, world, *be);
    EXPECT_TRUE(r.valid) << (r.failures.empty() ? "" : r.failures[0]);
    EXPECT_EQ(r.geom.npy, world.size());
    EXPECT_EQ(r.levels[0].colors, 8);
}
