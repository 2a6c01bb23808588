#pragma once
// Whether a solve grows a workspace reserved for it (reserve_workspace): if it does, some of
// its pages are first touched inside the timed region.
#include <cstddef>
#include <utility>
#include <vector>

#include "common/hpl_generator.hpp"
#include "hpl/local_matrix.hpp"
#include "hpl/pdgesv.hpp"

namespace exa::test {

/// Where a workspace's buffers live and how long they are.
inline std::vector<std::pair<const double*, std::size_t>> footprint(const hpl::SolverWorkspace& ws) {
    std::vector<std::pair<const double*, std::size_t>> f{{ws.u.data(), ws.u.size()},
                                                         {ws.work.data(), ws.work.size()}};
    for (const auto& pn : ws.panels) f.emplace_back(pn.buffer.data(), pn.buffer.size());
    return f;
}

struct ReservedSolve {
    bool solved = false;  ///< no zero pivot
    bool grew = false;    ///< some buffer moved or grew during the solve
};

/// Generates the test's matrix, reserves a fresh workspace for it, and solves.
inline ReservedSolve solve_in_reserved_workspace(const hpl::Params& p, const layout::ProcessGrid& grid,
                                                 Backend& be) {
    hpl::LocalMatrix a(p.n, p.nb, grid, p.align, be);
    a.generate(hpl::MatrixGenerator(p.n, p.seed));
    hpl::SolverWorkspace ws;
    hpl::reserve_workspace(ws, a, p, grid, be);
    const auto before = footprint(ws);
    std::vector<double> x_local;
    ReservedSolve r;
    r.solved = hpl::pdgesv(a, p, grid, be, x_local, {}, &ws).info == 0;
    r.grew = footprint(ws) != before;
    return r;
}

}  // namespace exa::test
