#include "twin/hpl_sim.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "backend/backend.hpp"
#include "common/error.hpp"
#include "hpl/panel_bcast.hpp"
#include "hpl/run.hpp"
#include "hpl/schedule.hpp"

namespace exa::twin {
namespace sch = hpl::schedule;
using sch::Step;
using sch::StepKind;

double expected_max_normal(double n) {
    if (n <= 1) return 0;
    // E[max] = integral of x n phi(x) Phi(x)^(n-1); the integrand is smooth, so a fine
    // trapezoid rule is exact to many digits.
    const double h = 1e-3;
    double sum = 0;
    for (double x = -10; x <= 10; x += h) {
        const double phi = std::exp(-0.5 * x * x) / std::sqrt(2 * M_PI);
        const double cdf = 0.5 * std::erfc(-x / std::sqrt(2.0));
        if (cdf <= 0) continue;
        sum += x * n * phi * std::exp((n - 1) * std::log(cdf));
    }
    return sum * h;
}

namespace {

/// Time accounts of one process column.
struct Account {
    double pfact = 0, bcast = 0, wait = 0, swap = 0, update = 0;
};

/// A stage's steps on one kind of column, with each step's modelled duration. Columns of one
/// kind (the same role and widths, the same links) share it: at scale the columns are many
/// and the kinds few.
struct StageSteps {
    bool owner = false;
    idx width = 0;
    double latency_s = 0, seconds_per_byte = 0;
    std::vector<Step> steps;
    std::vector<double> duration;
};

class Simulation {
public:
    explicit Simulation(const SimInput& in)
        : in_(in), prm_(in.params), n_(prm_.n), nb_(prm_.nb), p_(prm_.p), q_(prm_.q),
          shape_{n_, nb_, n_ + 1, p_, q_, prm_.depth, in.threads},
          // With one process row, the column's process itself.
          rep_(p_ == 1 ? 0 : in.column_shares_cores ? sch::Plan::column_mean : sch::Plan::column_max),
          k_(*in.rank_kernels), net_(*in.network), acc_(std::size_t(q_)),
          ready_(std::size_t(q_), 0), arrival_(std::size_t(q_), 0), pickup_(std::size_t(q_), 0) {
        plans_.reserve(std::size_t(q_));
        col_links_.reserve(std::size_t(q_));
        for (int c = 0; c < q_; ++c) {
            plans_.emplace_back(shape_, rep_, c);
            col_links_.push_back(net_.column_link(c));
        }
        prepare_broadcast();
    }

    SimResult run() {
        double t;
        Breakdown b;
        if (plans_[0].threaded()) {
            t = run_threaded(b);
        } else {
            run_columns();
            const auto c = std::size_t(std::max_element(ready_.begin(), ready_.end()) - ready_.begin());
            t = ready_[c];
            b = {acc_[c].pfact, acc_[c].bcast, acc_[c].wait, acc_[c].swap, acc_[c].update, 0};
        }
        b.back_solve = back_solve();
        trace_back_solve(t, b.back_solve);
        SimResult r;
        r.time_s = t + b.back_solve;
        r.gflops = hpl::hpl_flops(double(n_)) / r.time_s / 1e9;
        r.breakdown = b;
        return r;
    }

private:
    const sch::Plan& rep() const { return plans_[0]; }
    idx jb(idx k) const { return rep().panel_width(k); }

    // --- each step's duration on a column ----------------------------------------------
    double duration(const Step& st, int c, const KernelModel& kern) const {
        const idx nc = st.col1 - st.col0;
        switch (st.kind) {
            case StepKind::factor: return factor_time(st.panel, c, kern);
            case StepKind::swap: return swap_time(st.panel, nc, c, kern);
            case StepKind::solve:
                return (kern.trsm(double(jb(st.panel)), double(nc)) + kern.copy(double(jb(st.panel)), double(nc))) *
                       in_.slowdown;
            case StepKind::update:
                return kern.gemm(double(st.row1 - st.row0), double(nc), double(jb(st.panel))) * in_.slowdown;
            default: return 0;
        }
    }

    /// Panel k factored on its column: local work plus a pivot exchange per column.
    double factor_time(idx k, int c, const KernelModel& kern) const {
        const idx j = jb(k);
        double t = kern.panel(double(rep().rows_at(k * nb_)), double(j)) * in_.slowdown;
        if (p_ > 1) {
            const Link& l = col_links_[std::size_t(c)];
            const double steps = std::ceil(std::log2(double(p_)));
            const double exchange = std::max(NetworkModel::tree(l, p_, double(2 * j + 4) * word_),
                                             steps * in_.pivot_exchange_s);
            t += double(j) * exchange + NetworkModel::tree(l, p_, double(j * j) * word_);
        }
        return t;
    }

    /// The swaps of `n` local columns by panel k on column c.
    double swap_time(idx k, idx n, int c, const KernelModel& kern) const {
        const double j = double(jb(k));
        const double bytes = j * double(n) * word_;
        double swap = p_ > 1 ? kern.column_swap(j, double(n)) : 0;
        if (swap > 0) {
            // Measured whole on a column of two; a longer roll carries (P-1)/P of U, not 1/2.
            const Link& l = col_links_[std::size_t(c)];
            return swap * 2 * double(p_ - 1) / p_ * in_.slowdown + 2 * double(p_ - 2) * l.latency_s;
        }
        swap = kern.row_swap(j, double(n)) * in_.slowdown;
        if (p_ > 1) {
            const Link& l = col_links_[std::size_t(c)];
            const bool binary = prm_.swap == hpl::SwapAlgo::binary_exchange ||
                                (prm_.swap == hpl::SwapAlgo::mix && n <= prm_.swap_threshold);
            swap += binary ? NetworkModel::tree(l, p_, bytes)
                           : 2 * (double(p_ - 1) * l.latency_s + bytes * (p_ - 1) / p_ * l.seconds_per_byte);
        }
        return swap;
    }

    double panel_bytes(idx k) const {
        const double j = double(jb(k));
        return (j * j + j + double(rep().rows_below(k)) * j) * word_;
    }

    /// Stage s's steps and their durations on column c, shared with the columns of its kind.
    const StageSteps& steps_of(idx s, int c, idx sent) {
        const sch::Plan& plan = plans_[std::size_t(c)];
        const bool owner = sent >= 0 && plan.owns(sent);
        const idx width = plan.cols_before(n_ + 1) - plan.cols_before(plan.trailing_start(s));
        const Link& l = col_links_[std::size_t(c)];
        for (const auto& e : kinds_)
            if (e.owner == owner && e.width == width && e.latency_s == l.latency_s &&
                e.seconds_per_byte == l.seconds_per_byte)
                return e;
        StageSteps e{owner, width, l.latency_s, l.seconds_per_byte, {}, {}};
        plan.stage(s, e.steps);
        for (const Step& st : e.steps) e.duration.push_back(duration(st, c, k_));
        kinds_.push_back(std::move(e));
        return kinds_.back();
    }

    // --- broadcast along a process row -------------------------------------------------
    void prepare_broadcast() {
        prev_.assign(std::size_t(q_), -1);
        pos_.assign(std::size_t(q_), 0);
        order_.clear();
        if (is_long()) {
            for (int rel = 1; rel < q_; ++rel) order_.push_back(rel);
            return;
        }
        std::vector<std::vector<int>> next(static_cast<std::size_t>(q_));
        for (int rel = 0; rel < q_; ++rel) next[std::size_t(rel)] = hpl::PanelBcast::ring_links(prm_.bcast, q_, rel).next;
        // Breadth first from the root: every process after the one it receives from.
        std::vector<int> queue{0};
        for (std::size_t i = 0; i < queue.size(); ++i) {
            const int from = queue[i];
            int pos = 0;
            for (int to : next[std::size_t(from)]) {
                prev_[std::size_t(to)] = from;
                pos_[std::size_t(to)] = pos++;
                order_.push_back(to);
                queue.push_back(to);
            }
        }
    }
    bool is_long() const {
        return prm_.bcast == hpl::Broadcast::blong || prm_.bcast == hpl::Broadcast::blong_modified;
    }

    /// When panel k, sent from `root`, reaches column `rel` positions after it: the long
    /// variants spread it in one synchronous pass; in the rings each process forwards it once
    /// it has picked it up (a process busy updating, between pieces).
    double arrival(idx k, int root, int rel) const {
        const double bytes = panel_bytes(k);
        auto abs_col = [&](int r) { return (r + root) % q_; };
        if (is_long()) {
            Link worst = net_.link(0, root, 0, abs_col(1));
            for (int r = 2; r < q_; ++r) worst = worst.worst(net_.link(0, abs_col(r - 1), 0, abs_col(r)));
            const bool modified = prm_.bcast == hpl::Broadcast::blong_modified;
            const double first = modified ? worst.message(bytes) : 0;
            const int rest = modified ? q_ - 1 : q_;
            const double spread = rest > 1 ? 2 * (double(rest - 1) * worst.latency_s +
                                                  bytes * (rest - 1) / rest * worst.seconds_per_byte)
                                           : 0;
            return pickup_[std::size_t(root)] + first + (modified && rel == 1 ? 0 : spread);
        }
        const int from = abs_col(prev_[std::size_t(rel)]), to = abs_col(rel);
        return pickup_[std::size_t(from)] + (pos_[std::size_t(rel)] + 1) * net_.link(0, from, 0, to).message(bytes);
    }

    // --- the columns, stage by stage -----------------------------------------------------
    void run_columns() {
        for (idx s = rep().first_stage(); s < rep().panels(); ++s) {
            kinds_.clear();
            const idx sent = q_ > 1 ? rep().sent_panel(s) : -1;
            if (sent < 0) {
                for (int c = 0; c < q_; ++c) walk(s, c, sent);
                continue;
            }
            const int root = sch::panel_column(sent, q_);
            walk(s, root, sent);  // its send sets its pickup
            for (int rel : order_) {
                const int c = (rel + root) % q_;
                arrival_[std::size_t(c)] = arrival(sent, root, rel);
                walk(s, c, sent);
            }
        }
    }

    /// Column c through stage s: its steps one after the other from when it is free; a
    /// receive waits for the panel, which a polling piece may have picked up already.
    void walk(idx s, int c, idx sent) {
        const StageSteps& e = steps_of(s, c, sent);
        const auto ci = std::size_t(c);
        Account& a = acc_[ci];
        double t = ready_[ci];
        std::optional<double> picked;
        times_.resize(e.steps.size());
        for (std::size_t i = 0; i < e.steps.size(); ++i) {
            const Step& st = e.steps[i];
            const double t0 = t, d = e.duration[i];
            switch (st.kind) {
                case StepKind::factor: a.pfact += d; t += d; break;
                case StepKind::send: pickup_[ci] = t; send_ = t; break;
                case StepKind::recv:
                    if (!picked) {
                        const double h = arrival_[ci];
                        if (h > t) {
                            const double travel = std::min(h - t, h - send_);
                            a.bcast += travel;
                            a.wait += (h - t) - travel;
                            t = h;
                        }
                        picked = t;
                    }
                    pickup_[ci] = *picked;
                    break;
                case StepKind::swap: a.swap += d; t += d; break;
                case StepKind::solve:
                case StepKind::update:
                    a.update += d;
                    t += d;
                    if (st.poll >= 0 && !picked && st.poll == sent && arrival_[ci] <= t && sch::panel_column(sent, q_) != c)
                        picked = t;
                    break;
                case StepKind::back_solve: break;
            }
            times_[i] = {t0, t};
        }
        ready_[ci] = t;
        if (in_.trace) trace_stage(s, c, e.steps.size());
    }

    /// One process, T threads, as the solver shares a stage out: the lane (the next panel's
    /// columns and its factorization) on thread 0, pool 0's pieces (swaps and U) each to
    /// the thread free first, then, once all are done, pool 1's (the GEMM in pieces of
    /// rows). The stage ends when the last thread finishes. Pieces are timed at their own
    /// shapes: the late, small ones run far below the large-GEMM rate.
    double run_threaded(Breakdown& b) {
        const KernelModel& k1 = *in_.thread_kernels;
        const int T = in_.threads;
        std::vector<Step> steps;
        std::vector<double> busy(static_cast<std::size_t>(T));
        std::vector<int> worker;
        double t = 0;
        for (idx s = rep().first_stage(); s < rep().panels(); ++s) {
            rep().stage(s, steps);
            times_.assign(steps.size(), {0, 0});
            worker.assign(steps.size(), 0);
            std::fill(busy.begin(), busy.end(), 0.0);
            Account a;
            auto run = [&](std::size_t i, int w) {
                const double d = duration(steps[i], 0, k1);
                switch (steps[i].kind) {
                    case StepKind::factor: a.pfact += d; break;
                    case StepKind::swap: a.swap += d; break;
                    default: a.update += d; break;
                }
                times_[i] = {t + busy[std::size_t(w)], t + busy[std::size_t(w)] + d};
                worker[i] = w;
                busy[std::size_t(w)] += d;
            };
            const sch::ThreadedStage stage(steps);
            for (std::size_t i : stage.lane) run(i, 0);
            double prepared = 0;  // when the last of pool 0 is done
            for (int pool = 0; pool < 2; ++pool) {
                // Pool 1 needs all of U: every thread waits for the last of pool 0.
                if (pool == 1)
                    for (double& b : busy) b = std::max(b, prepared);
                for (const auto& [first, last] : stage.pools[pool]) {
                    const int w = int(std::min_element(busy.begin(), busy.end()) - busy.begin());
                    for (std::size_t i = first; i < last; ++i) run(i, w);
                    if (pool == 0) prepared = std::max(prepared, busy[std::size_t(w)]);
                }
            }
            const double it = *std::max_element(busy.begin(), busy.end());
            // The stage's time, shared out in proportion to the work of each kind.
            const double work = a.pfact + a.swap + a.update;
            const double f = work > 0 ? it / work : 0;
            b.panel_factorization += a.pfact * f;
            b.row_swaps += a.swap * f;
            b.update += a.update * f;
            if (in_.trace)
                for (std::size_t i = 0; i < steps.size(); ++i)
                    in_.trace->push_back({0, worker[i], steps[i], times_[i].first, times_[i].second});
            t += it;
        }
        return t;
    }

    /// U x = y from the bottom: per block a reduction along its row, a triangular solve, a
    /// broadcast down its column and a GEMV; the blocks form one chain.
    double back_solve() const {
        double t = 0;
        const Link row = q_ > 1 ? net_.link(0, 0, 0, 1) : Link{};
        const layout::BlockCyclic1D rows{n_, nb_, p_, 0};
        for (idx j = rep().panels() - 1; j >= 0; --j) {
            const idx w = jb(j);
            const int c = sch::panel_column(j, q_);
            if (q_ > 1) t += NetworkModel::tree(row, q_, double(w) * 8);
            t += k_.gemv(double(w), double(w)) / 2;
            if (p_ > 1) t += NetworkModel::tree(col_links_[std::size_t(c)], p_, double(w) * 8);
            t += k_.gemv(double(rows.count_before(j * nb_, 0)), double(w));
        }
        return t * in_.slowdown;
    }

    // --- the trace: every process's own steps, at its column's times ---------------------
    const sch::Plan& plan_of(int r, int c) {
        if (rank_plans_.empty())
            for (int rr = 0; rr < p_; ++rr)
                for (int cc = 0; cc < q_; ++cc) rank_plans_.emplace_back(shape_, rr, cc);
        return rank_plans_[std::size_t(r * q_ + c)];
    }
    int rank(int r, int c) const { return layout::rank_of(r, c, p_, q_, prm_.pmap); }

    void trace_stage(idx s, int c, std::size_t count) {
        std::vector<Step> mine;
        for (int r = 0; r < p_; ++r) {
            plan_of(r, c).stage(s, mine);
            // Every process of a column runs the same steps: the schedule's promise.
            if (mine.size() != count)
                throw Error(fmt::format("the schedule gives process ({}, {}) {} steps in stage {}, its column {}",
                                        r, c, mine.size(), s, count));
            for (std::size_t i = 0; i < count; ++i)
                in_.trace->push_back({rank(r, c), 0, mine[i], times_[i].first, times_[i].second});
        }
    }

    void trace_back_solve(double t, double d) {
        if (!in_.trace) return;
        for (int r = 0; r < p_; ++r)
            for (int c = 0; c < q_; ++c) in_.trace->push_back({rank(r, c), 0, rep().back_solve(), t, t + d});
    }

    const SimInput& in_;
    const hpl::Params& prm_;
    idx n_, nb_;
    int p_, q_;
    double word_ = in_.element_bytes;  ///< bytes of one matrix entry in messages
    sch::Shape shape_;
    int rep_;
    const KernelModel& k_;
    const NetworkModel& net_;
    std::vector<sch::Plan> plans_;       ///< each column's representative process
    std::vector<sch::Plan> rank_plans_;  ///< every process's, for the trace
    std::vector<Link> col_links_;
    std::vector<Account> acc_;
    std::vector<double> ready_;     ///< when each column is free
    std::vector<double> arrival_;   ///< when the stage's panel reaches each column
    std::vector<double> pickup_;    ///< when each column has it in hand (and forwards it)
    double send_ = 0;               ///< when the stage's panel left its owner
    std::vector<StageSteps> kinds_;
    std::vector<std::pair<double, double>> times_;  ///< the last walk's step times
    std::vector<int> prev_, pos_, order_;  ///< broadcast tree, by position relative to the root
};

}  // namespace

SimResult simulate_hpl(const SimInput& in) { return Simulation(in).run(); }

}  // namespace exa::twin
