#include "hpl/pdgesv.hpp"

#include <algorithm>
#include <atomic>
#include <limits>
#include <memory>
#include <numeric>
#include <span>
#include <thread>

#include "common/timer.hpp"
#include "hpl/local_matrix.hpp"
#include "hpl/panel.hpp"
#include "hpl/panel_bcast.hpp"
#include "hpl/panel_factor.hpp"
#include "hpl/row_swap.hpp"
#include "hpl/schedule.hpp"

namespace exa::hpl {
namespace {

class Solver {
public:
    Solver(LocalMatrix& a, const Params& prm, const layout::ProcessGrid& g, Backend& be,
           SolverWorkspace& ws)
        : a_(a), prm_(prm), g_(g), be_(be), n_(a.n()), nb_(a.nb()),
          np_(schedule::panel_count(n_, nb_)),
          depth_(schedule::lookahead_depth(g.q(), prm.depth)),
          threaded_(schedule::threaded_lookahead(g.p(), g.q(), prm.depth, be.threads())),
          slots_((threaded_ ? 1 : depth_) + 1), bcasts_(std::size_t(slots_)),
          u_(ws.u), work_(ws.work), panels_(ws.panels) {
        if (panels_.size() < std::size_t(slots_)) panels_.resize(std::size_t(slots_));
    }

    /// The largest buffers this solve uses: the first panel in every slot, U and the swaps'
    /// rows over all local columns (resize writes the new elements, so their pages are touched).
    void reserve() {
        for (auto& pn : panels_) pn.reset(0, nb_, n_, g_.p(), g_.q(), a_);
        const idx cols = spread_row_stride(a_.local_cols());
        const idx u = nb_ * (spread_row_stride(nb_) + cols);
        if (u_.size() < std::size_t(u)) u_.resize(std::size_t(u));
        const idx work = g_.p() > 1 ? 2 * nb_ * cols : 0;  // U's rows and those they displace
        if (work_.size() < std::size_t(work)) work_.resize(std::size_t(work));
    }

    SolveOutcome run(std::vector<double>& x_local, const ProgressFn& progress) {
        if (threaded_) {
            run_threaded_lookahead(progress);
        } else if (depth_ == 0) {
            for (idx k = 0; k < np_; ++k) {
                arrive(begin_panel(k));
                apply(slot(k), panel_end(k), n_ + 1, nullptr);
                report(progress, k);
            }
        } else {
            for (idx k = 0; k < std::min<idx>(depth_, np_); ++k) {
                if (owns_block(k))
                    for (idx m = 0; m < k; ++m) apply(slot(m), k * nb_, panel_end(k), nullptr);
                arrive(begin_panel(k));
            }
            for (idx k = 0; k < np_; ++k) {
                const idx next = k + depth_;
                PanelBcast* bc = nullptr;
                if (next < np_) {
                    if (owns_block(next))
                        for (idx m = k; m < next; ++m) apply(slot(m), next * nb_, panel_end(next), nullptr);
                    bc = begin_panel(next);
                }
                apply(slot(k), panel_end(std::min(next, np_ - 1)), n_ + 1, bc);
                if (bc) arrive(bc);
                report(progress, k);
            }
        }
        for (auto& bc : bcasts_) finish(bc);
        // Only the owning column saw a zero pivot: agree on the first one before solving.
        idx first_zero = out_.info ? out_.info : std::numeric_limits<idx>::max();
        g_.all().allreduce(&first_zero, 1, comm::ReduceOp::min);
        out_.info = first_zero == std::numeric_limits<idx>::max() ? 0 : first_zero;
        if (out_.info == 0) {
            ScopedTimer t(out_.times.backsolve);
            back_solve(x_local);
        }
        return out_;
    }

private:
    /// One process with several threads (the main job's case): lookahead by threads. While
    /// one thread factors the next panel, the others update the trailing matrix in pieces of
    /// columns (swap, U = L1^-1 U, A -= L U per piece), and the panel's thread joins them when
    /// it is done. Every kernel call is single-threaded meanwhile.
    void run_threaded_lookahead(const ProgressFn& progress) {
        const int workers = be_.threads();
        be_.set_threads(1);
        try {
            slot(0).reset(0, nb_, n_, 1, 1, a_);
            factor_owned(slot(0));
            for (idx k = 0; k < np_; ++k) {
                update_threaded(k, workers);
                report(progress, k);
            }
        } catch (...) {
            be_.set_threads(workers);
            throw;
        }
        be_.set_threads(workers);
    }

    void factor_owned(Panel& pn) {
        ScopedTimer t(out_.times.pfact);
        const idx info = factor_panel(pn, a_, prm_, g_.col(), be_);
        if (info && !out_.info) out_.info = info;
    }

    /// Panel k applied to the trailing matrix, shared out by threads: worker 0 first updates
    /// the next panel's columns and factors it; the others swap the rest's rows and solve its
    /// U in pieces of columns, then everyone takes pieces of rows for the DGEMM
    /// (schedule::prepare_piece, schedule::next_piece).
    void update_threaded(idx k, int workers) {
        Panel& pn = slot(k);
        const idx next = k + 1;
        if (next < np_) slot(next).reset(next, nb_, n_, 1, 1, a_);
        const auto& cols = a_.cols();
        // [ahead0, jl0): the next panel's columns; [jl0, end): the rest, b included.
        const idx ahead0 = cols.count_before(panel_end(k));
        const idx jl0 = cols.count_before(next < np_ ? panel_end(next) : panel_end(k));
        const idx end = cols.count_before(n_ + 1), jb = pn.jb;
        const idx n_ahead = jl0 - ahead0, n_rest = end - jl0;
        const idx ld_ahead = spread_row_stride(n_ahead), ld_rest = spread_row_stride(n_rest);
        if (u_.size() < std::size_t(jb * (ld_ahead + ld_rest))) u_.resize(std::size_t(jb * (ld_ahead + ld_rest)));
        double* const u_ahead = u_.data();                 // jb x n_ahead, rows ld_ahead apart
        double* const u_rest = u_.data() + jb * ld_ahead;  // jb x n_rest, rows ld_rest apart
        const LocalSwap swap(pn, SwapPlan::from_pivots(pn), a_);
        std::atomic<idx> next_col{jl0}, cols_ready{0}, next_row{0};
        std::atomic<bool> failed{false};
        std::vector<double> swap_s(std::size_t(workers), 0.0);
        ScopedTimer t(out_.times.update);
        be_.run_concurrently(workers, [&](int worker) {
            double my_swap = 0;
            // Swaps, U = L1^-1 U and U written back on columns [c, c + w).
            auto prepare = [&](idx c, idx w, double* u, idx ldu) {
                const double t0 = wall_time();
                swap_rows_local(swap, a_, c, w, u, ldu, be_);
                my_swap += wall_time() - t0;
                solve_u(pn, u, ldu, c, w);
            };
            try {
                if (worker == 0 && n_ahead > 0) {
                    prepare(ahead0, n_ahead, u_ahead, ld_ahead);
                    rank_update(pn, u_ahead, ld_ahead, ahead0, n_ahead);
                    factor_owned(slot(next));
                }
                for (idx c = next_col.load(); c < end;) {
                    const idx w = std::min(schedule::prepare_piece, end - c);
                    if (!next_col.compare_exchange_weak(c, c + w)) continue;
                    prepare(c, w, u_rest + (c - jl0), ld_rest);
                    cols_ready += w;
                    c = next_col.load();
                }
                while (cols_ready.load() < n_rest) {  // the DGEMM needs all of U
                    if (failed.load()) return;
                    std::this_thread::yield();
                }
                for (idx r = next_row.load(); r < pn.ml;) {
                    const idx h = schedule::next_piece(pn.ml - r, workers);
                    if (!next_row.compare_exchange_weak(r, r + h)) continue;
                    rank_update(pn, u_rest, ld_rest, jl0, n_rest, r, h);
                    r = next_row.load();
                }
            } catch (...) {
                failed = true;
                throw;
            }
            swap_s[std::size_t(worker)] = my_swap;
        });
        // A thread's mean share, as a rank's are its own.
        out_.times.swap += std::accumulate(swap_s.begin(), swap_s.end(), 0.0) / workers;
    }

    Panel& slot(idx k) { return panels_[std::size_t(k % slots_)]; }
    idx panel_end(idx k) const { return schedule::panel_end(k, nb_, n_); }
    bool owns_block(idx k) const { return g_.my_col() == schedule::panel_column(k, g_.q()); }

    void report(const ProgressFn& progress, idx k) const {
        if (progress) progress(schedule::fraction_done(k, nb_, n_));
    }

    /// Waits until the panel is here; the root does not wait for its sends to land.
    void arrive(PanelBcast* bc) {
        ScopedTimer t(out_.times.bcast);
        bc->arrive();
    }
    /// Completes a broadcast, forwards included, before its panel's buffer is reused.
    void finish(std::unique_ptr<PanelBcast>& bc) {
        if (!bc) return;
        ScopedTimer t(out_.times.bcast);
        bc->wait();
        bc.reset();
    }

    /// Factors panel k on its process column and starts its broadcast along the rows.
    PanelBcast* begin_panel(idx k) {
        auto& bc = bcasts_[std::size_t(k % idx(bcasts_.size()))];
        finish(bc);
        Panel& pn = slot(k);
        pn.reset(k, nb_, n_, g_.p(), g_.q(), a_);
        if (owns_block(k)) {
            ScopedTimer t(out_.times.pfact);
            const idx info = factor_panel(pn, a_, prm_, g_.col(), be_);
            if (info && !out_.info) out_.info = info;
        }
        bc = std::make_unique<PanelBcast>(
            g_.row(), prm_.bcast, pn.owner_col,
            std::as_writable_bytes(std::span(pn.buffer.data(), std::size_t(pn.count()))),
            100 + int(k % 64));
        bc->start();
        return bc.get();
    }

    /// Applies panel `pn` to global columns [g0, g1): row swaps, U = L1^-1 U, A -= L U.
    /// Between pieces of the update, lets a broadcast in flight make progress.
    void apply(Panel& pn, idx g0, idx g1, PanelBcast* poll) {
        const auto& cols = a_.cols();
        const idx jl0 = cols.count_before(g0), nc = cols.count_before(g1) - jl0;
        if (nc <= 0 || pn.jb == 0) return;
        const idx ldu = spread_row_stride(nc);
        {
            ScopedTimer t(out_.times.swap);
            const SwapPlan plan = SwapPlan::from_pivots(pn);
            swap_rows(pn, plan, a_, jl0, nc, prm_.swap, prm_.swap_threshold, g_.col(), be_, u_, ldu, work_);
        }
        ScopedTimer t(out_.times.update);
        solve_u(pn, u_.data(), ldu, jl0, nc);
        // While a panel is in flight, pieces of rows small enough that it is picked up soon
        // after it is sent (each a DGEMM as wide as the update); once it is here, the rest in
        // one call.
        idx chunk = poll ? schedule::polling_piece(nb_) : pn.ml;
        for (idx r = 0, h = 0; r < pn.ml; r += h) {
            h = std::min(chunk, pn.ml - r);
            rank_update(pn, u_.data(), ldu, jl0, nc, r, h);
            if (poll && poll->test()) chunk = pn.ml;
        }
    }

    // U (jb x w) is row-major with rows ldu apart, as the matrix is: the kernels see U^T
    // (w x jb, leading dimension ldu) and the matrix's rows as columns.

    /// U = L1^-1 U (U^T = U^T L1^-T) for local columns [jl, jl + w); the top process row
    /// writes U back.
    void solve_u(const Panel& pn, double* u, idx ldu, idx jl, idx w) {
        be_.trsm(Side::right, Uplo::lower, Op::trans, Diag::unit, w, pn.jb, 1.0, pn.w(), pn.jb, u, ldu);
        if (g_.my_row() == pn.top_row)
            be_.lacpy(w, pn.jb, u, ldu, a_.at(a_.rows().count_before(pn.j0), jl), a_.ld());
    }

    /// A -= L U (A^T -= U^T L^T) on local columns [jl, jl + w) of this process's rows below
    /// the panel, or of `h` of them from the r-th.
    void rank_update(const Panel& pn, const double* u, idx ldu, idx jl, idx w, idx r = 0, idx h = -1) {
        if (h < 0) h = pn.ml - r;
        be_.gemm(Op::no_trans, Op::trans, w, h, pn.jb, -1.0, u, ldu, pn.l() + r, pn.ldl(), 1.0,
                 a_.at(pn.l_first + r, jl), a_.ld());
    }

    /// U x = y, one diagonal block at a time from the bottom: the block's row sums its
    /// partial results onto the diagonal owner, which solves and sends x_j down its column.
    void back_solve(std::vector<double>& x_local) {
        const auto& rows = a_.rows();
        const auto& cols = a_.cols();
        const idx mp = rows.count();
        x_local.assign(std::size_t(cols.count()), 0.0);
        std::vector<double> w(std::size_t(mp), 0.0);
        std::vector<double> xj(static_cast<std::size_t>(nb_));
        if (g_.my_col() == cols.owner(n_))
            be_.copy(mp, a_.at(0, cols.local(n_)), a_.ld(), w.data(), 1);
        for (idx j = np_ - 1; j >= 0; --j) {
            const int rj = int(j % g_.p()), cj = int(j % g_.q());
            const idx j0 = j * nb_, jbw = std::min(nb_, n_ - j0);
            if (g_.my_row() == rj) {
                const idx il0 = rows.local(j0);
                std::copy_n(w.begin() + il0, jbw, xj.begin());
                g_.row().reduce(xj.data(), int(jbw), comm::ReduceOp::sum, cj);
                if (g_.my_col() == cj)  // U's block seen transposed: lower, solved transposed
                    be_.trsv(Uplo::lower, Op::trans, Diag::non_unit, jbw, a_.at(il0, cols.local(j0)),
                             a_.ld(), xj.data(), 1);
            }
            if (g_.my_col() == cj) {
                g_.col().bcast(std::span<double>(xj.data(), std::size_t(jbw)), rj);
                const idx jl0 = cols.local(j0);
                std::copy_n(xj.begin(), jbw, x_local.begin() + jl0);
                be_.gemv(Op::trans, jbw, rows.count_before(j0), -1.0, a_.at(0, jl0), a_.ld(),
                         xj.data(), 1, 1.0, w.data(), 1);
            }
        }
    }

    LocalMatrix& a_;
    const Params& prm_;
    const layout::ProcessGrid& g_;
    Backend& be_;
    idx n_, nb_, np_;
    int depth_;
    bool threaded_;  ///< one process, several threads: lookahead by threads
    idx slots_;                                        ///< panels in flight at most
    std::vector<std::unique_ptr<PanelBcast>> bcasts_;  ///< in flight, one per panel slot
    huge_vector<double>& u_;        ///< U's rows (the workspace's)
    huge_vector<double>& work_;     ///< the swaps' rows (the workspace's)
    std::vector<Panel>& panels_;    ///< slots_ of them in use (the workspace's)
    SolveOutcome out_;
};

}  // namespace

void reserve_workspace(SolverWorkspace& ws, LocalMatrix& a, const Params& params,
                       const layout::ProcessGrid& grid, Backend& be) {
    Solver(a, params, grid, be, ws).reserve();
}

SolveOutcome pdgesv(LocalMatrix& a, const Params& params, const layout::ProcessGrid& grid,
                    Backend& be, std::vector<double>& x_local, const ProgressFn& progress,
                    SolverWorkspace* workspace) {
    SolverWorkspace own;
    return Solver(a, params, grid, be, workspace ? *workspace : own).run(x_local, progress);
}

}  // namespace exa::hpl
