#include "twin/hpl_sim.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "backend/backend.hpp"
#include "hpl/run.hpp"
#include "hpl/schedule.hpp"
#include "layout/block_cyclic.hpp"
#include "hpl/panel_bcast.hpp"

namespace exa::twin {
namespace sch = hpl::schedule;

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

class Simulation {
public:
    explicit Simulation(const SimInput& in)
        : in_(in), prm_(in.params), n_(prm_.n), nb_(prm_.nb), p_(prm_.p), q_(prm_.q),
          np_(sch::panel_count(n_, nb_)), rows_{n_, nb_, p_, 0}, cols_{n_ + 1, nb_, q_, 0},
          k_(*in.rank_kernels), net_(*in.network), acc_(std::size_t(q_)), ready_(std::size_t(q_), 0),
          have_(std::size_t(q_), 0), next_have_(std::size_t(q_), 0) {
        col_links_.reserve(std::size_t(q_));
        for (int c = 0; c < q_; ++c) col_links_.push_back(net_.column_link(c));
        prepare_broadcast();
    }

    SimResult run() {
        double t;
        Breakdown b;
        if (sch::threaded_lookahead(p_, q_, prm_.depth, in_.threads)) {
            t = run_threaded(b);
        } else {
            const bool lookahead = sch::lookahead_depth(q_, prm_.depth) > 0;
            lookahead ? run_lookahead() : run_no_lookahead();
            const auto c = std::size_t(std::max_element(ready_.begin(), ready_.end()) - ready_.begin());
            t = ready_[c];
            b = {acc_[c].pfact, acc_[c].bcast, acc_[c].wait, acc_[c].swap, acc_[c].update, 0};
        }
        b.back_solve = back_solve();
        SimResult r;
        r.time_s = t + b.back_solve;
        r.gflops = hpl::hpl_flops(double(n_)) / r.time_s / 1e9;
        r.breakdown = b;
        return r;
    }

private:
    idx jb(idx k) const { return std::min(nb_, n_ - k * nb_); }
    /// Most rows any process row holds from global row g down: the column's pace. Processes
    /// that time-share a core finish together, so there the mean (rounded up).
    idx rows_from(idx g) const {
        if (g == memo_g_) return memo_m_;
        idx m = 0;
        if (in_.column_shares_cores) {
            m = (n_ - std::min(g, n_) + p_ - 1) / p_;
        } else {
            // The process rows that own the block of g, and the next, hold the most below it
            // (a partial last block can make row 0 one of them).
            const int o = rows_.owner(std::min(g, n_ - 1));
            for (int r : {o, (o + 1) % p_, 0}) m = std::max(m, rows_.count(r) - rows_.count_before(g, r));
        }
        memo_g_ = g;
        memo_m_ = m;
        return m;
    }
    idx cols_from(idx g, int c) const { return cols_.count(c) - cols_.count_before(g, c); }
    /// Rows that panel k's update covers: those below its diagonal block.
    idx rows_below(idx k) const { return rows_from(sch::panel_end(k, nb_, n_)); }

    /// Panel k factored on its column: local work plus a pivot exchange per column.
    double factor_time(idx k, int c) const {
        const idx j = jb(k);
        double t = k_.panel(double(rows_from(k * nb_)), double(j)) * in_.slowdown;
        if (p_ > 1) {
            const Link& l = col_links_[std::size_t(c)];
            const double steps = std::ceil(std::log2(double(p_)));
            const double exchange = std::max(NetworkModel::tree(l, p_, double(2 * j + 4) * 8),
                                             steps * in_.pivot_exchange_s);
            t += double(j) * exchange + NetworkModel::tree(l, p_, double(j * j) * 8);
        }
        return t;
    }

    /// Swaps and update of `n` local columns by panel k on column c (into the account).
    double update_time(idx k, idx n, int c, const KernelModel& kern, Account* a) const {
        if (n <= 0) return 0;
        return prepare_time(k, n, c, kern, a) + gemm_time(k, double(rows_below(k)), n, kern, a);
    }

    /// A -= L U by panel k on `rows` rows and `n` local columns (into the account).
    double gemm_time(idx k, double rows, idx n, const KernelModel& kern, Account* a) const {
        const double t = kern.gemm(rows, double(n), double(jb(k))) * in_.slowdown;
        if (a) a->update += t;
        return t;
    }

    /// The swaps of `n` local columns by panel k on column c, then U = L1^-1 U and U
    /// written back (into the account).
    double prepare_time(idx k, idx n, int c, const KernelModel& kern, Account* a) const {
        if (n <= 0) return 0;
        const double j = double(jb(k));
        const double bytes = j * double(n) * 8;
        double swap = p_ > 1 ? kern.column_swap(j, double(n)) : 0;
        if (swap > 0) {
            // Measured whole on a column of two; a longer roll carries (P-1)/P of U, not 1/2.
            const Link& l = col_links_[std::size_t(c)];
            swap = swap * 2 * double(p_ - 1) / p_ * in_.slowdown + 2 * double(p_ - 2) * l.latency_s;
        } else {
            swap = kern.row_swap(j, double(n)) * in_.slowdown;
            if (p_ > 1) {
                const Link& l = col_links_[std::size_t(c)];
                const bool binary = prm_.swap == hpl::SwapAlgo::binary_exchange ||
                                    (prm_.swap == hpl::SwapAlgo::mix && n <= prm_.swap_threshold);
                swap += binary ? NetworkModel::tree(l, p_, bytes)
                               : 2 * (double(p_ - 1) * l.latency_s + bytes * (p_ - 1) / p_ * l.seconds_per_byte);
            }
        }
        // U = L1^-1 U and U written back (by the top process row; at scale the slowest
        // process of each iteration, so counted here).
        const double upd = (kern.trsm(j, double(n)) + kern.copy(j, double(n))) * in_.slowdown;
        if (a) {
            a->swap += swap;
            a->update += upd;
        }
        return swap + upd;
    }

    double panel_bytes(idx k) const {
        const double j = double(jb(k));
        return (j * j + j + double(rows_below(k)) * j) * 8;
    }

    // --- broadcast along a process row -------------------------------------------------
    void prepare_broadcast() {
        prev_.assign(std::size_t(q_), -1);
        pos_.assign(std::size_t(q_), 0);
        order_.clear();
        if (is_long()) return;
        std::vector<std::vector<int>> next(static_cast<std::size_t>(q_));
        for (int rel = 0; rel < q_; ++rel) {
            const auto links = hpl::PanelBcast::ring_links(prm_.bcast, q_, rel);
            next[std::size_t(rel)] = links.next;
        }
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

    /// Arrival of panel k at every column, sent by `root` at `send`; forwarders that are busy
    /// updating pick it up between pieces (half a piece late on average).
    void broadcast(idx k, int root, double send, std::vector<double>& have) const {
        const double bytes = panel_bytes(k);
        have[std::size_t(root)] = send;
        if (q_ == 1) return;
        auto abs_col = [&](int rel) { return (rel + root) % q_; };
        if (is_long()) {
            Link worst = net_.link(0, root, 0, abs_col(1));
            for (int rel = 2; rel < q_; ++rel) worst = worst.worst(net_.link(0, abs_col(rel - 1), 0, abs_col(rel)));
            const bool modified = prm_.bcast == hpl::Broadcast::blong_modified;
            const double first = modified ? worst.message(bytes) : 0;
            const int rest = modified ? q_ - 1 : q_;
            const double spread = rest > 1 ? 2 * (double(rest - 1) * worst.latency_s +
                                                  bytes * (rest - 1) / rest * worst.seconds_per_byte)
                                           : 0;
            for (int rel = 1; rel < q_; ++rel)
                have[std::size_t(abs_col(rel))] = send + first + (modified && rel == 1 ? 0 : spread);
            return;
        }
        // A forwarder's piece: its update by the panel before on a piece of rows, all columns.
        const idx kp = k > 0 ? k - 1 : 0;
        const double piece_rows = double(std::min(sch::polling_piece(nb_), rows_below(kp)));
        for (int rel : order_) {
            const int from = prev_[std::size_t(rel)], fc = abs_col(from), tc = abs_col(rel);
            double start = have[std::size_t(fc)];
            if (from != 0 && start < ready_[std::size_t(fc)])
                start += gemm_time(kp, piece_rows, cols_from(sch::panel_end(kp, nb_, n_), fc), k_, nullptr) / 2;
            have[std::size_t(tc)] = start + (pos_[std::size_t(rel)] + 1) * net_.link(0, fc, 0, tc).message(bytes);
        }
    }

    /// Column c starts its work for panel k: when it is free and the panel is here.
    double begin(int c, double send) {
        auto& a = acc_[std::size_t(c)];
        const double r = ready_[std::size_t(c)], h = have_[std::size_t(c)];
        if (h <= r) return r;
        const double travel = std::min(h - r, h - send);
        a.bcast += travel;
        a.wait += (h - r) - travel;
        return h;
    }

    // --- the three schedules ------------------------------------------------------------
    void run_lookahead() {
        // Panel 0: factored before the loop, on column 0.
        double send = factor_time(0, 0);
        acc_[0].pfact += send;
        ready_[0] = send;
        broadcast(0, 0, send, have_);
        for (idx k = 0; k < np_; ++k) {
            const idx g1 = sch::panel_end(k, nb_, n_);
            const bool more = k + 1 < np_;
            const int owner = more ? sch::panel_column(k + 1, q_) : -1;
            double next_send = 0;
            for (int c = 0; c < q_; ++c) {
                auto& a = acc_[std::size_t(c)];
                double t = begin(c, send);
                const idx nc = cols_from(g1, c);
                if (c == owner) {
                    const idx ahead = std::min(jb(k + 1), nc);
                    t += update_time(k, ahead, c, k_, &a);
                    const double pf = factor_time(k + 1, c);
                    a.pfact += pf;
                    t += pf;
                    next_send = t;
                    t += update_time(k, nc - ahead, c, k_, &a);
                } else {
                    t += update_time(k, nc, c, k_, &a);
                }
                ready_[std::size_t(c)] = t;
            }
            if (more) {
                broadcast(k + 1, owner, next_send, next_have_);
                have_.swap(next_have_);
                send = next_send;
            }
        }
    }

    void run_no_lookahead() {
        for (idx k = 0; k < np_; ++k) {
            const int owner = sch::panel_column(k, q_);
            const double pf = factor_time(k, owner);
            acc_[std::size_t(owner)].pfact += pf;
            const double send = ready_[std::size_t(owner)] + pf;
            ready_[std::size_t(owner)] = send;
            broadcast(k, owner, send, have_);
            const idx g1 = sch::panel_end(k, nb_, n_);
            for (int c = 0; c < q_; ++c) {
                const double t = begin(c, send);
                ready_[std::size_t(c)] = t + update_time(k, cols_from(g1, c), c, k_, &acc_[std::size_t(c)]);
            }
        }
    }

    /// One process, T threads, as the solver shares an update out: worker 0 updates the next
    /// panel's columns and factors it; the swaps and U of the other columns go in pieces
    /// (sch::prepare_piece) to the thread free first; once all are done, the DGEMM in guided
    /// pieces of rows (sch::next_piece), each to the thread free first. The iteration ends
    /// when the last thread finishes. Pieces are timed at their own shapes: the late, small
    /// ones run far below the large-GEMM rate.
    double run_threaded(Breakdown& b) {
        const KernelModel& k1 = *in_.thread_kernels;
        const int T = in_.threads;
        double t = k1.panel(double(n_), double(jb(0))) * in_.slowdown;
        b.panel_factorization += t;
        std::vector<double> busy(static_cast<std::size_t>(T));
        for (idx k = 0; k < np_; ++k) {
            const idx g1 = sch::panel_end(k, nb_, n_);
            const idx nc = cols_from(g1, 0);
            const bool more = k + 1 < np_;
            const idx ahead = more ? std::min(jb(k + 1), nc) : 0;
            Account a;
            std::fill(busy.begin(), busy.end(), 0.0);
            double pf = 0;
            if (more) {
                pf = k1.panel(double(rows_from(g1)), double(jb(k + 1))) * in_.slowdown;
                busy[0] = update_time(k, ahead, 0, k1, &a) + pf;
            }
            const idx rest = nc - ahead, rows = rows_from(g1);
            double ready = 0;  // when the last of U is solved
            for (idx c = 0; c < rest; c += sch::prepare_piece) {
                double& free_first = *std::min_element(busy.begin(), busy.end());
                free_first += prepare_time(k, std::min(sch::prepare_piece, rest - c), 0, k1, &a);
                ready = std::max(ready, free_first);
            }
            for (double& t_free : busy) t_free = std::max(t_free, ready);
            for (idx r = 0; rest > 0 && r < rows;) {
                const idx h = sch::next_piece(rows - r, T);
                *std::min_element(busy.begin(), busy.end()) += gemm_time(k, double(h), rest, k1, &a);
                r += h;
            }
            const double it = *std::max_element(busy.begin(), busy.end());
            // The iteration's time, shared out in proportion to the work of each kind.
            const double work = pf + a.swap + a.update;
            const double f = work > 0 ? it / work : 0;
            b.panel_factorization += pf * f;
            b.row_swaps += a.swap * f;
            b.update += a.update * f;
            t += it;
        }
        return t;
    }

    /// U x = y from the bottom: per block a reduction along its row, a triangular solve, a
    /// broadcast down its column and a GEMV; the blocks form one chain.
    double back_solve() const {
        double t = 0;
        const Link row = q_ > 1 ? net_.link(0, 0, 0, 1) : Link{};
        for (idx j = np_ - 1; j >= 0; --j) {
            const idx w = jb(j);
            const int c = sch::panel_column(j, q_);
            if (q_ > 1) t += NetworkModel::tree(row, q_, double(w) * 8);
            t += k_.gemv(double(w), double(w)) / 2;
            if (p_ > 1) t += NetworkModel::tree(col_links_[std::size_t(c)], p_, double(w) * 8);
            t += k_.gemv(double(rows_.count_before(j * nb_, 0)), double(w));
        }
        return t * in_.slowdown;
    }

    const SimInput& in_;
    const hpl::Params& prm_;
    idx n_, nb_;
    int p_, q_;
    idx np_;
    layout::BlockCyclic1D rows_, cols_;
    const KernelModel& k_;
    const NetworkModel& net_;
    std::vector<Link> col_links_;
    std::vector<Account> acc_;
    std::vector<double> ready_, have_, next_have_;
    std::vector<int> prev_, pos_, order_;  ///< broadcast tree, by position relative to the root
    mutable idx memo_g_ = -1, memo_m_ = 0;
};

}  // namespace

SimResult simulate_hpl(const SimInput& in) { return Simulation(in).run(); }

}  // namespace exa::twin
