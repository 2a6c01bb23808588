#include "mxp/lu.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <memory>
#include <span>
#include <vector>

#include "common/timer.hpp"
#include "hpl/panel_bcast.hpp"
#include "layout/block_cyclic.hpp"

namespace exa::mxp {
namespace {

/// A factored panel as it travels along the process row: [W: jb x jb | L: ml x jb].
/// W is the diagonal block (L11 unit lower, U11 upper); L this process row's rows below it.
struct Panel {
    idx k = 0, g0 = 0, jb = 0;
    int pr = 0, pc = 0;   ///< owner of the diagonal block
    idx il_top = 0;       ///< local row where global rows >= g0 start
    idx il_below = 0;     ///< local row where global rows >= g0 + jb start
    idx ml = 0;           ///< local rows below the diagonal block
    bool carries_l = false;
    std::vector<float> buf;

    float* w() noexcept { return buf.data(); }
    float* l() noexcept { return buf.data() + jb * jb; }
    [[nodiscard]] idx count() const noexcept { return jb * jb + (carries_l ? ml * jb : 0); }
};

class Factorization {
public:
    Factorization(float* f, idx ldf, const Params& p, const layout::ProcessGrid& g, Backend& be)
        : f_(f), ldf_(ldf), prm_(p), g_(g), be_(be),
          rows_{p.n, p.nb, g.p(), g.my_row()}, cols_{p.n, p.nb, g.q(), g.my_col()},
          panels_((p.n + p.nb - 1) / p.nb) {}

    LuOutcome run(const std::function<void(double)>& progress) {
        const idx nq = cols_.count();
        if (panels_ > 0) begin(0);
        for (idx k = 0; k < panels_; ++k) {
            Panel& pn = slot(k);
            if (auto& bc = bcast(k)) {
                ScopedTimer t(out_.times.bcast);
                bc->arrive();
            }
            const idx after = cols_.count_before(pn.g0 + pn.jb);
            if (prm_.depth == 0 || k + 1 == panels_) {
                update(pn, after, nq, nullptr);
                if (k + 1 < panels_) {
                    finish(k);
                    begin(k + 1);
                }
            } else if (g_.my_col() == owner_col(k + 1)) {
                // Lookahead: the next panel's columns first, factor it and send it on its way,
                // then the rest of the update while it travels.
                const idx next_end = cols_.count_before(std::min(prm_.n, pn.g0 + pn.jb + prm_.nb));
                update(pn, after, next_end, nullptr);
                begin(k + 1);
                update(pn, next_end, nq, bcast(k + 1).get());
            } else {
                begin(k + 1);
                update(pn, after, nq, bcast(k + 1).get());
            }
            finish(k);
            if (progress) {
                const double left = double(prm_.n - pn.g0 - pn.jb) / double(prm_.n);
                progress(1.0 - left * left * left);
            }
        }
        // The first failing column anywhere.
        std::int64_t info = out_.info ? out_.info : std::numeric_limits<std::int64_t>::max();
        g_.all().allreduce(&info, 1, comm::ReduceOp::min);
        out_.info = info == std::numeric_limits<std::int64_t>::max() ? 0 : info;
        return out_;
    }

private:
    float* at(idx il, idx jl) const noexcept { return f_ + il + jl * ldf_; }
    int owner_col(idx k) const noexcept { return int(k % g_.q()); }
    Panel& slot(idx k) { return slots_[std::size_t(k % 2)]; }
    std::unique_ptr<hpl::PanelBcast>& bcast(idx k) { return bcasts_[std::size_t(k % 2)]; }

    void finish(idx k) {
        if (auto& bc = bcast(k)) {
            ScopedTimer t(out_.times.bcast);
            bc->wait();
            bc.reset();
        }
    }

    /// Sets panel k up, factors it on its process column and starts its broadcast.
    void begin(idx k) {
        Panel& pn = slot(k);
        pn.k = k;
        pn.g0 = k * prm_.nb;
        pn.jb = std::min(prm_.nb, prm_.n - pn.g0);
        pn.pr = int(k % g_.p());
        pn.pc = owner_col(k);
        pn.il_top = rows_.count_before(pn.g0);
        pn.il_below = rows_.count_before(pn.g0 + pn.jb);
        pn.ml = rows_.count() - pn.il_below;
        pn.carries_l = g_.q() > 1;
        pn.buf.resize(std::size_t(pn.count()));
        if (g_.my_col() == pn.pc) factor(pn);
        if (g_.q() > 1) {
            auto& bc = bcast(k);
            bc = std::make_unique<hpl::PanelBcast>(
                g_.row(), prm_.bcast, pn.pc,
                std::as_writable_bytes(std::span(pn.buf.data(), std::size_t(pn.count()))),
                200 + int(k % 64));
            bc->start();
        }
    }

    /// The panel's process column: diagonal block, W down the column, L = A U11^-1.
    void factor(Panel& pn) {
        ScopedTimer t(out_.times.panel);
        const idx jl = cols_.local(pn.g0);
        if (g_.my_row() == pn.pr) {
            const idx info = be_.getrf_nopiv(pn.jb, at(pn.il_top, jl), ldf_);
            if (info && !out_.info) out_.info = pn.g0 + info;
            be_.lacpy(pn.jb, pn.jb, at(pn.il_top, jl), ldf_, pn.w(), pn.jb);
        }
        if (g_.p() > 1)
            g_.col().bcast(std::span(pn.w(), std::size_t(pn.jb * pn.jb)), pn.pr);
        be_.trsm(Side::right, Uplo::upper, Op::no_trans, Diag::non_unit, pn.ml, pn.jb, 1.0f,
                 pn.w(), pn.jb, at(pn.il_below, jl), ldf_);
        if (pn.carries_l)
            be_.lacpy(pn.ml, pn.jb, at(pn.il_below, jl), ldf_, pn.l(), std::max<idx>(1, pn.ml));
    }

    /// Applies panel pn to local columns [jl0, jl1): U = L11^-1 A on its process row, U down
    /// the process columns, A -= L U. Polls `poll` (the next panel's broadcast) between pieces.
    void update(Panel& pn, idx jl0, idx jl1, hpl::PanelBcast* poll) {
        const idx ncols = jl1 - jl0;
        if (ncols <= 0) return;
        if (g_.my_row() == pn.pr) {
            ScopedTimer t(out_.times.update);
            be_.trsm(Side::left, Uplo::lower, Op::no_trans, Diag::unit, pn.jb, ncols, 1.0f, pn.w(),
                     pn.jb, at(pn.il_top, jl0), ldf_);
        }
        const float* u = at(pn.il_top, jl0);
        idx ldu = ldf_;
        if (g_.p() > 1) {
            ScopedTimer t(out_.times.bcast);
            u_.resize(std::size_t(pn.jb * ncols));
            if (g_.my_row() == pn.pr) be_.lacpy(pn.jb, ncols, u, ldf_, u_.data(), pn.jb);
            g_.col().bcast(std::span(u_), pn.pr);
            u = u_.data();
            ldu = pn.jb;
        }
        if (pn.ml == 0) return;
        const bool mine = g_.my_col() == pn.pc;
        const float* l = mine ? at(pn.il_below, cols_.local(pn.g0)) : pn.l();
        const idx ldl = mine ? ldf_ : std::max<idx>(1, pn.ml);
        const idx piece = poll ? std::max<idx>(4 * prm_.nb, 256) : ncols;
        for (idx c = 0; c < ncols; c += piece) {
            const idx w = std::min(piece, ncols - c);
            {
                ScopedTimer t(out_.times.update);
                be_.gemm_lowp(prm_.precision, Op::no_trans, Op::no_trans, pn.ml, w, pn.jb, -1.0f, l,
                              ldl, u + c * ldu, ldu, 1.0f, at(pn.il_below, jl0 + c), ldf_);
            }
            if (poll) poll->test();
        }
    }

    float* f_;
    idx ldf_;
    const Params& prm_;
    const layout::ProcessGrid& g_;
    Backend& be_;
    layout::BlockCyclic1D rows_, cols_;
    idx panels_;
    std::array<Panel, 2> slots_;
    std::array<std::unique_ptr<hpl::PanelBcast>, 2> bcasts_;
    std::vector<float> u_;
    LuOutcome out_;
};

}  // namespace

LuOutcome factor_without_pivoting(float* f, idx ldf, const Params& p,
                                  const layout::ProcessGrid& grid, Backend& be,
                                  const std::function<void(double)>& progress) {
    return Factorization(f, ldf, p, grid, be).run(progress);
}

}  // namespace exa::mxp
