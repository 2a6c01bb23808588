#include "hpcg/optimize.hpp"

#include "hpcg/coloring.hpp"

namespace exa::hpcg {

std::vector<int> optimize_problem(Problem& pb, const SparseKernels& kernels, comm::Communicator& comm) {
    std::vector<int> colors(pb.levels.size(), 0);
    if (kernels.wants_coloring()) colors = reorder_by_color(pb);
    if (kernels.wants_sweep_order()) order_rows_for_sweeps(pb);
    if (kernels.wants_picked_rows()) pick_restricted_rows(pb);
    if (kernels.wants_split_matrix()) split_at_diagonals(pb, comm);
    return colors;
}

}  // namespace exa::hpcg
