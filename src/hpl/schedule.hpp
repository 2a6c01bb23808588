#pragma once
// HPL's schedule, described once: the steps each process executes, in order. The FP64 solver
// (hpl/pdgesv.cpp) and HPL-MxP's LU (mxp/lu.cpp) execute them with their own kernels; the
// twin (twin/hpl_sim.cpp) replays them with modelled durations. A reader of netlib's
// HPL_pdgesv0 / HPL_pdgesvK2 finds the same loop in Plan::stage.
//
// Stages run in order. Stage k >= 0 is iteration k of the right-looking loop with lookahead
// depth d: the owner of panel k + d applies panels k .. k+d-1 to that panel's columns,
// factors it and sends it; every process applies panel k to the rest of its trailing matrix
// in pieces of rows, polling the broadcast in flight between them; then receives panel k + d.
// Stages -d .. -1 factor and send the first d panels. Without lookahead (d = 0), iteration k
// factors, sends and receives panel k, then applies it whole.
//
// Every process of a process column executes the same steps, each on its own rows, so the
// twin can time a column by one representative process. One process with several threads
// (1 x 1) looks ahead by threads instead: one thread factors the next panel while the others
// take pieces of the update from two pools, in any order (Step::pool).
#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "layout/block_cyclic.hpp"

namespace exa::hpl::schedule {

using idx = std::int64_t;

inline idx panel_count(idx n, idx nb) { return (n + nb - 1) / nb; }
/// One past the last global column of panel k.
inline idx panel_end(idx k, idx nb, idx n) { return std::min((k + 1) * nb, n); }
/// The process column that factors panel k (and the process row holding its top block).
inline int panel_column(idx k, int q) { return int(k % q); }
inline int panel_row(idx k, int p) { return int(k % p); }

/// Lookahead depth the solver runs with: without a second process column there is nothing
/// to overlap (HPL_pdgesv0).
inline int lookahead_depth(int q, int depth) { return q == 1 ? 0 : depth; }
/// One process with several threads: lookahead by threads (one factors the next panel
/// while the others update).
inline bool threaded_lookahead(int p, int q, int depth, int threads) {
    return p == 1 && q == 1 && depth > 0 && threads > 1;
}

/// Threaded update, in two pools after the lookahead's columns. First the swaps and U of the
/// other columns, in pieces of this many columns; once all are done, the GEMM in pieces of
/// rows (whole rows of the row-major matrix: long contiguous runs, where narrow pieces of
/// columns ran up to 20% slower).
inline constexpr idx prepare_piece = 512;
/// The GEMM's pieces: at least this many rows, guided (half of what is left per worker), so
/// that large GEMMs come first and the threads finish together.
inline constexpr idx min_piece = 64;
inline idx next_piece(idx left, int workers) { return std::min(left, std::max(min_piece, left / (2 * idx(workers)))); }

/// While a broadcast is in flight a process updates in pieces of rows and polls between them
/// (the ring variants forward the panel then). The first piece has this many rows and each
/// next one twice the one before: the panel, sent just before the update began, is usually
/// picked up after the first piece, and the later pieces are large GEMMs. Rows, not columns:
/// pieces of columns made thin GEMMs, the update 20-35% slower at N = 4000 here.
inline idx polling_piece(idx nb) { return std::max<idx>(2 * nb, 256); }

/// Fraction of the factorization's flops done after panel k (for progress).
inline double fraction_done(idx k, idx nb, idx n) {
    const double left = double(n - panel_end(k, nb, n)) / double(n);
    return 1.0 - left * left * left;
}

enum class StepKind : std::uint8_t {
    factor,      ///< the panel's factorization on its process column
    send,        ///< the panel's broadcast starts from its owner
    recv,        ///< waiting until the panel is here (forwarding it on, in the ring variants)
    swap,        ///< row interchanges that bring U's rows to the process column (MxP: U's rows
                 ///< sent down the column)
    solve,       ///< U = L1^-1 U, and U written back by its process row
    update,      ///< A -= L U on a piece of rows
    back_solve,  ///< U x = y (HPL; HPL-MxP refines instead)
};
const char* step_name(StepKind k);

/// One step of one process. Ranges are local indices of the process's part of the matrix.
struct Step {
    StepKind kind = StepKind::factor;
    idx panel = -1;
    idx col0 = 0, col1 = 0;  ///< local columns [col0, col1): swap, solve, update
    idx row0 = 0, row1 = 0;  ///< local rows [row0, row1): update
    int pool = -1;           ///< >= 0: a piece of the pool that threads take in any order
    idx poll = -1;           ///< >= 0: after this step, poll that panel's broadcast
    friend bool operator==(const Step&, const Step&) = default;
};

/// What decides the steps: the problem, the grid, the lookahead and the threads.
struct Shape {
    idx n = 0, nb = 1;
    idx cols = 0;     ///< global columns of the distributed matrix: N + 1 for HPL's [A | b]
    int p = 1, q = 1;
    int depth = 1;    ///< DEPTH asked for
    int threads = 1;  ///< per process
};

/// A stage of lookahead by threads as the threads take it: the lane (steps outside the
/// pools, in order, on worker 0) and the tasks of each pool (a task: consecutive steps on one
/// range, taken whole by one thread). Pool 1 starts when pool 0 is done.
struct ThreadedStage {
    using Task = std::pair<std::size_t, std::size_t>;  ///< [begin, end) into the steps
    std::vector<std::size_t> lane;
    std::vector<Task> pools[2];
    explicit ThreadedStage(const std::vector<Step>& steps);
};

class Plan {
public:
    /// The twin's process standing for its column: the most rows of any process row below
    /// each panel, or their mean (processes that time-share a core finish together).
    static constexpr int column_max = -1, column_mean = -2;

    /// The steps of process (row, col); row may be column_max or column_mean.
    Plan(const Shape& shape, int row, int col);

    [[nodiscard]] idx panels() const noexcept { return np_; }
    /// The lookahead depth that runs (0 without a second process column; 1 by threads).
    [[nodiscard]] int depth() const noexcept { return depth_; }
    [[nodiscard]] bool threaded() const noexcept { return threaded_; }
    [[nodiscard]] idx first_stage() const noexcept { return -idx(depth_); }
    /// The steps of stage s (first_stage() <= s < panels()), into `out` (cleared first).
    void stage(idx s, std::vector<Step>& out) const;
    /// The panel factored in stage s (and sent, with a second process column), or -1.
    [[nodiscard]] idx sent_panel(idx s) const noexcept;
    /// The first global column that stage s's update of the trailing matrix covers (the
    /// columns before it were brought up to date when their panel was next).
    [[nodiscard]] idx trailing_start(idx s) const noexcept;
    /// The last step, after every stage.
    [[nodiscard]] Step back_solve() const { return {StepKind::back_solve}; }

    [[nodiscard]] idx panel_width(idx k) const noexcept { return std::min(nb_, n_ - k * nb_); }
    [[nodiscard]] bool owns(idx k) const noexcept { return panel_column(k, q_) == col_; }
    /// Local rows at or below global row g on this process.
    [[nodiscard]] idx rows_at(idx g) const { return rows_from(g, row_); }
    /// Local rows below panel k (the rows its update covers) on this process, and the
    /// most on any process of the column (which sets the pieces).
    [[nodiscard]] idx rows_below(idx k) const;
    [[nodiscard]] idx column_rows_below(idx k) const;
    /// The local row where the rows below panel k start.
    [[nodiscard]] idx first_row_below(idx k) const;
    /// Local columns before global column g.
    [[nodiscard]] idx cols_before(idx g) const { return cols_.count_before(g); }

private:
    /// Panel m applied to global columns [g0, g1): swap, solve, and the update whole, or in
    /// polling pieces when `poll` >= 0.
    void apply(idx m, idx g0, idx g1, idx poll, std::vector<Step>& out) const;
    void threaded_stage(idx s, std::vector<Step>& out) const;
    idx rows_from(idx g, int row) const;

    idx n_, nb_, np_;
    int p_, q_, row_, col_;
    int depth_;
    bool threaded_;
    int threads_;
    layout::BlockCyclic1D rows_, cols_;
};

}  // namespace exa::hpl::schedule
