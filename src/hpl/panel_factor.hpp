#pragma once
// Recursive panel factorization with row partial pivoting inside one process column
// (HPL_pdfact / HPL_pdrpan* / HPL_pdpan*).
#include "backend/backend.hpp"
#include "comm/communicator.hpp"
#include "hpl/panel.hpp"
#include "hpl/params.hpp"

namespace exa::hpl {

class LocalMatrix;

/// Factors panel `panel` of `a` on its owning process column: copies the panel into its
/// buffer, factors it (pivot search and row exchange in one reduction over `col` per column),
/// writes the top block back into `a`. Returns 0, or the 1-based global column of the first
/// exactly zero pivot.
idx factor_panel(Panel& panel, LocalMatrix& a, const Params& params, comm::Communicator& col,
                 Backend& be);

/// The factorization kernel on a panel already in its buffer (exposed for unit tests).
/// `l_rows[i]` is the global row of L's row i.
idx factor_panel_buffer(Panel& panel, const idx* l_rows, const Params& params,
                        comm::Communicator& col, Backend& be);

}  // namespace exa::hpl
