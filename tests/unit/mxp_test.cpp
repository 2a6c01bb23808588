// HPL-MxP on one process: the 16-bit roundings, the no-pivoting LU kernel, and the whole
// method (generator, factorization, refinement) against LAPACK's FP64 solution.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <random>

#include "backend/backend.hpp"
#include "backend/cpu/blas.hpp"
#include "backend/cpu/low_precision.hpp"
#include "common/hpl_generator.hpp"
#include "mxp/lu.hpp"
#include "mxp/lu_solve.hpp"
#include "mxp/refine.hpp"
#include "mxp/row_vectors.hpp"
#include "mxp/run.hpp"
#include "mxp/system.hpp"

extern "C" void dgesv_(const blas_int*, const blas_int*, double*, const blas_int*, blas_int*,
                       double*, const blas_int*, blas_int*);

using namespace exa;

namespace {

/// The nearest value with `bits` significant bits, ties to even, by plain arithmetic.
float reference_round(float x, int bits) {
    if (x == 0 || !std::isfinite(x)) return x;
    int e = 0;
    std::frexp(double(x), &e);                      // |x| = m 2^e, m in [0.5, 1)
    const double ulp = std::ldexp(1.0, e - bits);   // spacing at this magnitude
    const double q = double(x) / ulp;
    double r = std::nearbyint(q);                   // ties to even under the default mode
    return float(r * ulp);
}

std::vector<float> samples() {
    std::mt19937 gen(7);
    std::uniform_real_distribution<float> mant(-1.0f, 1.0f);
    std::uniform_int_distribution<int> ex(-20, 20);
    std::vector<float> v = {0.0f, -0.0f, 1.0f, -1.0f, 1.00390625f, 1.005859375f, 65504.0f,
                            65519.0f, 0.333333f, 1e-3f, 3.14159265f};
    for (int i = 0; i < 20000; ++i) v.push_back(std::ldexp(mant(gen), ex(gen)));
    // Exact ties between two bf16 neighbours: 1 + 2^-8 (to 1) and 1 + 3 * 2^-8 (to 1 + 2^-6).
    v.push_back(1.0f + 0x1p-8f);
    v.push_back(1.0f + 3 * 0x1p-8f);
    return v;
}

}  // namespace

TEST(LowPrecision, Bf16RoundsToNearestEven) {
    for (float x : samples()) {
        const float r = cpu::round_to_bf16(x);
        EXPECT_EQ(std::bit_cast<std::uint32_t>(r) & 0xffffu, 0u) << x;
        EXPECT_EQ(r, reference_round(x, 8)) << x;
    }
    EXPECT_EQ(cpu::round_to_bf16(1.0f + 0x1p-8f), 1.0f);
    EXPECT_TRUE(std::isnan(cpu::round_to_bf16(NAN)));
    EXPECT_TRUE(std::isinf(cpu::round_to_bf16(INFINITY)));
}

TEST(LowPrecision, Fp16MatchesTheHardwareConversion) {
    for (float x : samples()) {
        const float r = cpu::round_to_fp16(x);
        EXPECT_EQ(r, float(static_cast<_Float16>(x))) << x;
    }
    EXPECT_EQ(cpu::round_to_fp16(65519.0f), 65504.0f);
    EXPECT_TRUE(std::isinf(cpu::round_to_fp16(65520.0f)));
    EXPECT_EQ(cpu::round_to_fp16(0x1p-25f), 0.0f);       // tie with 0 and 2^-24: to even (0)
    EXPECT_EQ(cpu::round_to_fp16(0x1.8p-24f), 0x1p-23f);  // tie: to even (2 x 2^-24)
}

TEST(LowPrecision, GemmUsesRoundedOperandsAndFp32Sums) {
    auto be = make_cpu_backend(1);
    const idx m = 7, n = 5, k = 9;
    std::vector<float> a(std::size_t(m * k)), b(std::size_t(k * n));
    for (std::size_t i = 0; i < a.size(); ++i) a[i] = 1.0f + 0.001f * float(i);
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = 0.5f - 0.0007f * float(i);
    for (auto fmt : {LowPrecision::bf16, LowPrecision::fp16}) {
        std::vector<float> c(std::size_t(m * n), 0.0f), full(std::size_t(m * n), 0.0f);
        be->gemm_lowp(fmt, Op::no_trans, Op::no_trans, m, n, k, 1.0f, a.data(), m, b.data(), k, 0.0f,
                      c.data(), m);
        be->gemm_lowp(LowPrecision::fp32, Op::no_trans, Op::no_trans, m, n, k, 1.0f, a.data(), m,
                      b.data(), k, 0.0f, full.data(), m);
        const int bits = fmt == LowPrecision::bf16 ? 8 : 11;
        double worst_diff_from_fp32 = 0;
        for (idx i = 0; i < m; ++i)
            for (idx j = 0; j < n; ++j) {
                double exact = 0;  // the products of the rounded operands, summed in FP64
                for (idx l = 0; l < k; ++l)
                    exact += double(reference_round(a[std::size_t(i + l * m)], bits)) *
                             double(reference_round(b[std::size_t(l + j * k)], bits));
                EXPECT_NEAR(c[std::size_t(i + j * m)], exact, 1e-5 * std::abs(exact));
                worst_diff_from_fp32 = std::max(
                    worst_diff_from_fp32, double(std::abs(c[std::size_t(i + j * m)] - full[std::size_t(i + j * m)])));
            }
        EXPECT_GT(worst_diff_from_fp32, 1e-4) << "the operands were not rounded";
    }
}

TEST(NoPivotLu, ReconstructsTheMatrix) {
    auto be = make_cpu_backend(1);
    for (idx n : {1, 5, 16, 17, 100, 129}) {
        std::mt19937 gen{static_cast<unsigned>(n)};
        std::uniform_real_distribution<float> u(-0.5f, 0.5f);
        std::vector<float> a(std::size_t(n * n));
        for (auto& v : a) v = u(gen);
        for (idx i = 0; i < n; ++i) a[std::size_t(i + i * n)] += float(n);  // dominant
        auto lu = a;
        ASSERT_EQ(be->getrf_nopiv(n, lu.data(), n), 0);
        for (idx i = 0; i < n; ++i)
            for (idx j = 0; j < n; ++j) {
                double s = 0;
                for (idx l = 0; l <= std::min(i, j); ++l)
                    s += (l == i ? 1.0 : double(lu[std::size_t(i + l * n)])) * double(lu[std::size_t(l + j * n)]);
                EXPECT_NEAR(s, a[std::size_t(i + j * n)], 1e-5 * double(n)) << n << " " << i << " " << j;
            }
    }
}

TEST(NoPivotLu, ReportsAZeroPivot) {
    auto be = make_cpu_backend(1);
    std::vector<float> a = {1, 2, 0, 2, 4, 0, 0, 0, 1};  // column-major; second pivot is 0
    EXPECT_EQ(be->getrf_nopiv(3, a.data(), 3), 2);
}

namespace {

mxp::Params small(idx n, idx nb) {
    mxp::Params p;
    p.n = n;
    p.nb = nb;
    return p;
}

/// x from the whole method on one process, and LAPACK's FP64 solution of the same system.
double method_vs_lapack(const mxp::Params& p, mxp::RefineOutcome& out) {
    auto world = comm::make_self();
    layout::ProcessGrid grid(*world, 1, 1, layout::ProcessMap::row_major);
    auto be = make_cpu_backend(1);
    mxp::System sys(p, grid, *be);
    sys.generate(hpl::MatrixGenerator(p.n, p.seed), grid);
    sys.round_into_factors(*be);
    EXPECT_EQ(mxp::factor_without_pivoting(sys.factors(), sys.ldf(), p, grid, *be).info, 0);
    mxp::LuSolve lu(sys.factors(), sys.ldf(), p.n, p.nb, grid, *be);
    mxp::RowVectors vec(p.n, p.nb, grid);
    std::vector<double> x;
    out = mxp::refine(sys, lu, vec, p, *be, x);

    const blas_int n = blas_int(p.n), one = 1;
    std::vector<double> a(std::size_t(p.n * p.n)), b = sys.b_rows();
    for (idx j = 0; j < p.n; ++j)
        for (idx i = 0; i < p.n; ++i) a[std::size_t(i + j * p.n)] = *sys.a().at(i, j);
    std::vector<blas_int> ipiv(std::size_t(p.n));
    blas_int info = 0;
    dgesv_(&n, &one, a.data(), &n, ipiv.data(), b.data(), &n, &info);
    double d = 0, s = 0;
    for (std::size_t i = 0; i < b.size(); ++i) {
        d = std::max(d, std::abs(x[i] - b[i]));
        s = std::max(s, std::abs(b[i]));
    }
    return d / s;
}

}  // namespace

class MxpSerial : public ::testing::TestWithParam<std::tuple<int, int, LowPrecision, int>> {};

TEST_P(MxpSerial, RefinesToLapacksSolution) {
    const auto [n, nb, prec, depth] = GetParam();
    auto p = small(n, nb);
    p.precision = prec;
    p.depth = depth;
    mxp::RefineOutcome out;
    EXPECT_LT(method_vs_lapack(p, out), 1e-12);
    EXPECT_TRUE(out.converged) << out.reason;
    EXPECT_LT(out.scaled_residual, p.threshold);
    EXPECT_LE(out.iterations, 10);
}

INSTANTIATE_TEST_SUITE_P(
    Sizes, MxpSerial,
    ::testing::Values(std::tuple{5, 1, LowPrecision::fp32, 1}, std::tuple{7, 2, LowPrecision::fp32, 0},
                      std::tuple{100, 16, LowPrecision::fp32, 1}, std::tuple{301, 64, LowPrecision::fp32, 0},
                      std::tuple{301, 64, LowPrecision::bf16, 1}, std::tuple{301, 64, LowPrecision::fp16, 1},
                      std::tuple{96, 200, LowPrecision::bf16, 0}, std::tuple{500, 32, LowPrecision::fp16, 0}));

TEST(MxpRun, PassesAndTimesEachPart) {
    auto world = comm::make_self();
    layout::ProcessGrid grid(*world, 1, 1, layout::ProcessMap::row_major);
    auto be = make_cpu_backend(1);
    const auto r = mxp::run_test(small(400, 64), grid, *be);
    EXPECT_TRUE(r.passed) << r.failure;
    EXPECT_LT(r.check.resid, 16.0);
    EXPECT_GT(r.gflops, 0);
    EXPECT_GT(r.lu_s, 0);
    EXPECT_GT(r.refine_s, 0);
    EXPECT_NEAR(r.time_s, r.convert_s + r.lu_s + r.refine_s, 0.01 * r.time_s + 1e-3);
    EXPECT_GE(r.refinement.iterations, 1);
}

// The default matrix is not diagonally dominant (the rules keep that for testing), is well
// conditioned, and passes in every precision; the dominant one is labelled testing only.
TEST(MxpRun, TheDefaultMatrixIsNotDominantAndPassesInEveryPrecision) {
    auto world = comm::make_self();
    layout::ProcessGrid grid(*world, 1, 1, layout::ProcessMap::row_major);
    auto be = make_cpu_backend(1);
    for (auto prec : {LowPrecision::fp32, LowPrecision::bf16, LowPrecision::fp16}) {
        auto p = small(400, 32);
        p.precision = prec;
        const auto r = mxp::run_test(p, grid, *be);
        EXPECT_TRUE(r.passed) << mxp::precision_name(prec) << " " << r.failure;
        EXPECT_EQ(r.dominant_rows, 0);
        EXPECT_GT(r.condition_estimate, 1.5);
        EXPECT_LT(r.condition_estimate, 6);
        EXPECT_FALSE(mxp::testing_only(p.generator));
        EXPECT_EQ(r.refinement.iteration_history.size(), std::size_t(r.refinement.iterations));
    }
    auto p = small(400, 32);
    p.generator = mxp::Generator::dominant;
    const auto r = mxp::run_test(p, grid, *be);
    EXPECT_TRUE(r.passed);
    EXPECT_EQ(r.dominant_rows, 400);
    EXPECT_TRUE(mxp::testing_only(p.generator));
}

// Past the default limit of 50 GMRES iterations a run fails, with the reason.
TEST(MxpRun, FiftyIterationsAndNoMore) {
    auto world = comm::make_self();
    layout::ProcessGrid grid(*world, 1, 1, layout::ProcessMap::row_major);
    auto be = make_cpu_backend(1);
    auto p = small(200, 32);
    p.threshold = 1e-9;  // beyond FP64: no number of iterations reaches it
    p.restart = 10;
    ASSERT_EQ(p.max_iterations, 50);
    const auto r = mxp::run_test(p, grid, *be);
    EXPECT_FALSE(r.passed);
    EXPECT_FALSE(r.refinement.converged);
    EXPECT_EQ(r.refinement.iterations, 50);
    EXPECT_NE(r.failure.find("no convergence in 50 GMRES iterations"), std::string::npos) << r.failure;
}

TEST(MxpRun, RefinementOutOfIterationsFailsWithTheReason) {
    auto world = comm::make_self();
    layout::ProcessGrid grid(*world, 1, 1, layout::ProcessMap::row_major);
    auto be = make_cpu_backend(1);
    auto p = small(300, 32);
    p.threshold = 1e-9;  // beyond FP64: no number of iterations reaches it
    p.max_iterations = 3;
    const auto r = mxp::run_test(p, grid, *be);
    EXPECT_FALSE(r.passed);
    EXPECT_FALSE(r.refinement.converged);
    EXPECT_EQ(r.refinement.iterations, 3);
    EXPECT_NE(r.failure.find("no convergence in 3 GMRES iterations"), std::string::npos) << r.failure;
}
