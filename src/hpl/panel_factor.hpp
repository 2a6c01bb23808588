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

/// The panel's copies from the row-major matrix (rows ld apart) into its column-major
/// buffers: W from the top block at `top` (null where this process does not hold it), L's
/// rows from `l`. (Exposed for the twin's calibration, which times what the solver does.)
void load_panel(Panel& panel, const double* top, const double* l, idx ld, Backend& be);
/// W back into the top block at `top` after the factorization.
void store_panel_top(const Panel& panel, double* top, idx ld, Backend& be);

/// The factorization kernel on a panel already in its buffer (exposed for unit tests).
/// `l_rows[i]` is the global row of L's row i.
idx factor_panel_buffer(Panel& panel, const idx* l_rows, const Params& params,
                        comm::Communicator& col, Backend& be);

}  // namespace exa::hpl
