#pragma once
// HPCG's linear system on this rank: the 27-point operator on the fine grid and on three
// coarser ones (regenerated, not Galerkin), the halo plan of each level, and CG's vectors.
#include <cstdint>
#include <vector>

#include "backend/ell_matrix.hpp"
#include "common/huge_vector.hpp"
#include "comm/communicator.hpp"
#include "hpcg/geometry.hpp"

namespace exa::hpcg {

/// CG's and the V-cycle's vectors. On huge pages like the matrix: with 4 KiB pages the
/// hardware prefetchers stop at every page, and on an AMD EPYC VM the vector kernels
/// streamed at a tenth of the triad's rate.
using Vector = huge_vector<double>;

/// Which entries of a vector other ranks own and send here, and which rows go out.
struct Halo {
    std::vector<int> neighbors;          ///< ranks, ascending
    std::vector<local_int> recv_count;   ///< entries from each, stored from nrow on, in order
    std::vector<local_int> send_count;   ///< entries to each
    std::vector<local_int> send_rows;    ///< local rows sent, neighbour after neighbour
    std::vector<double> send_buffer;
    std::vector<comm::Request> pending;  ///< in flight during an exchange (kept: no allocation each time)
};

struct Level {
    Geometry geom;
    EllMatrix a;
    Halo halo;
    std::vector<global_int> global_row;  ///< global index of each local row
    global_int total_rows = 0, total_nnz = 0;
    /// Toward the next coarser level: the fine row of each coarse row (empty on the coarsest).
    std::vector<local_int> f2c;
    global_int restricted_nnz = 0;       ///< nonzeros of the rows f2c picks, all ranks
    /// pick_rows(a, f2c), built by the optimization step for kernels that read it.
    EllMatrix picked;
    /// split_at_diagonal(a), built by the optimization step for kernels that smooth from
    /// x = 0 on it; split_nnz is its nonzeros on all ranks.
    SplitMatrix split;
    global_int split_nnz = 0;
    Vector r, x;                         ///< the V-cycle's right-hand side and iterate here (levels > 0)
};

struct Problem {
    std::vector<Level> levels;           ///< [0] is the fine grid
    Vector b, x, xexact;                 ///< the system; x and xexact have ncol entries
    Vector r, z, p, ap;                  ///< CG's work vectors
    [[nodiscard]] Level& fine() { return levels.front(); }
    [[nodiscard]] const Level& fine() const { return levels.front(); }
};

/// HPCG's multigrid depth: the fine grid and three coarser ones.
inline constexpr int mg_levels = 4;

/// Generates the fine level and the coarse ones (GenerateProblem, SetupHalo,
/// GenerateCoarseProblem). Collective: the totals are summed over `comm`'s ranks.
Problem generate_problem(const Geometry& fine, comm::Communicator& comm);
/// Orders each level's rows for natural-order sweeps (order_for_sweeps), after any
/// reordering by colour and before the copies below: the optimization step, for kernels that
/// want it.
void order_rows_for_sweeps(Problem& pb);
/// Stores the rows each level's restriction reads together (Level::picked), after any
/// reordering: the optimization step, for kernels that want them.
void pick_restricted_rows(Problem& pb);
/// Stores each level's matrix split at its diagonal too (Level::split), after any reordering:
/// the optimization step, for kernels that want it. Collective (counts the nonzeros).
void split_at_diagonals(Problem& pb, comm::Communicator& comm);
/// Bytes one rank needs for a local nx x ny x nz box (all levels, the restricted rows' copy,
/// the split copy, CG's vectors), and more while the rows are reordered by colour (`coloring`).
std::uint64_t bytes_needed(std::int64_t nx, std::int64_t ny, std::int64_t nz, bool coloring);

/// Fills x's halo (entries nrow..ncol-1) from the ranks that own them.
void exchange_halo(Level& level, double* x, comm::Communicator& comm);

}  // namespace exa::hpcg
