#pragma once
// HPL's recursive panel factorization with row partial pivoting (HPL_pdrpan*, HPL_pdpan*),
// written once over a backend's dense kernels. What touches single entries of the panel
// (the pivot search and the row exchange) is the backend's PivotSteps.
#include "backend/backend.hpp"

namespace exa {

/// The entry-by-entry steps of one column's pivoting (bodies in backend/kernels/pivot.hpp).
class PivotSteps {
public:
    virtual ~PivotSteps() = default;
    /// Column j's local winner among rows j.. of W and all of L, as the max-loc exchange
    /// takes it: msg[0] = |value|, msg[1] = its search position, msg[2 ..] = its row (jb
    /// entries). msg is on the host.
    virtual void find(const PanelView& pn, idx j, double* msg) = 0;
    /// After the exchange: ipiv[j] = prow; the pivot row (msg[2 ..], host) into row j of W; the row there
    /// to where the pivot row was (row prow of W, or row l_hit of L; l_hit < 0: elsewhere);
    /// then column j below the diagonal times `inv` (skipped when inv is 0).
    virtual void exchange(const PanelView& pn, idx j, idx prow, idx l_hit, const double* msg, double inv) = 0;
};

/// Factors the panel; returns 0, or the 1-based global column of the first zero pivot.
idx factor_panel(DenseKernels<double>& k, PivotSteps& steps, const PanelView& panel,
                 const PanelVariant& variant, const PivotExchange& exchange);

}  // namespace exa
