#pragma once
// The panel factorization's pivot step, entry by entry: the search for column j's pivot among
// rows j.. of the top block W and all rows of L, and the row exchange that follows it. The
// CPU backend runs these bodies in loops, the CUDA backend in kernels (EXA_HOST_DEVICE).
#include <cmath>

#include "backend/backend.hpp"
#include "common/host_device.hpp"

namespace exa::pivot {

/// A candidate of the search: |value| and its position (rows j.. of W first, then L's rows).
struct Candidate {
    double abs = -1.0;
    idx pos = -1;
};

/// Whether `a` wins over `b`: the larger |value|, the earlier position on a tie (BLAS's
/// i*amax, W before L).
EXA_HOST_DEVICE inline bool wins(Candidate a, Candidate b) {
    return a.abs > b.abs || (a.abs == b.abs && a.pos >= 0 && (b.pos < 0 || a.pos < b.pos));
}

/// Number of positions searched for column j.
EXA_HOST_DEVICE inline idx search_length(const PanelView& pn, idx j) { return pn.jb - j + pn.ml; }

/// Entry (row of position pos, column c) of the panel.
EXA_HOST_DEVICE inline double* at(const PanelView& pn, idx j, idx pos, idx c) {
    const idx wrows = pn.jb - j;
    return pos < wrows ? &pn.w[(j + pos) + c * pn.jb] : &pn.l[(pos - wrows) + c * pn.ldl];
}

EXA_HOST_DEVICE inline Candidate candidate(const PanelView& pn, idx j, idx pos) {
    return {fabs(*at(pn, j, pos, j)), pos};
}

/// The search's answer: a column of NaNs has no winner, and then its first row stands
/// (|value| -1, so that any finite candidate of another process still wins, and every
/// process names the same row).
EXA_HOST_DEVICE inline Candidate settled(Candidate best) { return best.pos >= 0 ? best : Candidate{-1.0, 0}; }

/// Row exchange for column c (and the pivot's record, c == 0) after the max-loc exchange: row j of W takes the pivot row
/// (msg_row, on the backend); the row it held goes where the pivot row was: row prow of W,
/// or row l_hit of L when this process holds it (l_hit < 0: another process does).
EXA_HOST_DEVICE inline void exchange_entry(const PanelView& pn, idx j, idx prow, idx l_hit,
                                           const double* msg_row, idx c) {
    if (c == 0) pn.ipiv[j] = double(prow);
    double& wj = pn.w[j + c * pn.jb];
    if (prow < pn.j0 + pn.jb) {
        const idx r = prow - pn.j0;
        if (r != j) {
            const double t = wj;
            wj = pn.w[r + c * pn.jb];
            pn.w[r + c * pn.jb] = t;
        }
        return;
    }
    if (l_hit >= 0) pn.l[l_hit + c * pn.ldl] = wj;
    wj = msg_row[c];
}

/// Scaling of column j below the diagonal by `inv` (1 / pivot): position t of rows
/// j+1.. of W, then L's rows.
EXA_HOST_DEVICE inline void scale_entry(const PanelView& pn, idx j, double inv, idx t) {
    const idx wrows = pn.jb - j - 1;
    if (t < wrows) pn.w[(j + 1 + t) + j * pn.jb] *= inv;
    else pn.l[(t - wrows) + j * pn.ldl] *= inv;
}

}  // namespace exa::pivot
