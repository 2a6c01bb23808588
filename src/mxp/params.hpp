#pragma once
// One HPL-MxP test's parameters.
#include <cstdint>
#include <string>

#include "backend/backend.hpp"
#include "hpl/params.hpp"
#include "layout/process_grid.hpp"

namespace exa::mxp {

/// How A is made from HPL's random matrix R (docs/mxp.md, "The matrix").
enum class Generator {
    /// The default, by today's rules: A = R + d I, d = 2 sqrt(N / 3), twice R's expected
    /// 2-norm. Not diagonally dominant; every leading block's smallest singular value is at
    /// least d - ||R||_2, so LU without pivoting is stable and kappa_2(A) is about 3.
    shifted,
    /// A(i,i) = sum over j != i of |A(i,j)|: the rules allow it for testing only.
    dominant,
    /// R itself, which LU without pivoting need not factor stably: for tests of failure.
    plain,
};

/// An HPL-MxP test is an HPL test's problem, grid and schedule (HPL.dat's pivoting variants,
/// PFACT to SWAP, do not apply) with the factorization's low precision and the refinement's
/// limits.
struct Params : hpl::Params {
    LowPrecision precision = LowPrecision::fp32;
    int max_iterations = 50;     ///< GMRES iterations before the run fails (the rules' limit)
    int restart = 50;            ///< GMRES restart length
    Generator generator = Generator::shifted;
};

const char* generator_name(Generator g);  // shifted, dominant, plain
/// A run on this matrix is not a valid HPL-MxP submission (the rules: testing only).
inline bool testing_only(Generator g) { return g != Generator::shifted; }
/// The words every output of such a run carries.
inline constexpr const char* testing_only_label = "testing only: not a valid HPL-MxP submission";

const char* precision_name(LowPrecision p);  // fp32, bf16, fp16
/// The T/V code of the result line: M, PMAP, DEPTH, BCAST, precision (S, B, H); "MR11S".
std::string tv_code(const Params& p);

}  // namespace exa::mxp
