#pragma once
// One HPL-MxP test's parameters.
#include <cstdint>
#include <string>

#include "backend/backend.hpp"
#include "hpl/params.hpp"
#include "layout/process_grid.hpp"

namespace exa::mxp {

/// An HPL-MxP test is an HPL test's problem, grid and schedule (HPL.dat's pivoting variants,
/// PFACT to SWAP, do not apply) with the factorization's low precision and the refinement's
/// limits.
struct Params : hpl::Params {
    LowPrecision precision = LowPrecision::fp32;
    int max_iterations = 50;     ///< GMRES iterations before the run fails (the rules' limit)
    int restart = 50;            ///< GMRES restart length
    bool diagonally_dominant = true;  ///< false only in tests: LU without pivoting may fail
};

const char* precision_name(LowPrecision p);  // fp32, bf16, fp16
/// The T/V code of the result line: M, PMAP, DEPTH, BCAST, precision (S, B, H); "MR11S".
std::string tv_code(const Params& p);

}  // namespace exa::mxp
