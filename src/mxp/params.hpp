#pragma once
// One HPL-MxP test's parameters: HPL's problem and grid, the low precision of the
// factorization, and the refinement's limits.
#include <cstdint>
#include <string>

#include "backend/backend.hpp"
#include "hpl/params.hpp"
#include "layout/process_grid.hpp"

namespace exa::mxp {

struct Params {
    std::int64_t n = 1000;
    std::int64_t nb = 256;
    int p = 1, q = 1;
    layout::ProcessMap pmap = layout::ProcessMap::row_major;
    double threshold = 16.0;     ///< HPL's residual threshold
    hpl::Broadcast bcast = hpl::Broadcast::ring_modified;
    int depth = 1;               ///< lookahead: 0, or 1 (one panel ahead)
    LowPrecision precision = LowPrecision::fp32;
    int max_iterations = 50;     ///< GMRES iterations before the run fails (the rules' limit)
    int restart = 50;            ///< GMRES restart length
    std::int64_t align = 8;
    std::uint64_t seed = 100;
    bool diagonally_dominant = true;  ///< false only in tests: LU without pivoting may fail
};

const char* precision_name(LowPrecision p);  // fp32, bf16, fp16
/// The T/V code of the result line: M, PMAP, DEPTH, BCAST, precision (S, B, H); "MR11S".
std::string tv_code(const Params& p);

}  // namespace exa::mxp
