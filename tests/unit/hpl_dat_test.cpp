// HPL.dat: netlib's file runs unchanged; each malformed or out-of-range field is refused
// with one line naming the file, line and field.
#include <gtest/gtest.h>

#include <sstream>

#include "cli/hpl_dat.hpp"
#include "common/error.hpp"

using namespace exa;

namespace {

const char* const netlib_dat = R"(HPLinpack benchmark input file
Innovative Computing Laboratory, University of Tennessee
HPL.out      output file name (if any)
6            device out (6=stdout,7=stderr,file)
2            # of problems sizes (N)
29 30 34 35  Ns
2            # of NBs
1 2 3 4      NBs
0            PMAP process mapping (0=Row-,1=Column-major)
3            # of process grids (P x Q)
2 1 4        Ps
2 4 1        Qs
16.0         threshold
3            # of panel fact
0 1 2        PFACTs (0=left, 1=Crout, 2=Right)
2            # of recursive stopping criterium
2 4          NBMINs (>= 1)
1            # of panels in recursion
2            NDIVs
3            # of recursive panel fact.
0 1 2        RFACTs (0=left, 1=Crout, 2=Right)
1            # of broadcast
0            BCASTs (0=1rg,1=1rM,2=2rg,3=2rM,4=Lng,5=LnM)
1            # of lookahead depth
0            DEPTHs (>=0)
2            SWAP (0=bin-exch,1=long,2=mix)
64           swapping threshold
0            L1 in (0=transposed,1=no-transposed) form
0            U  in (0=transposed,1=no-transposed) form
1            Equilibration (0=no,1=yes)
8            memory alignment in double (> 0)
)";

std::string with_line(int line, const std::string& text) {
    std::istringstream in(netlib_dat);
    std::ostringstream out;
    std::string l;
    for (int i = 1; std::getline(in, l); ++i) out << (i == line ? text : l) << '\n';
    return out.str();
}

}  // namespace

TEST(HplDat, NetlibFileRunsUnchanged) {
    const auto plan = cli::parse_hpl_dat(netlib_dat, "HPL.dat");
    EXPECT_EQ(plan.ns, (std::vector<std::int64_t>{29, 30}));
    EXPECT_EQ(plan.nbs, (std::vector<std::int64_t>{1, 2}));
    ASSERT_EQ(plan.grids.size(), 3u);
    EXPECT_EQ(plan.grids[1], (std::pair<int, int>{1, 4}));
    EXPECT_EQ(plan.pfacts.size(), 3u);
    EXPECT_EQ(plan.nbmins, (std::vector<std::int64_t>{2, 4}));
    EXPECT_EQ(plan.base.swap, hpl::SwapAlgo::mix);
    EXPECT_TRUE(plan.base.l1_transposed);
    EXPECT_TRUE(plan.base.equil);
    const auto tests = plan.tests();
    EXPECT_EQ(tests.size(), 3u * 2 * 2 * 1 * 1 * 3 * 3 * 2 * 1);
    // netlib's loop order: grid outermost, then N, NB, DEPTH, BCAST, RFACT, PFACT, NBMIN, NDIV.
    EXPECT_EQ(tests[0].nbmin, 2);
    EXPECT_EQ(tests[1].nbmin, 4);
    EXPECT_EQ(tests[2].pfact, hpl::Factorization::crout);
    EXPECT_EQ(tests[6].rfact, hpl::Factorization::crout);
    EXPECT_EQ(tests[18].nb, 2);
    EXPECT_EQ(tests[36].n, 30);
    EXPECT_EQ(tests[72].p, 1);
    EXPECT_EQ(hpl::tv_code(tests[0]), "WR00L2L2");
}

struct BadField {
    int line;
    const char* text;
    const char* expect;  ///< the start of the message: file:line: field
};

class HplDatBad : public ::testing::TestWithParam<BadField> {};

TEST_P(HplDatBad, OneLineNamingFileLineAndField) {
    const auto& c = GetParam();
    try {
        cli::parse_hpl_dat(with_line(c.line, c.text), "my.dat");
        FAIL() << "accepted line " << c.line << ": " << c.text;
    } catch (const InputError& e) {
        const std::string msg = e.what();
        EXPECT_EQ(msg.rfind(c.expect, 0), 0u) << msg;
        EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    }
}

INSTANTIATE_TEST_SUITE_P(
    EveryField, HplDatBad,
    ::testing::Values(
        BadField{3, "", "my.dat:3: output file name"},
        BadField{4, "six  device", "my.dat:4: device out"},
        BadField{5, "0  # of N", "my.dat:5: number of problems sizes"},
        BadField{5, "21  # of N", "my.dat:5: number of problems sizes"},
        BadField{6, "29 x  Ns", "my.dat:6: Ns"},
        BadField{6, "29 -5  Ns", "my.dat:6: Ns"},
        BadField{6, "29", "my.dat:6: Ns"},
        BadField{7, "1.5 # NBs", "my.dat:7: number of NBs"},
        BadField{8, "0 2  NBs", "my.dat:8: NBs"},
        BadField{9, "2  PMAP", "my.dat:9: PMAP"},
        BadField{10, "-1 grids", "my.dat:10: number of process grids"},
        BadField{11, "2 0 4  Ps", "my.dat:11: Ps"},
        BadField{12, "2 4  Qs", "my.dat:12: Qs"},
        BadField{12, "2 4 -1  Qs", "my.dat:12: Qs"},
        BadField{13, "sixteen", "my.dat:13: threshold"},
        BadField{15, "0 1 3  PFACTs", "my.dat:15: PFACTs"},
        BadField{17, "2 0  NBMINs", "my.dat:17: NBMINs"},
        BadField{19, "1  NDIVs", "my.dat:19: NDIVs"},
        BadField{21, "0 1 -1  RFACTs", "my.dat:21: RFACTs"},
        BadField{23, "6  BCASTs", "my.dat:23: BCASTs"},
        BadField{25, "-1  DEPTHs", "my.dat:25: DEPTHs"},
        BadField{26, "3  SWAP", "my.dat:26: SWAP"},
        BadField{27, "-64  swapping threshold", "my.dat:27: swapping threshold"},
        BadField{28, "2  L1", "my.dat:28: L1 in"},
        BadField{29, "7  U", "my.dat:29: U  in"},
        BadField{30, "2  Equilibration", "my.dat:30: Equilibration"},
        BadField{31, "0  alignment", "my.dat:31: memory alignment"}));

TEST(HplDat, TruncatedFileNamesTheMissingLine) {
    std::string text(netlib_dat);
    text = text.substr(0, text.find("1            # of broadcast"));
    try {
        cli::parse_hpl_dat(text, "short.dat");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("short.dat:22: # of broadcast: missing line", 0), 0u) << e.what();
    }
}
