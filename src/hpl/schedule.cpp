#include "hpl/schedule.hpp"

namespace exa::hpl::schedule {

const char* step_name(StepKind k) {
    switch (k) {
        case StepKind::factor: return "factor";
        case StepKind::send: return "send";
        case StepKind::recv: return "recv";
        case StepKind::swap: return "swap";
        case StepKind::solve: return "solve";
        case StepKind::update: return "update";
        case StepKind::back_solve: return "back_solve";
    }
    return "?";
}

ThreadedStage::ThreadedStage(const std::vector<Step>& steps) {
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const Step& st = steps[i];
        if (st.pool < 0) {
            lane.push_back(i);
            continue;
        }
        auto& tasks = pools[st.pool];
        const bool same = !tasks.empty() && tasks.back().second == i &&
                          steps[i - 1].col0 == st.col0 && steps[i - 1].row0 == st.row0;
        if (same) ++tasks.back().second;
        else tasks.emplace_back(i, i + 1);
    }
}

Plan::Plan(const Shape& s, int row, int col)
    : n_(s.n), nb_(s.nb), np_(panel_count(s.n, s.nb)), p_(s.p), q_(s.q), row_(row), col_(col),
      threaded_(threaded_lookahead(s.p, s.q, s.depth, s.threads)), threads_(s.threads),
      rows_{s.n, s.nb, s.p, std::max(row, 0)}, cols_{s.cols, s.nb, s.q, col} {
    // Lookahead by threads reaches one panel ahead; panels factored before the loop are at
    // most all of them.
    depth_ = int(std::min<idx>(threaded_ ? 1 : lookahead_depth(s.q, s.depth), np_));
}

idx Plan::rows_from(idx g, int row) const {
    g = std::min(g, n_);
    if (row >= 0) return rows_.count(row) - rows_.count_before(g, row);
    if (row == column_mean) return (n_ - g + p_ - 1) / p_;
    // The process rows that own the block of g, and the next, hold the most below it (a
    // partial last block can make row 0 one of them).
    const int o = rows_.owner(std::min(g, n_ - 1));
    idx most = 0;
    for (int r : {o, (o + 1) % p_, 0}) most = std::max(most, rows_.count(r) - rows_.count_before(g, r));
    return most;
}

idx Plan::rows_below(idx k) const { return rows_from(panel_end(k, nb_, n_), row_); }
idx Plan::column_rows_below(idx k) const { return rows_from(panel_end(k, nb_, n_), column_max); }
idx Plan::first_row_below(idx k) const {
    return row_ >= 0 ? rows_.count_before(panel_end(k, nb_, n_), row_) : 0;
}

idx Plan::sent_panel(idx s) const noexcept {
    if (s < 0) return s + depth_;
    const idx k = depth_ == 0 ? s : s + depth_;
    return k < np_ ? k : -1;
}

idx Plan::trailing_start(idx s) const noexcept {
    if (s < 0) return cols_.n;
    return panel_end(depth_ == 0 ? s : std::min(s + depth_, np_ - 1), nb_, n_);
}

void Plan::apply(idx m, idx g0, idx g1, idx poll, std::vector<Step>& out) const {
    const idx c0 = cols_.count_before(g0), c1 = cols_.count_before(g1);
    if (c1 <= c0) return;
    out.push_back({StepKind::swap, m, c0, c1});
    out.push_back({StepKind::solve, m, c0, c1});
    const idx all = column_rows_below(m);
    if (all == 0) return;
    const idx mine = rows_below(m), first = first_row_below(m);
    if (poll < 0) {
        out.push_back({StepKind::update, m, c0, c1, first, first + mine});
        return;
    }
    // The pieces are the column's: each process takes its share of every piece.
    idx size = polling_piece(nb_);
    for (idx b = 0; b < all; size *= 2) {
        const idx e = std::min(all, b + size);
        out.push_back({StepKind::update, m, c0, c1, first + b * mine / all, first + e * mine / all, -1, poll});
        b = e;
    }
}

void Plan::stage(idx s, std::vector<Step>& out) const {
    out.clear();
    if (threaded_) {
        threaded_stage(s, out);
        return;
    }
    const idx cols = cols_.n;
    auto factor_and_send = [&](idx k) {
        out.push_back({StepKind::factor, k});
        if (q_ > 1) out.push_back({StepKind::send, k});
    };
    if (s < 0) {  // the panels factored before the loop
        const idx k = s + depth_;
        if (owns(k)) {
            for (idx m = 0; m < k; ++m) apply(m, k * nb_, panel_end(k, nb_, n_), -1, out);
            factor_and_send(k);
        } else {
            out.push_back({StepKind::recv, k});
        }
        return;
    }
    const idx k = s;
    if (depth_ == 0) {
        if (owns(k)) factor_and_send(k);
        else out.push_back({StepKind::recv, k});
        apply(k, trailing_start(s), cols, -1, out);
        return;
    }
    const idx next = k + depth_;
    const bool more = next < np_;
    if (more && owns(next)) {
        for (idx m = k; m < next; ++m) apply(m, next * nb_, panel_end(next, nb_, n_), -1, out);
        factor_and_send(next);
    }
    // Panels k+1 .. next were brought up to date by their owners when they were next.
    apply(k, trailing_start(s), cols, more ? next : -1, out);
    if (more && !owns(next)) out.push_back({StepKind::recv, next});
}

void Plan::threaded_stage(idx s, std::vector<Step>& out) const {
    if (s < 0) {
        out.push_back({StepKind::factor, 0});
        return;
    }
    const idx k = s, next = k + 1;
    // [ahead0, jl0): the next panel's columns; [jl0, end): the rest, b included.
    const idx ahead0 = cols_.count_before(panel_end(k, nb_, n_));
    const idx jl0 = cols_.count_before(trailing_start(s));
    const idx end = cols_.count(), ml = rows_below(k), first = first_row_below(k);
    if (jl0 > ahead0) {
        out.push_back({StepKind::swap, k, ahead0, jl0});
        out.push_back({StepKind::solve, k, ahead0, jl0});
        if (ml > 0) out.push_back({StepKind::update, k, ahead0, jl0, first, first + ml});
        out.push_back({StepKind::factor, next});
    }
    for (idx c = jl0; c < end; c += prepare_piece) {
        const idx e = std::min(end, c + prepare_piece);
        out.push_back({StepKind::swap, k, c, e, 0, 0, 0});
        out.push_back({StepKind::solve, k, c, e, 0, 0, 0});
    }
    for (idx r = 0, h = 0; end > jl0 && r < ml; r += h) {
        h = next_piece(ml - r, threads_);
        out.push_back({StepKind::update, k, jl0, end, first + r, first + r + h, 1});
    }
}

}  // namespace exa::hpl::schedule
