#include "hpl/pdgesv.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <atomic>
#include <limits>
#include <memory>
#include <numeric>
#include <optional>
#include <span>
#include <thread>

#include "common/interrupt.hpp"
#include "common/timer.hpp"
#include "hpl/local_matrix.hpp"
#include "hpl/panel.hpp"
#include "hpl/panel_bcast.hpp"
#include "hpl/panel_factor.hpp"
#include "hpl/row_swap.hpp"
#include "hpl/trace.hpp"

namespace exa::hpl {

schedule::Shape schedule_shape(const Params& prm, const layout::ProcessGrid& g, int threads) {
    return {prm.n, prm.nb, prm.n + 1, g.p(), g.q(), prm.depth, threads};
}

namespace {

using schedule::Step;
using schedule::StepKind;

/// Where U of a step's columns lives: U's column c (a row of the matrix) at u + (c - col0),
/// U's rows ldu apart.
struct UView {
    double* u = nullptr;
    idx ldu = 0, col0 = 0;
    [[nodiscard]] double* at(idx c) const noexcept { return u + (c - col0); }
};

class Solver {
public:
    Solver(LocalMatrix& a, const Params& prm, const layout::ProcessGrid& g, Backend& be,
           SolverWorkspace& ws, StepTrace* trace)
        : a_(a), prm_(prm), g_(g), be_(be), k_(be.fp64()), n_(a.n()), nb_(a.nb()),
          plan_(schedule_shape(prm, g, be.threads()), g.my_row(), g.my_col()),
          slots_(plan_.depth() + 1), bcasts_(std::size_t(slots_)), bcast_panel_(std::size_t(slots_), -1),
          u_(ws.u), work_(ws.work), panels_(ws.panels), trace_(trace) {
        if (panels_.size() < std::size_t(slots_)) panels_.resize(std::size_t(slots_));
        if (u_.backend() != &be) u_ = Buffer<double>(be);
        if (work_.backend() != &be) work_ = Buffer<double>(be);
    }

    /// The largest buffers this solve uses: the first panel in every slot, U and the swaps'
    /// rows over all local columns (resize writes the new elements, so their pages are touched).
    void reserve() {
        for (auto& pn : panels_) pn.reset(0, nb_, n_, g_.p(), g_.q(), a_, be_);
        const idx cols = spread_row_stride(a_.local_cols());
        u_.reserve(std::size_t(nb_ * (spread_row_stride(nb_) + cols)), "U");
        if (g_.p() > 1) work_.reserve(std::size_t(2 * nb_ * cols), "the swaps' rows");  // U's rows and those they displace
    }

    SolveOutcome run(std::vector<double>& x_local, const ProgressFn& progress) {
        const int workers = be_.threads();
        if (plan_.threaded()) be_.set_threads(1);  // each thread's kernels on one core
        try {
            std::vector<Step> steps;
            for (idx s = plan_.first_stage(); s < plan_.panels(); ++s) {
                plan_.stage(s, steps);
                if (plan_.threaded() && s >= 0) run_threaded(s, steps, workers);
                else for (const Step& st : steps) execute(st, std::nullopt, 0);
                if (s == plan_.panels() / 2) corrupt_for_tests(s);
                if (s >= 0 && progress) progress(schedule::fraction_done(s, nb_, n_));
            }
        } catch (...) {
            be_.set_threads(workers);
            throw;
        }
        be_.set_threads(workers);
        for (std::size_t i = 0; i < bcasts_.size(); ++i) finish(i);
        // Only the owning column saw a zero pivot: agree on the first one before solving.
        idx first_zero = out_.info ? out_.info : std::numeric_limits<idx>::max();
        g_.all().allreduce(&first_zero, 1, comm::ReduceOp::min);
        out_.info = first_zero == std::numeric_limits<idx>::max() ? 0 : first_zero;
        if (out_.info == 0) execute(plan_.back_solve(), std::nullopt, 0, &x_local);
        return out_;
    }

private:
    /// Runs one step (timed into its phase, and traced). `view` places U when the caller
    /// shares U out by columns (threads); otherwise the swap step lays U out for the steps of
    /// its columns that follow.
    void execute(const Step& st, std::optional<UView> view, int worker,
                 std::vector<double>* x_local = nullptr) {
        check_interrupt();
        const double t0 = wall_time();
        double* phase = &out_.times.update;
        switch (st.kind) {
            case StepKind::factor: {
                phase = &out_.times.pfact;
                Panel& pn = take_slot(st.panel);
                const idx info = factor_panel(pn, a_, prm_, g_.col(), be_);
                if (info && !out_.info) out_.info = info;
                break;
            }
            case StepKind::send:
                phase = &out_.times.bcast;
                start_broadcast(st.panel);
                break;
            case StepKind::recv:
                phase = &out_.times.bcast;
                broadcast_of(st.panel).arrive();
                slot(st.panel).fetch_pivots(be_);
                break;
            case StepKind::swap: {
                phase = &out_.times.swap;
                const idx nc = st.col1 - st.col0;
                Panel& pn = slot(st.panel);
                if (view) {
                    swap_rows_local(*local_swap_, a_, st.col0, nc, view->at(st.col0), view->ldu, be_);
                } else {
                    u_view_ = {u_.data(), spread_row_stride(nc), st.col0};
                    swap_rows(pn, SwapPlan::from_pivots(pn), a_, st.col0, nc, prm_.swap,
                              prm_.swap_threshold, g_.col(), be_, u_, u_view_.ldu, work_);
                    u_view_.u = u_.data();  // the swap may have grown U
                }
                break;
            }
            case StepKind::solve:
                solve_u(slot(st.panel), view ? *view : u_view_, st.col0, st.col1 - st.col0);
                break;
            case StepKind::update:
                if (st.poll >= 0) broadcast_of(st.poll);  // listening before the piece
                rank_update(slot(st.panel), view ? *view : u_view_, st);
                if (st.poll >= 0) broadcast_of(st.poll).test();
                break;
            case StepKind::back_solve:
                phase = &out_.times.backsolve;
                back_solve(*x_local);
                break;
        }
        const double t1 = wall_time();
        if (!view) *phase += t1 - t0;  // threads' times are summed by the caller
        if (trace_) trace_->record(st, t0, t1, worker);
    }

    /// One process with several threads: worker 0 runs the lane (the next panel's columns,
    /// then its factorization) while the others take the swaps and U of the rest in pieces of
    /// columns; once all of U is there, everyone takes pieces of rows of the GEMM. Every
    /// kernel call is single-threaded meanwhile.
    void run_threaded(idx k, const std::vector<Step>& steps, int workers) {
        const schedule::ThreadedStage stage(steps);
        Panel& pn = slot(k);
        local_swap_.emplace(pn, SwapPlan::from_pivots(pn), a_);
        // U of the lane's columns, then U of the rest (b included), each laid out whole.
        const idx ahead0 = plan_.cols_before(schedule::panel_end(k, nb_, n_));
        idx jl0 = ahead0;
        for (std::size_t i : stage.lane)
            if (steps[i].kind == StepKind::swap) jl0 = steps[i].col1;
        const idx n_rest = a_.local_cols() - jl0;
        const idx ld_ahead = spread_row_stride(jl0 - ahead0), ld_rest = spread_row_stride(n_rest);
        u_.reserve(std::size_t(pn.jb * (ld_ahead + ld_rest)), "U");
        const UView ahead{u_.data(), ld_ahead, ahead0}, rest{u_.data() + pn.jb * ld_ahead, ld_rest, jl0};

        std::atomic<std::size_t> taken[2] = {0, 0};
        std::atomic<std::size_t> prepared{0};
        std::atomic<bool> failed{false};
        std::vector<double> swap_s(std::size_t(workers), 0.0), pfact_s(std::size_t(workers), 0.0);
        const double t0 = wall_time();
        be_.run_concurrently(workers, [&](int worker) {
            auto run = [&](std::size_t i, const UView& v) {
                const double s0 = wall_time();
                execute(steps[i], v, worker);
                const double dt = wall_time() - s0;
                if (steps[i].kind == StepKind::swap) swap_s[std::size_t(worker)] += dt;
                if (steps[i].kind == StepKind::factor) pfact_s[std::size_t(worker)] += dt;
            };
            auto take_pool = [&](int pool) {
                const auto& tasks = stage.pools[pool];
                for (std::size_t t; (t = taken[pool]++) < tasks.size();) {
                    for (std::size_t i = tasks[t].first; i < tasks[t].second; ++i) run(i, rest);
                    if (pool == 0) ++prepared;
                }
            };
            try {
                if (worker == 0)
                    for (std::size_t i : stage.lane) run(i, ahead);
                take_pool(0);
                while (prepared.load() < stage.pools[0].size()) {  // the GEMM needs all of U
                    if (failed.load()) return;
                    std::this_thread::yield();
                }
                take_pool(1);
            } catch (...) {
                failed = true;
                throw;
            }
        });
        out_.times.update += wall_time() - t0;
        // A thread's mean share, as a rank's are its own.
        out_.times.swap += std::accumulate(swap_s.begin(), swap_s.end(), 0.0) / workers;
        out_.times.pfact += std::accumulate(pfact_s.begin(), pfact_s.end(), 0.0);
        local_swap_.reset();
    }

    Panel& slot(idx k) { return panels_[std::size_t(k % slots_)]; }

    /// A test-only hook that proves the residual check catches a wrong answer:
    /// EXABENCH_TEST_CORRUPT=sign, exponent or nan changes one entry of rank 0's trailing
    /// matrix half-way through the factorization (its sign, its exponent's top bit, or NaN).
    void corrupt_for_tests(idx s) {
        const char* kind = std::getenv("EXABENCH_TEST_CORRUPT");
        if (!kind || g_.all().rank() != 0) return;
        // A row below the panels factored so far (and the one ahead), in the last column of A:
        // both still to be updated and factored.
        const idx il = a_.rows().count_before(schedule::panel_end(std::min(s + 2, plan_.panels() - 1), nb_, n_));
        const idx jl = a_.cols().count_before(n_) - 1;
        if (il >= a_.local_rows() || jl < 0) return;
        double v = 0;
        be_.copy_to_host(&v, a_.at(il, jl), sizeof v);
        const std::string k = kind;
        if (k == "sign") v = -v;
        else if (k == "exponent") v = std::bit_cast<double>(std::bit_cast<std::uint64_t>(v) ^ (std::uint64_t(1) << 62));
        else if (k == "nan") v = std::numeric_limits<double>::quiet_NaN();
        be_.copy_from_host(a_.at(il, jl), &v, sizeof v);
    }

    /// Completes the broadcast in slot i, forwards included, before its buffer is reused.
    void finish(std::size_t i) {
        if (!bcasts_[i]) return;
        ScopedTimer t(out_.times.bcast);
        bcasts_[i]->wait();
        bcasts_[i].reset();
        bcast_panel_[i] = -1;
    }

    /// Panel k's slot, its previous broadcast completed and the panel set up for k.
    Panel& take_slot(idx k) {
        const auto i = std::size_t(k % slots_);
        finish(i);
        Panel& pn = panels_[i];
        pn.reset(k, nb_, n_, g_.p(), g_.q(), a_, be_);
        return pn;
    }

    /// The owner's sends of panel k along its process row.
    void start_broadcast(idx k) {
        const auto i = std::size_t(k % slots_);
        Panel& pn = panels_[i];
        be_.synchronize();  // the panel leaves from the backend's memory
        bcasts_[i] = std::make_unique<PanelBcast>(
            g_.row(), prm_.bcast, pn.owner_col,
            std::as_writable_bytes(std::span(pn.buffer.data(), std::size_t(pn.count()))),
            100 + int(k % 64));
        bcasts_[i]->start();
        bcast_panel_[i] = k;
    }

    /// Panel k's broadcast; a receiver's is set up the first time it is asked for.
    PanelBcast& broadcast_of(idx k) {
        const auto i = std::size_t(k % slots_);
        if (bcast_panel_[i] != k) {
            take_slot(k);
            start_broadcast(k);
        }
        return *bcasts_[i];
    }

    // U (jb x w) is row-major with rows ldu apart, as the matrix is: the kernels see U^T
    // (w x jb, leading dimension ldu) and the matrix's rows as columns.

    /// U = L1^-1 U (U^T = U^T L1^-T) for local columns [jl, jl + w); the top process row
    /// writes U back.
    void solve_u(const Panel& pn, const UView& v, idx jl, idx w) {
        k_.trsm(Side::right, Uplo::lower, Op::trans, Diag::unit, w, pn.jb, 1.0, pn.w(), pn.jb, v.at(jl), v.ldu);
        if (g_.my_row() == pn.top_row)
            k_.lacpy(w, pn.jb, v.at(jl), v.ldu, a_.at(a_.rows().count_before(pn.j0), jl), a_.ld());
    }

    /// A -= L U (A^T -= U^T L^T) on the step's local columns and rows.
    void rank_update(const Panel& pn, const UView& v, const Step& st) {
        const idx r = st.row0 - pn.l_first;
        k_.gemm(Op::no_trans, Op::trans, st.col1 - st.col0, st.row1 - st.row0, pn.jb, -1.0,
                v.at(st.col0), v.ldu, pn.l() + r, pn.ldl(), 1.0, a_.at(st.row0, st.col0), a_.ld());
    }

    /// U x = y, one diagonal block at a time from the bottom: the block's row sums its
    /// partial results onto the diagonal owner, which solves and sends x_j down its column.
    /// The sums live in the backend's memory; the pieces of x travel through the host.
    void back_solve(std::vector<double>& x_local) {
        const auto& rows = a_.rows();
        const auto& cols = a_.cols();
        const idx mp = rows.count(), np = plan_.panels();
        x_local.assign(std::size_t(cols.count()), 0.0);
        Buffer<double> w(be_, std::size_t(mp)), xj_d(be_, std::size_t(nb_));
        std::vector<double> xj(static_cast<std::size_t>(nb_));
        const auto bytes = [](idx count) { return std::size_t(count) * sizeof(double); };
        if (g_.my_col() == cols.owner(n_)) k_.copy(mp, a_.at(0, cols.local(n_)), a_.ld(), w.data(), 1);
        for (idx j = np - 1; j >= 0; --j) {
            const int rj = schedule::panel_row(j, g_.p()), cj = schedule::panel_column(j, g_.q());
            const idx j0 = j * nb_, jbw = plan_.panel_width(j);
            if (g_.my_row() == rj) {
                const idx il0 = rows.local(j0);
                be_.copy_to_host(xj.data(), w.data() + il0, bytes(jbw));
                g_.row().reduce(xj.data(), int(jbw), comm::ReduceOp::sum, cj);
                if (g_.my_col() == cj) {  // U's block seen transposed: lower, solved transposed
                    be_.copy_from_host(xj_d.data(), xj.data(), bytes(jbw));
                    k_.trsv(Uplo::lower, Op::trans, Diag::non_unit, jbw, a_.at(il0, cols.local(j0)), a_.ld(),
                            xj_d.data(), 1);
                    be_.copy_to_host(xj.data(), xj_d.data(), bytes(jbw));
                }
            }
            if (g_.my_col() == cj) {
                g_.col().bcast(std::span<double>(xj.data(), std::size_t(jbw)), rj);
                const idx jl0 = cols.local(j0);
                std::copy_n(xj.begin(), jbw, x_local.begin() + jl0);
                be_.copy_from_host(xj_d.data(), xj.data(), bytes(jbw));
                k_.gemv(Op::trans, jbw, rows.count_before(j0), -1.0, a_.at(0, jl0), a_.ld(), xj_d.data(), 1,
                        1.0, w.data(), 1);
            }
        }
    }

    LocalMatrix& a_;
    const Params& prm_;
    const layout::ProcessGrid& g_;
    Backend& be_;
    DenseKernels<double>& k_;
    idx n_, nb_;
    schedule::Plan plan_;
    idx slots_;                                        ///< panels in flight at most
    std::vector<std::unique_ptr<PanelBcast>> bcasts_;  ///< in flight, one per panel slot
    std::vector<idx> bcast_panel_;                     ///< the panel each is for, or -1
    Buffer<double>& u_;             ///< U's rows (the workspace's)
    Buffer<double>& work_;          ///< the swaps' rows (the workspace's)
    std::vector<Panel>& panels_;    ///< slots_ of them in use (the workspace's)
    UView u_view_;                  ///< U of the last swap's columns
    std::optional<LocalSwap> local_swap_;  ///< the threads' swaps (one process)
    StepTrace* trace_;
    SolveOutcome out_;
};

}  // namespace

void reserve_workspace(SolverWorkspace& ws, LocalMatrix& a, const Params& params,
                       const layout::ProcessGrid& grid, Backend& be) {
    Solver(a, params, grid, be, ws, nullptr).reserve();
}

SolveOutcome pdgesv(LocalMatrix& a, const Params& params, const layout::ProcessGrid& grid,
                    Backend& be, std::vector<double>& x_local, const ProgressFn& progress,
                    SolverWorkspace* workspace, StepTrace* trace) {
    SolverWorkspace own;
    return Solver(a, params, grid, be, workspace ? *workspace : own, trace).run(x_local, progress);
}

}  // namespace exa::hpl
