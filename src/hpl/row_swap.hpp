#pragma once
// Row interchanges of a panel's pivots on a range of trailing columns, and the row panel U
// that they produce, replicated on every process of the column (HPL_pdlaswp00N / 01N).
#include <span>
#include <vector>

#include "backend/backend.hpp"
#include "comm/communicator.hpp"
#include "hpl/panel.hpp"
#include "hpl/params.hpp"

namespace exa::hpl {

class LocalMatrix;

/// Where the pivots move rows, for the rows of the top block j0 .. j0+jb-1:
/// U row i comes from original global row source[i]; original block row j0 + moved_from[t]
/// goes to global row moved_to[t] (rows below the block displaced by a pivot).
struct SwapPlan {
    std::vector<idx> source;
    std::vector<idx> moved_from, moved_to;
    static SwapPlan from_pivots(const Panel& panel);
};

/// The plan in local row indices, for a process column of one process (P = 1).
struct LocalSwap {
    std::vector<idx> source, moved_from, moved_to;
    LocalSwap(const Panel& panel, const SwapPlan& plan, const LocalMatrix& a);
};

/// The row interchanges of one process on nc columns from a0 (rows ld apart): the rows
/// `source` gathered into U (jb x nc, row-major, rows ldu apart), then the displaced rows
/// copied from `from` to `to`.
void interchange_rows(std::span<const idx> source, std::span<const idx> from,
                      std::span<const idx> to, idx nc, double* a0, idx ld, double* u, idx ldu,
                      Backend& be);

/// P = 1: the swaps on local columns [jl0, jl0 + nc), U's rows into u (jb x nc, row-major,
/// rows ldu apart). Column ranges are independent, so threads may share out one update.
void swap_rows_local(const LocalSwap& swap, LocalMatrix& a, idx jl0, idx nc, double* u, idx ldu,
                     Backend& be);

/// Applies the swaps to local columns [jl0, jl0 + nc) of `a` and returns U (jb x nc,
/// row-major, rows ldu >= nc apart) in `u`. Collective over the process column `col`.
void swap_rows(const Panel& panel, const SwapPlan& plan, LocalMatrix& a, idx jl0, idx nc,
               SwapAlgo algo, idx threshold, comm::Communicator& col, Backend& be,
               Buffer<double>& u, idx ldu, Buffer<double>& work);

}  // namespace exa::hpl
