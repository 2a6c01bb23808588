// Panel factorization: the panel is copied out of the matrix into its buffer, factored by
// the backend (backend/panel_factor.cpp over its kernels), its pivots found by the exchange
// below over the process column, and its top block written back.
#include "hpl/panel_factor.hpp"

#include <algorithm>
#include <vector>

#include "hpl/local_matrix.hpp"

namespace exa::hpl {
namespace {

constexpr int pivot_tag = 11;

/// The pivot candidate [|value|, global row, row of the panel] ordering: larger magnitude
/// wins, ties go to the lower global row, so every grid picks the same pivot.
bool better(const double* a, const double* b) {
    return a[0] > b[0] || (a[0] == b[0] && a[1] < b[1]);
}

/// All-reduce of the best candidate by binary exchange over the process column; with a
/// non-power-of-two count the extra processes fold into the lower group first.
void exchange_pivot(comm::Communicator& col, double* msg, double* tmp, idx len) {
    const int r = col.rank(), p = col.size();
    if (p == 1) return;
    int p2 = 1;
    while (p2 * 2 <= p) p2 *= 2;
    const std::span<const double> out(msg, std::size_t(len));
    const std::span<double> in(tmp, std::size_t(len));
    const std::span<double> mine(msg, std::size_t(len));
    if (r >= p2) {
        col.send(out, r - p2, pivot_tag);
        col.recv(mine, r - p2, pivot_tag);
        return;
    }
    auto take_better = [&] {
        if (better(tmp, msg)) std::copy(tmp, tmp + len, msg);
    };
    if (r + p2 < p) {
        col.recv(in, r + p2, pivot_tag);
        take_better();
    }
    for (int mask = 1; mask < p2; mask <<= 1) {
        col.sendrecv(out, r ^ mask, in, r ^ mask, pivot_tag);
        take_better();
    }
    if (r + p2 < p) col.send(out, r + p2, pivot_tag);
}

PanelView view_of(Panel& pn, const idx* l_rows) {
    return {pn.j0, pn.jb, pn.ml, pn.ldl(), pn.w(), pn.l(), pn.ipiv_data(), l_rows};
}

}  // namespace

idx factor_panel_buffer(Panel& panel, const idx* l_rows, const Params& params,
                        comm::Communicator& col, Backend& be) {
    const PanelVariant variant{params.pfact, params.rfact, params.nbmin, params.ndiv};
    return be.factor_panel(view_of(panel, l_rows), variant, [&](double* msg, double* tmp, idx len) {
        exchange_pivot(col, msg, tmp, len);
    });
}

// The matrix is row-major, the panel's buffers column-major: the copies transpose.
void load_panel(Panel& pn, const double* top, const double* l, idx ld, Backend& be) {
    if (top) be.fp64().transpose(pn.jb, pn.jb, top, ld, pn.w(), pn.jb);
    be.fp64().transpose(pn.jb, pn.ml, l, ld, pn.l(), pn.ldl());
}

void store_panel_top(const Panel& pn, double* top, idx ld, Backend& be) {
    be.fp64().transpose(pn.jb, pn.jb, pn.w(), pn.jb, top, ld);
}

idx factor_panel(Panel& pn, LocalMatrix& a, const Params& params, comm::Communicator& col,
                 Backend& be) {
    const idx jl = a.cols().local(pn.j0);
    double* top = col.rank() == pn.top_row ? a.at(a.rows().count_before(pn.j0), jl) : nullptr;
    load_panel(pn, top, a.at(pn.l_first, jl), a.ld(), be);
    be.synchronize();  // W is sent from the backend's memory
    col.bcast(std::span<double>(pn.w(), std::size_t(pn.jb * pn.jb)), pn.top_row);

    std::vector<idx> l_rows(std::size_t(pn.ml));
    for (idx i = 0; i < pn.ml; ++i) l_rows[i] = a.rows().global(pn.l_first + i);
    const idx info = factor_panel_buffer(pn, l_rows.data(), params, col, be);

    if (top) store_panel_top(pn, top, a.ld(), be);
    pn.fetch_pivots(be);
    return info;
}

}  // namespace exa::hpl
