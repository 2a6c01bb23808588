// The recursive panel factorization, every PFACT x RFACT, against LAPACK's dgetrf, on every
// backend.
#include <gtest/gtest.h>

#include <cmath>
#include <tuple>

#include "backend/backend.hpp"
#include "backends.hpp"
#include "backend/cpu/blas.hpp"
#include "comm/communicator.hpp"
#include "common/hpl_generator.hpp"
#include "hpl/panel.hpp"
#include "hpl/panel_factor.hpp"

using namespace exa;
using hpl::Factorization;

class PanelFactor
    : public ::testing::TestWithParam<std::tuple<std::string, Factorization, Factorization, int, int, int>> {};

TEST_P(PanelFactor, MatchesDgetrf) {
    const auto [backend, pfact, rfact, nbmin, ndiv, jb] = GetParam();
    EXA_BACKEND_OR_SKIP(be, backend, 1);
    const idx m = 3 * jb + 5, j0 = 40;  // panel rows j0 .. j0+m-1
    const hpl::MatrixGenerator gen(200, 7);
    std::vector<double> a(std::size_t(m * jb));
    for (idx j = 0; j < jb; ++j)
        for (idx i = 0; i < m; ++i) a[i + j * m] = gen.entry(i, j);

    // LAPACK's answer.
    std::vector<double> lu = a;
    std::vector<blas_int> ipiv(static_cast<std::size_t>(jb));
    const blas_int M = blas_int(m), N = blas_int(jb), LDA = blas_int(m);
    blas_int info = 0;
    dgetrf_(&M, &N, lu.data(), &LDA, ipiv.data(), &info);
    ASSERT_EQ(info, 0);

    // Ours: W = top jb rows, L = the rest, laid out in the panel's buffer on the backend.
    hpl::Panel pn;
    pn.j0 = j0;
    pn.jb = jb;
    pn.ml = m - jb;
    std::vector<double> buf(std::size_t(pn.count()), 0.0);
    const idx ldl = pn.ldl(), l0 = jb * jb + jb;
    for (idx j = 0; j < jb; ++j) {
        for (idx i = 0; i < jb; ++i) buf[std::size_t(i + j * jb)] = a[i + j * m];
        for (idx i = 0; i < pn.ml; ++i) buf[std::size_t(l0 + i + j * ldl)] = a[jb + i + j * m];
    }
    pn.buffer = test::to_backend(*be, buf);
    std::vector<idx> l_rows(std::size_t(pn.ml));
    for (idx i = 0; i < pn.ml; ++i) l_rows[i] = j0 + jb + i;
    hpl::Params prm;
    prm.pfact = pfact;
    prm.rfact = rfact;
    prm.nbmin = nbmin;
    prm.ndiv = ndiv;
    auto self = comm::make_self();
    EXPECT_EQ(hpl::factor_panel_buffer(pn, l_rows.data(), prm, *self, *be), 0);
    pn.fetch_pivots(*be);
    buf = test::to_host(*be, pn.buffer);

    double worst = 0;
    for (idx j = 0; j < jb; ++j) {
        EXPECT_EQ(pn.ipiv(j), j0 + ipiv[j] - 1) << "pivot of column " << j;
        for (idx i = 0; i < jb; ++i) worst = std::max(worst, std::abs(buf[std::size_t(i + j * jb)] - lu[i + j * m]));
        for (idx i = 0; i < pn.ml; ++i)
            worst = std::max(worst, std::abs(buf[std::size_t(l0 + i + j * ldl)] - lu[jb + i + j * m]));
    }
    EXPECT_LT(worst, 1e-11);
}

INSTANTIATE_TEST_SUITE_P(
    AllVariants, PanelFactor,
    ::testing::Combine(::testing::ValuesIn(test::backends()),
                       ::testing::Values(Factorization::left, Factorization::crout, Factorization::right),
                       ::testing::Values(Factorization::left, Factorization::crout, Factorization::right),
                       ::testing::Values(1, 4, 8), ::testing::Values(2, 3),
                       ::testing::Values(1, 17, 32)));

class PanelFactorZeroPivot : public ::testing::TestWithParam<std::string> {};

namespace {

/// Factors a panel of jb columns from global row j0, W's and L's rows filled by `entry`
/// (row index within the panel, column), L's rows right below W's on this process.
/// Returns the factorization's result, the panel left on the backend.
idx factor_small_panel(Backend& be, hpl::Panel& pn, idx j0, idx jb, idx ml, double (*entry)(idx, idx)) {
    pn.j0 = j0;
    pn.jb = jb;
    pn.ml = ml;
    std::vector<double> buf(std::size_t(pn.count()), 0.0);
    const idx l0 = jb * jb + jb, ldl = pn.ldl();
    for (idx j = 0; j < jb; ++j) {
        for (idx i = 0; i < jb; ++i) buf[std::size_t(i + j * jb)] = entry(i, j);
        for (idx i = 0; i < ml; ++i) buf[std::size_t(l0 + i + j * ldl)] = entry(jb + i, j);
    }
    pn.buffer = test::to_backend(be, buf);
    std::vector<idx> l_rows(static_cast<std::size_t>(ml));
    for (idx i = 0; i < ml; ++i) l_rows[std::size_t(i)] = j0 + jb + i;
    hpl::Params prm;
    auto self = comm::make_self();
    return hpl::factor_panel_buffer(pn, l_rows.data(), prm, *self, be);
}

}  // namespace

TEST_P(PanelFactorZeroPivot, ReportsFirstZeroColumn) {
    EXA_BACKEND_OR_SKIP(be, GetParam(), 1);
    hpl::Panel pn;
    // Column 0 fine (W's rows), column 1 zero after it: info names global column 10 + 1, 1-based.
    const auto entry = [](idx i, idx j) { return j == 0 && i < 4 ? 1.0 + double(i) : 0.0; };
    EXPECT_EQ(factor_small_panel(*be, pn, 10, 4, 6, entry), 10 + 1 + 1);
}

// A column of NaNs has no largest entry: its first row stands as the pivot (no read or write
// outside the panel), and the NaNs reach the factors for the residual check to fail.
TEST_P(PanelFactorZeroPivot, ANanColumnStaysInsideThePanel) {
    EXA_BACKEND_OR_SKIP(be, GetParam(), 1);
    hpl::Panel pn;
    factor_small_panel(*be, pn, 0, 4, 6, [](idx, idx j) { return j == 0 ? std::nan("") : 1.0; });
    pn.fetch_pivots(*be);
    EXPECT_EQ(pn.ipiv(0), 0);
    const auto buf = test::to_host(*be, pn.buffer);
    EXPECT_TRUE(std::isnan(buf[0]));
}

INSTANTIATE_TEST_SUITE_P(EveryBackend, PanelFactorZeroPivot, ::testing::ValuesIn(test::backends()));
