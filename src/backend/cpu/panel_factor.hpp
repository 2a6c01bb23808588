#pragma once
// HPL's recursive panel factorization with row partial pivoting on the host (HPL_pdrpan*,
// HPL_pdpan*): the CPU backend's factor_panel.
#include "backend/backend.hpp"

namespace exa::cpu {

idx factor_panel(DenseKernels<double>& k, const PanelView& panel, const PanelVariant& variant,
                 const PivotExchange& exchange);

}  // namespace exa::cpu
