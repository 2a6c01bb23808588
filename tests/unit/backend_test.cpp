// Every backend's kernels against plain loops on the host: the dense kernels in both
// precisions, the coarse operations (HPL's fill, the residual's sums, HPL-MxP's low-precision
// GEMM, LU without pivoting, the conversion), its memory and its queue. Instantiated for
// every backend this binary has.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <random>
#include <utility>
#include <vector>

#include "backend/cpu/low_precision.hpp"
#include "backend/sparse_kernels.hpp"
#include "backends.hpp"
#include "common/hpl_generator.hpp"

using namespace exa;

namespace {

template <class T>
std::vector<T> random_values(std::size_t n, unsigned seed) {
    std::mt19937 g(seed);
    std::uniform_real_distribution<double> u(-1, 1);
    std::vector<T> v(n);
    for (auto& x : v) x = T(u(g));
    return v;
}

/// Column-major m x n entry (i, j) of op(A), A stored with leading dimension ld.
template <class T>
T op_at(const std::vector<T>& a, idx ld, Op op, idx i, idx j) {
    return op == Op::no_trans ? a[std::size_t(i + j * ld)] : a[std::size_t(j + i * ld)];
}

template <class T>
constexpr double tolerance() {
    return std::is_same_v<T, double> ? 1e-12 : 2e-5;
}

template <class T>
double max_diff(const std::vector<T>& a, const std::vector<T>& b) {
    double d = 0;
    for (std::size_t i = 0; i < a.size(); ++i) d = std::max(d, std::abs(double(a[i]) - double(b[i])));
    return d;
}

/// The dense kernels of precision T against loops.
template <class T>
void check_dense(Backend& be) {
    auto& k = be.dense<T>();
    const idx m = 37, n = 29, kk = 23;
    // GEMM, every transpose combination, alpha and beta.
    for (Op ta : {Op::no_trans, Op::trans})
        for (Op tb : {Op::no_trans, Op::trans}) {
            const idx lda = ta == Op::no_trans ? m + 3 : kk + 2, ldb = tb == Op::no_trans ? kk + 1 : n + 4;
            const auto a = random_values<T>(std::size_t(lda * (ta == Op::no_trans ? kk : m)), 1);
            const auto b = random_values<T>(std::size_t(ldb * (tb == Op::no_trans ? n : kk)), 2);
            auto c = random_values<T>(std::size_t((m + 2) * n), 3);
            auto da = test::to_backend(be, a), db = test::to_backend(be, b), dc = test::to_backend(be, c);
            k.gemm(ta, tb, m, n, kk, T(-0.5), da.data(), lda, db.data(), ldb, T(2), dc.data(), m + 2);
            for (idx j = 0; j < n; ++j)
                for (idx i = 0; i < m; ++i) {
                    double s = 0;
                    for (idx p = 0; p < kk; ++p) s += double(op_at(a, lda, ta, i, p)) * double(op_at(b, ldb, tb, p, j));
                    c[std::size_t(i + j * (m + 2))] = T(-0.5 * s + 2 * double(c[std::size_t(i + j * (m + 2))]));
                }
            EXPECT_LT(max_diff(test::to_host(be, dc), c), 50 * tolerance<T>()) << "gemm " << char(ta) << char(tb);
        }
    // TRSM: op(A) X = alpha B or X op(A) = alpha B, solved, then multiplied back; small and
    // large enough for the CPU backend's split into halves, padded leading dimensions.
    for (const auto [tm, tn] : {std::pair<idx, idx>{m, n}, {131, 70}})
        for (Side side : {Side::left, Side::right})
            for (Uplo uplo : {Uplo::lower, Uplo::upper})
                for (Op ta : {Op::no_trans, Op::trans})
                    for (Diag diag : {Diag::unit, Diag::non_unit}) {
                        const idx order = side == Side::left ? tm : tn, lda = order + 3, ldb = tm + 2;
                        const T alpha = T(-0.75);
                        auto a = random_values<T>(std::size_t(lda * order), 4);
                        // Well conditioned even with a unit diagonal: small entries off it.
                        for (auto& v : a) v /= T(order);
                        for (idx i = 0; i < order; ++i) a[std::size_t(i + i * lda)] += T(1);
                        const auto b = random_values<T>(std::size_t(ldb * tn), 5);
                        auto da = test::to_backend(be, a), dx = test::to_backend(be, b);
                        k.trsm(side, uplo, ta, diag, tm, tn, alpha, da.data(), lda, dx.data(), ldb);
                        const auto x = test::to_host(be, dx);
                        // The triangle that counts, with its diagonal as the kernel reads it.
                        auto tri = [&](idx i, idx j) -> double {
                            const idx r = ta == Op::no_trans ? i : j, c = ta == Op::no_trans ? j : i;
                            if (r == c) return diag == Diag::unit ? 1.0 : double(a[std::size_t(r + c * lda)]);
                            const bool in = uplo == Uplo::lower ? r > c : r < c;
                            return in ? double(a[std::size_t(r + c * lda)]) : 0.0;
                        };
                        double worst = 0;
                        for (idx j = 0; j < tn; ++j)
                            for (idx i = 0; i < tm; ++i) {
                                double s = 0;
                                if (side == Side::left)
                                    for (idx p = 0; p < tm; ++p) s += tri(i, p) * double(x[std::size_t(p + j * ldb)]);
                                else
                                    for (idx p = 0; p < tn; ++p) s += double(x[std::size_t(i + p * ldb)]) * tri(p, j);
                                worst = std::max(worst, std::abs(s - double(alpha) * double(b[std::size_t(i + j * ldb)])));
                            }
                        EXPECT_LT(worst, 100 * tolerance<T>())
                            << "trsm " << tm << "x" << tn << " " << char(side) << char(uplo) << char(ta) << char(diag);
                    }
    // GEMV, GER, SCAL, IAMAX, COPY, SWAP, LACPY, TRANSPOSE.
    {
        const auto a = random_values<T>(std::size_t(m * n), 6), x = random_values<T>(std::size_t(n), 7);
        auto y = random_values<T>(std::size_t(m), 8);
        auto da = test::to_backend(be, a), dx = test::to_backend(be, x), dy = test::to_backend(be, y);
        k.gemv(Op::no_trans, m, n, T(2), da.data(), m, dx.data(), 1, T(-1), dy.data(), 1);
        for (idx i = 0; i < m; ++i) {
            double s = 0;
            for (idx j = 0; j < n; ++j) s += double(a[std::size_t(i + j * m)]) * double(x[std::size_t(j)]);
            y[std::size_t(i)] = T(2 * s - double(y[std::size_t(i)]));
        }
        EXPECT_LT(max_diff(test::to_host(be, dy), y), 20 * tolerance<T>()) << "gemv";

        auto g = a;
        k.ger(m, n, T(0.5), dy.data(), 1, dx.data(), 1, da.data(), m);
        const auto yy = test::to_host(be, dy);
        for (idx j = 0; j < n; ++j)
            for (idx i = 0; i < m; ++i)
                g[std::size_t(i + j * m)] += T(0.5 * double(yy[std::size_t(i)]) * double(x[std::size_t(j)]));
        EXPECT_LT(max_diff(test::to_host(be, da), g), 20 * tolerance<T>()) << "ger";

        k.scal(n, T(-3), dx.data(), 1);
        auto xs = x;
        for (auto& v : xs) v *= T(-3);
        EXPECT_LT(max_diff(test::to_host(be, dx), xs), tolerance<T>()) << "scal";
        const auto top = std::max_element(xs.begin(), xs.end(), [](T p, T q) { return std::abs(p) < std::abs(q); });
        EXPECT_EQ(k.iamax(n, dx.data(), 1), idx(top - xs.begin())) << "iamax";
        EXPECT_EQ(k.iamax(0, dx.data(), 1), -1);

        Buffer<T> dz(be, std::size_t(n));
        k.copy(n, dx.data(), 1, dz.data(), 1);
        EXPECT_EQ(test::to_host(be, dz), xs) << "copy";
        auto dw = test::to_backend(be, x);
        k.swap(n, dz.data(), 1, dw.data(), 1);
        EXPECT_EQ(test::to_host(be, dz), x) << "swap";
        EXPECT_EQ(test::to_host(be, dw), xs) << "swap";

        Buffer<T> db(be, std::size_t((m + 1) * n)), dt(be, std::size_t(n * m));
        k.lacpy(m, n, da.data(), m, db.data(), m + 1);
        k.transpose(m, n, da.data(), m, dt.data(), n);
        const auto bh = test::to_host(be, db), th = test::to_host(be, dt), ah = test::to_host(be, da);
        for (idx j = 0; j < n; ++j)
            for (idx i = 0; i < m; ++i) {
                EXPECT_EQ(bh[std::size_t(i + j * (m + 1))], ah[std::size_t(i + j * m)]) << "lacpy";
                EXPECT_EQ(th[std::size_t(j + i * n)], ah[std::size_t(i + j * m)]) << "transpose";
            }
    }
    // HPL's column movement: gather, scatter, copy (index lists on the host).
    {
        const idx rows = 11, cols = 9;
        const auto a = random_values<T>(std::size_t(rows * cols), 9);
        auto da = test::to_backend(be, a);
        const std::vector<idx> pick{7, 2, 5};
        Buffer<T> dg(be, std::size_t(rows * pick.size()));
        k.gather_columns(idx(pick.size()), pick.data(), rows, da.data(), rows, dg.data(), rows);
        const auto gh = test::to_host(be, dg);
        for (std::size_t c = 0; c < pick.size(); ++c)
            for (idx i = 0; i < rows; ++i)
                EXPECT_EQ(gh[c * std::size_t(rows) + std::size_t(i)], a[std::size_t(i + pick[c] * rows)]) << "gather";
        const std::vector<idx> to{0, 8, 4};
        k.scatter_columns(idx(to.size()), to.data(), rows, dg.data(), rows, da.data(), rows);
        const std::vector<idx> from{1, 3}, dest{6, 7};
        k.copy_columns(2, from.data(), dest.data(), rows, da.data(), rows);
        auto expect = a;
        for (std::size_t c = 0; c < to.size(); ++c)
            for (idx i = 0; i < rows; ++i) expect[std::size_t(i + to[c] * rows)] = gh[c * std::size_t(rows) + std::size_t(i)];
        for (std::size_t c = 0; c < from.size(); ++c)
            for (idx i = 0; i < rows; ++i)
                expect[std::size_t(i + dest[c] * rows)] = expect[std::size_t(i + from[c] * rows)];
        EXPECT_EQ(test::to_host(be, da), expect) << "scatter, copy";
    }
}

}  // namespace

class BackendKernels : public ::testing::TestWithParam<std::string> {};

TEST_P(BackendKernels, MemoryAndQueue) {
    EXA_BACKEND_OR_SKIP(be, GetParam(), 1);
    std::vector<double> host(1000);
    std::iota(host.begin(), host.end(), 0.0);
    auto b = test::to_backend(*be, host);
    be->record()->synchronize();
    be->synchronize();
    EXPECT_EQ(test::to_host(*be, b), host);
    b.reserve(10);  // no smaller: kept
    EXPECT_EQ(b.size(), 1000u);
    b.reserve(5000);  // grown: zeros
    EXPECT_EQ(test::to_host(*be, b), std::vector<double>(5000, 0.0));
    // HPCG's kernels: on the CPU backend (the others have none yet, and say so).
    if (be->name() == "cpu") EXPECT_NE(be->sparse_kernels(), nullptr);
    else EXPECT_EQ(be->sparse_kernels(), nullptr);
}

TEST_P(BackendKernels, DenseFp64) {
    EXA_BACKEND_OR_SKIP(be, GetParam(), 1);
    check_dense<double>(*be);
}

TEST_P(BackendKernels, DenseFp32) {
    EXA_BACKEND_OR_SKIP(be, GetParam(), 1);
    check_dense<float>(*be);
}

// The fill writes each process's part of [A | b] exactly as the generator defines it.
TEST_P(BackendKernels, HplFillIsTheGenerator) {
    EXA_BACKEND_OR_SKIP(be, GetParam(), 2);
    const idx n = 97, nb = 8;
    const hpl::MatrixGenerator gen(n, 42);
    for (int row : {0, 1})
        for (int col : {0, 2}) {
            const layout::BlockCyclic1D rows{n, nb, 2, row}, cols{n + 1, nb, 3, col};
            const idx ld = cols.count() + 3;
            Buffer<double> a(*be, std::size_t(ld * rows.count()));
            be->fill_hpl({gen, rows, cols}, a.data(), ld);
            const auto h = test::to_host(*be, a);
            for (idx il = 0; il < rows.count(); ++il)
                for (idx jl = 0; jl < cols.count(); ++jl)
                    ASSERT_EQ(h[std::size_t(il * ld + jl)], gen.entry(rows.global(il), cols.global(jl)))
                        << row << "," << col << ": " << il << "," << jl;
        }
}

TEST_P(BackendKernels, AbsoluteSums) {
    EXA_BACKEND_OR_SKIP(be, GetParam(), 1);
    const idx m = 13, n = 7, ld = 15;
    const auto a = random_values<double>(std::size_t(ld * n), 11);
    auto da = test::to_backend(*be, a);
    Buffer<double> rs(*be, std::size_t(m)), cs(*be, std::size_t(n));
    be->abs_sums(m, n, da.data(), ld, rs.data(), cs.data());
    std::vector<double> r(std::size_t(m), 0.0), c(std::size_t(n), 0.0);
    for (idx j = 0; j < n; ++j)
        for (idx i = 0; i < m; ++i) {
            r[std::size_t(i)] += std::abs(a[std::size_t(i + j * ld)]);
            c[std::size_t(j)] += std::abs(a[std::size_t(i + j * ld)]);
        }
    EXPECT_LT(max_diff(test::to_host(*be, rs), r), 1e-13);
    EXPECT_LT(max_diff(test::to_host(*be, cs), c), 1e-13);
}

// HPL-MxP's GEMM: operands rounded to the format, products exact, sums in FP32.
TEST_P(BackendKernels, LowPrecisionGemm) {
    EXA_BACKEND_OR_SKIP(be, GetParam(), 1);
    const idx m = 24, n = 20, k = 16;
    const auto a = random_values<float>(std::size_t(m * k), 12), b = random_values<float>(std::size_t(k * n), 13);
    for (LowPrecision fmt : {LowPrecision::fp32, LowPrecision::bf16, LowPrecision::fp16}) {
        auto da = test::to_backend(*be, a), db = test::to_backend(*be, b);
        Buffer<float> dc(*be, std::size_t(m * n));
        be->gemm_lowp(fmt, Op::no_trans, Op::no_trans, m, n, k, 1.0f, da.data(), m, db.data(), k, 0.0f, dc.data(), m);
        auto round = [&](float v) {
            return fmt == LowPrecision::bf16 ? cpu::round_to_bf16(v) : fmt == LowPrecision::fp16 ? cpu::round_to_fp16(v) : v;
        };
        std::vector<float> c(std::size_t(m * n));
        for (idx j = 0; j < n; ++j)
            for (idx i = 0; i < m; ++i) {
                double s = 0;
                for (idx p = 0; p < k; ++p)
                    s += double(round(a[std::size_t(i + p * m)])) * double(round(b[std::size_t(p + j * k)]));
                c[std::size_t(i + j * m)] = float(s);
            }
        EXPECT_LT(max_diff(test::to_host(*be, dc), c), 1e-5) << int(fmt);
    }
}

TEST_P(BackendKernels, LuWithoutPivotingAndConversion) {
    EXA_BACKEND_OR_SKIP(be, GetParam(), 1);
    const idx n = 45;
    auto a64 = random_values<double>(std::size_t(n * n), 14);
    for (idx i = 0; i < n; ++i) a64[std::size_t(i + i * n)] += double(n);  // stable without pivoting
    auto d64 = test::to_backend(*be, a64);
    Buffer<float> f(*be, std::size_t(n * n));
    be->convert(Op::trans, n, n, d64.data(), n, f.data(), n);  // f = A^T in FP32
    const auto ft = test::to_host(*be, f);
    for (idx j = 0; j < n; ++j)
        for (idx i = 0; i < n; ++i) ASSERT_EQ(ft[std::size_t(i + j * n)], float(a64[std::size_t(j + i * n)]));
    EXPECT_EQ(be->getrf_nopiv(n, f.data(), n), 0);
    const auto lu = test::to_host(*be, f);
    double worst = 0;  // L U against A^T
    for (idx j = 0; j < n; ++j)
        for (idx i = 0; i < n; ++i) {
            double s = 0;
            for (idx p = 0; p <= std::min(i, j); ++p)
                s += (p == i ? 1.0 : double(lu[std::size_t(i + p * n)])) * double(lu[std::size_t(p + j * n)]);
            worst = std::max(worst, std::abs(s - double(ft[std::size_t(i + j * n)])));
        }
    EXPECT_LT(worst, 1e-4);
    // A zero pivot is found and named.
    Buffer<float> z(*be, std::size_t(4));
    EXPECT_EQ(be->getrf_nopiv(2, z.data(), 2), 1);
}

INSTANTIATE_TEST_SUITE_P(EveryBackend, BackendKernels, ::testing::ValuesIn(test::backends()));

// The guarded backend traps what a GPU would not allow: the host touching device memory.
TEST(GuardedBackend, TheHostCannotTouchItsMemory) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_DEATH(
        {
            test::GuardedBackend be;
            Buffer<double> b(be, 10);
            b.data()[3] = 1.0;
        },
        "");
    test::GuardedBackend be;
    Buffer<double> b(be, 10);
    const std::vector<double> v(10, 2.0);
    be.copy_from_host(b.data(), v.data(), sizeof(double) * 10);  // its own calls may
    EXPECT_EQ(test::to_host(be, b), v);
    EXPECT_TRUE(be.in_device_memory(b.data() + 9));
    EXPECT_FALSE(be.in_device_memory(v.data()));
}
