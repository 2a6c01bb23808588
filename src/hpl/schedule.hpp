#pragma once
// The decisions of exabench's HPL schedule, in one place for the solver (hpl/pdgesv.cpp)
// and for the twin that simulates it (twin/hpl_sim.cpp): which panels exist, who factors
// them, how far the lookahead reaches, and how threads share an update.
#include <algorithm>
#include <cstdint>

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

/// Threaded update, in two steps after the lookahead's columns. First the swaps and U of the
/// other columns, in pieces of this many columns, each to the thread free first; once all
/// are done, the DGEMM in pieces of rows (whole rows of the row-major matrix: long
/// contiguous runs, where narrow pieces of columns ran up to 20% slower).
inline constexpr idx prepare_piece = 512;
/// The DGEMM's pieces: at least this many rows, guided (half of what is left per worker), so
/// that large DGEMMs come first and the threads finish together.
inline constexpr idx min_piece = 64;
inline idx next_piece(idx left, int workers) { return std::min(left, std::max(min_piece, left / (2 * idx(workers)))); }

/// While a broadcast is in flight a process updates in pieces of this many rows and polls
/// between them (the ring variants forward the panel then). Rows, as the threads' pieces:
/// pieces of this many columns made thin DGEMMs, the update 20-35% slower at N = 4000 here.
inline idx polling_piece(idx nb) { return std::max<idx>(2 * nb, 256); }

/// Fraction of the factorization's flops done after panel k (for progress).
inline double fraction_done(idx k, idx nb, idx n) {
    const double left = double(n - panel_end(k, nb, n)) / double(n);
    return 1.0 - left * left * left;
}

}  // namespace exa::hpl::schedule
