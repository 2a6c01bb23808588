// The whole solver on one process, on every backend: PASSED, and x equal to LAPACK's dgesv
// solution.
#include <gtest/gtest.h>

#include <cmath>

#include "backend/backend.hpp"
#include "backend/cpu/blas.hpp"
#include "common/hpl_generator.hpp"
#include "hpl/local_matrix.hpp"
#include "hpl/pdgesv.hpp"
#include "hpl/run.hpp"
#include "backends.hpp"
#include "reserved_workspace.hpp"

extern "C" void dgesv_(const blas_int*, const blas_int*, double*, const blas_int*, blas_int*,
                       double*, const blas_int*, blas_int*);

using namespace exa;

namespace {
std::vector<double> lapack_solution(std::int64_t n, std::uint64_t seed) {
    const hpl::MatrixGenerator g(n, seed);
    std::vector<double> a(static_cast<std::size_t>(n * n)), b(static_cast<std::size_t>(n));
    for (std::int64_t j = 0; j < n; ++j)
        for (std::int64_t i = 0; i < n; ++i) a[i + j * n] = g.entry(i, j);
    for (std::int64_t i = 0; i < n; ++i) b[i] = g.entry(i, n);
    std::vector<blas_int> ipiv(static_cast<std::size_t>(n));
    const blas_int N = blas_int(n), one = 1;
    blas_int info = 0;
    dgesv_(&N, &one, a.data(), &N, ipiv.data(), b.data(), &N, &info);
    return b;
}

/// Solves with exabench on a 1x1 grid: x, or nothing if a pivot was exactly zero.
std::vector<double> solve(const hpl::Params& p, const layout::ProcessGrid& grid, Backend& be,
                          hpl::SolverWorkspace* ws = nullptr) {
    hpl::LocalMatrix a(p.n, p.nb, grid, p.align, be);
    a.generate(hpl::MatrixGenerator(p.n, p.seed));
    std::vector<double> x;
    if (hpl::pdgesv(a, p, grid, be, x, {}, ws).info != 0) return {};
    return x;
}

/// Solves with exabench on a 1x1 grid; the largest difference from LAPACK, relative to |x|.
double solve_and_compare(const hpl::Params& p, const layout::ProcessGrid& grid, Backend& be) {
    const auto x = solve(p, grid, be);
    if (x.empty()) return 1e300;
    const auto ref = lapack_solution(p.n, p.seed);
    double diff = 0, scale = 0;
    for (std::int64_t i = 0; i < p.n; ++i) {
        diff = std::max(diff, std::abs(x[i] - ref[i]));
        scale = std::max(scale, std::abs(ref[i]));
    }
    return diff / scale;
}
}  // namespace

class SerialSolve : public ::testing::TestWithParam<std::tuple<std::string, int, int>> {};

TEST_P(SerialSolve, PassesAndMatchesLapack) {
    const auto [backend, n, nb] = GetParam();
    EXA_BACKEND_OR_SKIP(be, backend, 1);
    auto world = comm::make_self();
    layout::ProcessGrid grid(*world, 1, 1, layout::ProcessMap::row_major);
    hpl::Params p;
    p.n = n;
    p.nb = nb;
    EXPECT_LT(solve_and_compare(p, grid, *be), 1e-9);

    const auto r = hpl::run_test(p, grid, *be);
    EXPECT_TRUE(r.passed) << r.check.resid;
    EXPECT_GE(r.check.resid, 0.0);
    EXPECT_LT(r.check.resid, 1.0);
}

INSTANTIATE_TEST_SUITE_P(Sizes, SerialSolve,
                         ::testing::Combine(::testing::ValuesIn(test::backends()),
                                            ::testing::Values(1, 2, 5, 64, 100, 257, 300, 96),
                                            ::testing::Values(1, 16, 200)));

/// A 50 x 50 test on one process with the given residual threshold.
hpl::TestResult small_test(double threshold) {
    auto world = comm::make_self();
    layout::ProcessGrid grid(*world, 1, 1, layout::ProcessMap::row_major);
    auto be = make_cpu_backend(1);
    hpl::Params p;
    p.n = 50;
    p.nb = 8;
    p.threshold = threshold;
    return hpl::run_test(p, grid, *be);
}

// A threshold <= 0 turns the check off: the test counts as completed, unchecked.
TEST(SerialSolve, ThresholdOffSkipsTheCheck) {
    const auto r = small_test(0);
    EXPECT_FALSE(r.checked);
    EXPECT_TRUE(r.passed);
}

// The residual test can fail: a threshold below the achieved residual reports FAILED.
TEST(SerialSolve, TinyThresholdFails) {
    const auto r = small_test(1e-12);
    EXPECT_TRUE(r.checked);
    EXPECT_FALSE(r.passed);
}

// One process with two threads takes the threaded lookahead: same answer, every variant.
class ThreadedSolve : public ::testing::TestWithParam<std::tuple<std::string, std::tuple<int, int, int, int>>> {};

TEST_P(ThreadedSolve, PassesAndMatchesLapack) {
    const auto& [backend, shape] = GetParam();
    const auto [n, nb, depth, variant] = shape;
    EXA_BACKEND_OR_SKIP(be, backend, 2);
    if (be->threads() < 2) GTEST_SKIP() << backend << " drives its device from one host thread";
    auto world = comm::make_self();
    layout::ProcessGrid grid(*world, 1, 1, layout::ProcessMap::row_major);
    hpl::Params p;
    p.n = n;
    p.nb = nb;
    p.depth = depth;
    p.pfact = hpl::Factorization(variant % 3);
    p.rfact = hpl::Factorization((variant / 3) % 3);
    EXPECT_LT(solve_and_compare(p, grid, *be), 1e-9);
    EXPECT_EQ(be->threads(), 2);  // restored after the factorization
    EXPECT_TRUE(hpl::run_test(p, grid, *be).passed);
}

INSTANTIATE_TEST_SUITE_P(
    Sizes, ThreadedSolve,
    ::testing::Combine(::testing::ValuesIn(test::backends()),
                       ::testing::Values(std::tuple{1, 1, 1, 0}, std::tuple{7, 2, 1, 1}, std::tuple{100, 16, 1, 2},
                                         std::tuple{257, 32, 2, 3}, std::tuple{1203, 8, 1, 4},
                                         std::tuple{700, 64, 1, 5}, std::tuple{500, 24, 3, 8},
                                         std::tuple{96, 200, 1, 7})));

// One workspace through tests of both paths (threaded lookahead and one thread), larger and
// smaller N and NB: every x the same, bit for bit, as with a fresh workspace.
TEST(SerialSolve, OneWorkspaceServesTestsOfEveryShape) {
    auto world = comm::make_self();
    layout::ProcessGrid grid(*world, 1, 1, layout::ProcessMap::row_major);
    auto be = make_cpu_backend(1);
    hpl::SolverWorkspace ws;  // belongs to the backend, as a job's does
    for (auto [n, nb, threads] : {std::tuple{300, 64, 2}, std::tuple{120, 8, 2},
                                  std::tuple{257, 32, 1}, std::tuple{301, 16, 2}}) {
        be->set_threads(threads);
        hpl::Params p;
        p.n = n;
        p.nb = nb;
        const auto fresh = solve(p, grid, *be);
        EXPECT_FALSE(fresh.empty());  // no zero pivot
        EXPECT_EQ(solve(p, grid, *be, &ws), fresh) << n << " " << nb << " " << threads;
    }
}

// A workspace reserved for a test is never grown during its solve: no page of it is first
// touched inside the timed region (the threaded lookahead and the one-thread path).
TEST(SerialSolve, AReservedWorkspaceDoesNotGrowDuringTheSolve) {
    auto world = comm::make_self();
    layout::ProcessGrid grid(*world, 1, 1, layout::ProcessMap::row_major);
    for (auto [n, nb, threads] : {std::tuple{300, 64, 2}, std::tuple{301, 16, 1}, std::tuple{97, 128, 2}}) {
        auto be = make_cpu_backend(threads);
        hpl::Params p;
        p.n = n;
        p.nb = nb;
        const auto r = test::solve_in_reserved_workspace(p, grid, *be);
        EXPECT_TRUE(r.solved);
        EXPECT_FALSE(r.grew) << n << " " << nb << " " << threads;
    }
}

