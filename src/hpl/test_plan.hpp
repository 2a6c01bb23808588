#pragma once
// The tests of one invocation: lists of parameter values whose every combination is one
// test, as in netlib HPL's HPL.dat (or the single values given on the command line).
#include <string>
#include <utility>
#include <vector>

#include "hpl/params.hpp"

namespace exa::hpl {

struct TestPlan {
    std::string source;       ///< "HPL.dat" path, or "command line"
    std::string output_file;  ///< HPL.dat line 3
    int device = 6;           ///< HPL.dat line 4: 6 stdout, 7 stderr, else the file of line 3
    /// What the file gives once (PMAP, threshold, SWAP and its threshold, L1, U, EQUIL,
    /// ALIGN; the seed): every test starts from it.
    Params base;
    std::vector<std::int64_t> ns, nbs;
    std::vector<std::pair<int, int>> grids;
    std::vector<Factorization> pfacts, rfacts;
    std::vector<std::int64_t> nbmins, ndivs;
    std::vector<Broadcast> bcasts;
    std::vector<int> depths;

    /// Every combination, in netlib's loop order (grid, N, NB, DEPTH, BCAST, RFACT, PFACT,
    /// NBMIN, NDIV).
    [[nodiscard]] std::vector<Params> tests() const;
    /// A plan of one test.
    static TestPlan single(const Params& p);
};

}  // namespace exa::hpl
