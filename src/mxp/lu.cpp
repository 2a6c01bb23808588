#include "mxp/lu.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <span>
#include <vector>

#include "common/interrupt.hpp"
#include "common/timer.hpp"
#include "hpl/panel_bcast.hpp"
#include "hpl/trace.hpp"
#include "layout/block_cyclic.hpp"

namespace exa::mxp {
namespace {

using hpl::schedule::Step;
using hpl::schedule::StepKind;

/// A factored panel as it travels along the process row: [W: jb x jb | L: ml x jb].
/// W is the diagonal block (L11 unit lower, U11 upper); L this process row's rows below it.
struct Panel {
    idx k = -1, g0 = 0, jb = 0;
    int pr = 0, pc = 0;   ///< owner of the diagonal block
    idx il_top = 0;       ///< local row where global rows >= g0 start
    idx il_below = 0;     ///< local row where global rows >= g0 + jb start
    idx ml = 0;           ///< local rows below the diagonal block
    bool carries_l = false;
    Buffer<float> buf;

    float* w() noexcept { return buf.data(); }
    float* l() noexcept { return buf.data() + jb * jb; }
    [[nodiscard]] idx count() const noexcept { return jb * jb + (carries_l ? ml * jb : 0); }
};

class Factorization {
public:
    Factorization(float* f, idx ldf, const Params& p, const layout::ProcessGrid& g, Backend& be,
                  hpl::StepTrace* trace)
        : f_(f), ldf_(ldf), prm_(p), g_(g), be_(be), k_(be.fp32()),
          rows_{p.n, p.nb, g.p(), g.my_row()}, cols_{p.n, p.nb, g.q(), g.my_col()},
          plan_(schedule_shape(p, g), g.my_row(), g.my_col()),
          slots_(std::size_t(plan_.depth() + 1)), bcasts_(slots_.size()), trace_(trace) {}

    LuOutcome run(const std::function<void(double)>& progress) {
        std::vector<Step> steps;
        for (idx s = plan_.first_stage(); s < plan_.panels(); ++s) {
            plan_.stage(s, steps);
            for (const Step& st : steps) execute(st);
            if (s >= 0 && progress) progress(hpl::schedule::fraction_done(s, prm_.nb, prm_.n));
        }
        for (std::size_t i = 0; i < slots_.size(); ++i) finish(i);
        // The first failing column anywhere.
        std::int64_t info = out_.info ? out_.info : std::numeric_limits<std::int64_t>::max();
        g_.all().allreduce(&info, 1, comm::ReduceOp::min);
        out_.info = info == std::numeric_limits<std::int64_t>::max() ? 0 : info;
        return out_;
    }

private:
    float* at(idx il, idx jl) const noexcept { return f_ + il + jl * ldf_; }

    void execute(const Step& st) {
        check_interrupt();
        const double t0 = wall_time();
        double* phase = &out_.times.update;
        switch (st.kind) {
            case StepKind::factor:
                phase = &out_.times.panel;
                factor(take_slot(st.panel));
                break;
            case StepKind::send:
                phase = &out_.times.bcast;
                start_broadcast(st.panel);
                break;
            case StepKind::recv:
                phase = &out_.times.bcast;
                broadcast_of(st.panel).arrive();
                break;
            case StepKind::swap:
                phase = &out_.times.bcast;
                gather_u(slot(st.panel), st.col0, st.col1);
                break;
            case StepKind::solve:
                solve_u(slot(st.panel), st.col0, st.col1);
                break;
            case StepKind::update:
                if (st.poll >= 0) broadcast_of(st.poll);  // listening before the piece
                update(slot(st.panel), st);
                if (st.poll >= 0) broadcast_of(st.poll).test();
                break;
            case StepKind::back_solve:
                break;  // HPL-MxP refines instead
        }
        const double t1 = wall_time();
        *phase += t1 - t0;
        if (trace_) trace_->record(st, t0, t1);
    }

    Panel& slot(idx k) { return slots_[std::size_t(k) % slots_.size()]; }

    void finish(std::size_t i) {
        if (!bcasts_[i]) return;
        ScopedTimer t(out_.times.bcast);
        bcasts_[i]->wait();
        bcasts_[i].reset();
    }

    /// Panel k's slot, its previous broadcast completed and the panel set up for k.
    Panel& take_slot(idx k) {
        finish(std::size_t(k) % slots_.size());
        Panel& pn = slot(k);
        pn.k = k;
        pn.g0 = k * prm_.nb;
        pn.jb = plan_.panel_width(k);
        pn.pr = hpl::schedule::panel_row(k, g_.p());
        pn.pc = hpl::schedule::panel_column(k, g_.q());
        pn.il_top = rows_.count_before(pn.g0);
        pn.il_below = rows_.count_before(pn.g0 + pn.jb);
        pn.ml = rows_.count() - pn.il_below;
        pn.carries_l = g_.q() > 1;
        if (pn.buf.backend() != &be_) pn.buf = Buffer<float>(be_);
        pn.buf.reserve(std::size_t(pn.count()), "a panel");
        return pn;
    }

    void start_broadcast(idx k) {
        Panel& pn = slot(k);
        be_.synchronize();  // the panel leaves from the backend's memory
        bcasts_[std::size_t(k) % slots_.size()] = std::make_unique<hpl::PanelBcast>(
            g_.row(), prm_.bcast, pn.pc,
            std::as_writable_bytes(std::span(pn.buf.data(), std::size_t(pn.count()))),
            200 + int(k % 64));
        bcasts_[std::size_t(k) % slots_.size()]->start();
    }

    /// Panel k's broadcast; a receiver's is set up the first time it is asked for.
    hpl::PanelBcast& broadcast_of(idx k) {
        auto& bc = bcasts_[std::size_t(k) % slots_.size()];
        if (slot(k).k != k || !bc) {
            take_slot(k);
            start_broadcast(k);
        }
        return *bc;
    }

    /// The panel's process column: diagonal block, W down the column, L = A U11^-1.
    void factor(Panel& pn) {
        const idx jl = cols_.local(pn.g0);
        if (g_.my_row() == pn.pr) {
            const idx info = be_.getrf_nopiv(pn.jb, at(pn.il_top, jl), ldf_);
            if (info && !out_.info) out_.info = pn.g0 + info;
            k_.lacpy(pn.jb, pn.jb, at(pn.il_top, jl), ldf_, pn.w(), pn.jb);
        }
        if (g_.p() > 1) {
            be_.synchronize();
            g_.col().bcast(std::span(pn.w(), std::size_t(pn.jb * pn.jb)), pn.pr);
        }
        k_.trsm(Side::right, Uplo::upper, Op::no_trans, Diag::non_unit, pn.ml, pn.jb, 1.0f, pn.w(), pn.jb,
                at(pn.il_below, jl), ldf_);
        if (pn.carries_l)
            k_.lacpy(pn.ml, pn.jb, at(pn.il_below, jl), ldf_, pn.l(), std::max<idx>(1, pn.ml));
    }

    /// U's rows of columns [c0, c1) to every process of the column: read in place on one
    /// process row, sent down the column from the panel's process row otherwise.
    void gather_u(Panel& pn, idx c0, idx c1) {
        const idx nc = c1 - c0;
        if (g_.p() == 1) {
            u_ = {at(pn.il_top, c0), ldf_, c0};
            return;
        }
        if (u_buf_.backend() != &be_) u_buf_ = Buffer<float>(be_);
        u_buf_.reserve(std::size_t(pn.jb * nc), "U");
        if (g_.my_row() == pn.pr) {
            k_.lacpy(pn.jb, nc, at(pn.il_top, c0), ldf_, u_buf_.data(), pn.jb);
            be_.synchronize();
        }
        g_.col().bcast(std::span(u_buf_.data(), std::size_t(pn.jb * nc)), pn.pr);
        u_ = {u_buf_.data(), pn.jb, c0};
    }

    /// U = L11^-1 U; the panel's process row writes U back (in place on one process row).
    void solve_u(Panel& pn, idx c0, idx c1) {
        k_.trsm(Side::left, Uplo::lower, Op::no_trans, Diag::unit, pn.jb, c1 - c0, 1.0f, pn.w(), pn.jb,
                u_.at(c0), u_.ld);
        if (g_.p() > 1 && g_.my_row() == pn.pr) k_.lacpy(pn.jb, c1 - c0, u_.at(c0), u_.ld, at(pn.il_top, c0), ldf_);
    }

    /// A -= L U on the step's rows and columns.
    void update(Panel& pn, const Step& st) {
        if (st.row1 <= st.row0) return;
        const bool mine = g_.my_col() == pn.pc;
        const float* l = mine ? at(pn.il_below, cols_.local(pn.g0)) : pn.l();
        const idx ldl = mine ? ldf_ : std::max<idx>(1, pn.ml);
        be_.gemm_lowp(prm_.precision, Op::no_trans, Op::no_trans, st.row1 - st.row0, st.col1 - st.col0,
                      pn.jb, -1.0f, l + (st.row0 - pn.il_below), ldl, u_.at(st.col0), u_.ld, 1.0f,
                      at(st.row0, st.col0), ldf_);
    }

    /// Where U of the last gathered columns lives: column c at u + (c - col0) * ld.
    struct UView {
        float* u = nullptr;
        idx ld = 0, col0 = 0;
        [[nodiscard]] float* at(idx c) const noexcept { return u + (c - col0) * ld; }
    };

    float* f_;
    idx ldf_;
    const Params& prm_;
    const layout::ProcessGrid& g_;
    Backend& be_;
    DenseKernels<float>& k_;
    layout::BlockCyclic1D rows_, cols_;
    hpl::schedule::Plan plan_;
    std::vector<Panel> slots_;
    std::vector<std::unique_ptr<hpl::PanelBcast>> bcasts_;
    Buffer<float> u_buf_;
    UView u_;
    hpl::StepTrace* trace_;
    LuOutcome out_;
};

}  // namespace

hpl::schedule::Shape schedule_shape(const Params& p, const layout::ProcessGrid& grid) {
    // One thread of lookahead: on one process the kernels take the threads.
    return {p.n, p.nb, p.n, grid.p(), grid.q(), p.depth, 1};
}

LuOutcome factor_without_pivoting(float* f, idx ldf, const Params& p,
                                  const layout::ProcessGrid& grid, Backend& be,
                                  const std::function<void(double)>& progress, hpl::StepTrace* trace) {
    return Factorization(f, ldf, p, grid, be, trace).run(progress);
}

}  // namespace exa::mxp
