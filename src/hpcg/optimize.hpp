#pragma once
// HPCG's OptimizeProblem: the data structures the chosen kernels want, built from the
// generated problem (timed by the caller and charged in the rating).
#include <vector>

#include "backend/sparse_kernels.hpp"
#include "comm/communicator.hpp"
#include "hpcg/problem.hpp"

namespace exa::hpcg {

/// Reorders by colour, orders rows for the sweeps, and stores the restricted rows' and the
/// split copies, each when `kernels` wants it, in that order (the copies follow the final
/// order). Returns each level's number of colours (0: natural order). Collective.
std::vector<int> optimize_problem(Problem& pb, const SparseKernels& kernels, comm::Communicator& comm);

}  // namespace exa::hpcg
