#include "probe/calibrate.hpp"

#include <sched.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <memory>
#include <numeric>
#include <random>
#include <thread>
#include <utility>
#include <vector>

#include "probe/memory_bandwidth.hpp"
#include "common/huge_vector.hpp"
#include "common/matrix_storage.hpp"
#include "common/timer.hpp"
#include "hpl/local_matrix.hpp"
#include "hpl/panel.hpp"
#include "hpl/panel_factor.hpp"
#include "hpl/params.hpp"
#include "hpl/row_swap.hpp"
#include "layout/process_grid.hpp"
#include "probe/host.hpp"
#include "probe/sweep_estimate.hpp"
#include "version.hpp"

namespace exa::probe {
namespace {

/// Median seconds of one call of `fn`, each sample repeating it for at least 20 ms (a call
/// that long is a sample by itself).
template <class Fn>
double time_call(Fn&& fn, int samples = 3) {
    fn();  // warm-up: pages, caches, BLAS buffers
    double a = wall_time();
    fn();
    const double once = std::max(1e-7, wall_time() - a);
    const int reps = std::max(1, int(0.02 / once));
    std::vector<double> t;
    if (reps == 1) t.push_back(once);
    while (int(t.size()) < samples) {
        a = wall_time();
        for (int r = 0; r < reps; ++r) fn();
        t.push_back((wall_time() - a) / reps);
    }
    return median(std::move(t));
}

/// On huge pages, as the solver's matrix, panels and U are: with 4 KiB pages a DGEMM packs
/// its operands more slowly (7% of HPL's rate on an AMD EPYC VM).
huge_vector<double> random_matrix(std::size_t count, unsigned seed) {
    std::mt19937_64 g(seed);
    std::uniform_real_distribution<double> u(-0.5, 0.5);
    huge_vector<double> v(count);
    for (auto& x : v) x = u(g);
    return v;
}

/// Ranks 0 and 1, 2 and 3, ... as communicators of two; none for an odd rank out.
std::unique_ptr<comm::Communicator> pair_of(comm::Communicator& w) {
    const int pairs = w.size() / 2;
    return w.split(w.rank() < 2 * pairs ? w.rank() / 2 : -1, w.rank());
}

/// The mean of `v` over the ranks that measured it (the others pass measured = false).
double mean_of_measured(comm::Communicator& w, double v, bool measured) {
    const double count = w.allreduce_sum(measured ? 1.0 : 0.0);
    return count > 0 ? w.allreduce_sum(measured ? v : 0.0) / count : 0;
}

/// While alive, both ranks of each pair run on the first core of the pair's first rank: a
/// process column of two sharing one core, as when more processes than cores run. Restores
/// each thread's own cores after. Linux only (elsewhere the ranks stay where they are).
class PairsOnOneCore {
public:
    explicit PairsOnOneCore(comm::Communicator& w) {
        auto pair = pair_of(w);
        double cpu = -1;
#ifdef __linux__
        saved_ok_ = sched_getaffinity(0, sizeof saved_, &saved_) == 0;
        for (int i = 0; saved_ok_ && i < CPU_SETSIZE && cpu < 0; ++i)
            if (CPU_ISSET(i, &saved_)) cpu = i;
#endif
        if (pair) pair->bcast(std::span<double>(&cpu, 1), 0);
#ifdef __linux__
        if (pair && saved_ok_ && cpu >= 0) {
            cpu_set_t one;
            CPU_ZERO(&one);
            CPU_SET(int(cpu), &one);
            bound_ = sched_setaffinity(0, sizeof one, &one) == 0;
        }
#endif
    }
    ~PairsOnOneCore() {
#ifdef __linux__
        if (bound_) sched_setaffinity(0, sizeof saved_, &saved_);
#endif
    }
    PairsOnOneCore(const PairsOnOneCore&) = delete;
    PairsOnOneCore& operator=(const PairsOnOneCore&) = delete;

private:
#ifdef __linux__
    cpu_set_t saved_{};
#endif
    bool saved_ok_ = false, bound_ = false;
};

class Measure {
public:
    Measure(comm::Communicator& w, Backend& be, const CalibrateOptions& o,
            const std::function<void(double)>& progress)
        : w_(w), be_(be), quick_(o.quick), progress_(progress) {}

    Calibration run() {
        Calibration c;
        const auto info = probe::MachineInfo::detect();
        c.host = info.hostname;
        c.cpu = info.cpu_model;
        c.blas = info.blas_kernels + " on " + info.cpu_isa;
        c.exabench_version = EXA_VERSION;
        char date[32];
        const std::time_t now = std::time(nullptr);
        std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", std::localtime(&now));
        c.date = date;
        c.ranks = w_.size();
        c.cores = std::max(1, int(std::thread::hardware_concurrency()));

        const std::vector<double> sizes = quick_ ? std::vector<double>{64, 256, 1024}
                                                 : std::vector<double>{64, 128, 256, 512, 1024, 2048, 4096, 8192};
        const std::vector<double> ks = quick_ ? std::vector<double>{32, 128, 256}
                                              : std::vector<double>{32, 64, 128, 192, 256, 384, 512};
        const std::vector<double> trsm_n = quick_ ? std::vector<double>{64, 1024}
                                                  : std::vector<double>{64, 256, 1024, 4096};
        const std::vector<double> rows = quick_ ? std::vector<double>{256, 1024}
                                                : std::vector<double>{512, 2048, 8192};
        const std::vector<double> widths = quick_ ? std::vector<double>{256, 1024}
                                                  : std::vector<double>{512, 1024, 2048, 4096, 8192};
        const std::vector<double> ks_swap = quick_ ? std::vector<double>{64} : std::vector<double>{128, 256};
        steps_ = double(sizes.size() * ks.size() + trsm_n.size() * ks.size() + rows.size() * ks.size() + 5);
        if (w_.size() >= 2) steps_ += double(widths.size() * ks_swap.size() + 2);

        // Every kernel table's operands made once, for its largest point (Update).
        update_ = std::make_unique<Update>(idx(sizes.back()), idx(ks.back()), 1);
        solve_ = std::make_unique<Solve>(idx(ks.back()), idx(trsm_n.back()), 3);
        panel_ = std::make_unique<PanelInMatrix>(be_, std::max<idx>(0, idx(rows.back()) - idx(ks.back())), idx(ks.back()), 5, 6);
        std::vector<double> my_pace;  // per DGEMM point: the ranks' mean rate over mine
        c.dgemm_gflops = table(sizes, ks, [&](double s, double k) { return gemm_gflops(idx(s), idx(k)); }, true,
                               &my_pace);
        c.slowest_core = std::max(1.0, w_.allreduce_max(median(std::move(my_pace))));
        c.dtrsm_gflops = table(trsm_n, ks, [&](double n, double m) { return trsm_gflops(idx(m), idx(n)); }, true);
        c.panel_seconds = table(rows, ks, [&](double r, double nb) { return panel_seconds(idx(r), idx(nb)); }, false);
        c.row_swap_gbs = averaged(row_swap_gbs());
        step();
        c.triad_gbs = averaged(triad_gbs(std::size_t(quick_ ? 16 : 128) << 20, 5, 1));
        c.block_gemv_gbs = averaged(block_gemv_gbs());
        step();
        c.temporal_cv = averaged(temporal_cv());
        step();
        mpi(c);
        step();
        c.panel_exchange_us = panel_exchange_us();
        step();
        if (w_.size() >= 2) {
            c.column_swap_gbs = column_swap_table(widths, ks_swap);
            shared_core(c);
        }
        return c;
    }

private:
    /// A kernel's table, measured in `passes` sweeps over all its points. A machine's speed
    /// can drift over seconds to minutes (shared or virtual ones do): samples of a point
    /// spread over the sweeps see the drift as it is, not as a bias of the points measured
    /// in a slow minute. HPL's time is a sum of many kernel calls, whose expectation is the
    /// sum of their means, slow spells included; each point's expected time comes from its
    /// median and a factor for the spells shared by all points (twin/sweep_estimate.hpp), so
    /// that a spell during one point's sample does not make that one shape look slow.
    /// With `pace`, each rate point also adds the ranks' mean rate over this rank's own there
    /// (above 1 where this rank ran slower).
    template <class Fn>
    Curve table(const std::vector<double>& xs, const std::vector<double>& ys, Fn&& fn, bool rates,
                std::vector<double>* pace = nullptr) {
        const int passes = quick_ ? 1 : 3;
        // Per sweep and point, a time: for rates, seconds per unit of work (1 / rate).
        std::vector<std::vector<double>> times(std::size_t(passes), std::vector<double>(xs.size() * ys.size()));
        for (auto& sweep : times) {
            for (std::size_t i = 0; i < sweep.size(); ++i) {
                w_.barrier();  // every rank measures the same kernel at once
                const double mine = fn(xs[i % xs.size()], ys[i / xs.size()]);
                const double v = averaged(mine);
                if (pace && mine > 0) pace->push_back(v / mine);
                sweep[i] = rates ? 1 / v : v;
                step(1.0 / passes);
            }
        }
        const std::vector<double> expected = expected_costs(times);
        Curve c{xs, ys, {}};
        for (std::size_t i = 0; i < expected.size(); ++i) {
            if (i % xs.size() == 0) c.v.emplace_back();
            c.v.back().push_back(rates ? 1 / expected[i] : expected[i]);
        }
        return c;
    }

    double averaged(double v) { return w_.allreduce_sum(v) / w_.size(); }
    void step(double part = 1) {
        if (progress_ && w_.rank() == 0) progress_((done_ += part) / steps_);
    }

    /// Leading dimension of a calibration matrix of `rows` rows: strided as HPL's matrix is
    /// (the sizes measured are powers of two, whose stride costs a GEMM 7-20% here in
    /// cache-set collisions that HPL's own matrix avoids).
    static idx ld_of(idx rows) { return hpl::LocalMatrix::leading_dimension(rows, 8); }

    /// HPL's update as the solver calls it on its row-major matrix, C^T -= U^T L^T, with C
    /// s x s and depth k on padded matrices, for any s and k up to the ones it was made for.
    /// One serves every point of the DGEMM table and the calibration's other DGEMMs: made
    /// per point (600 MiB at s = 8192), fresh memory was faulted in while other ranks timed
    /// theirs, which on a VM whose host takes freed memory back left points up to 40% slow.
    struct Update {
        huge_vector<double> ut, l, c;
        Update(idx s_max, idx k_max, unsigned seed)
            : ut(random_matrix(std::size_t(ld_of(s_max) * k_max), seed)),
              l(random_matrix(std::size_t(ld_of(s_max) * k_max), seed + 1)),
              c(std::size_t(ld_of(s_max) * s_max), 0.0) {}
        void run(Backend& be, idx s, idx k) {
            const idx ld = ld_of(s);
            be.fp64().gemm(Op::no_trans, Op::trans, s, s, k, -1.0, ut.data(), ld, l.data(), ld, 1.0, c.data(), ld);
        }
    };

    double gemm_gflops(idx s, idx k) {
        const double t = time_call([&] { update_->run(be_, s, k); }, 1);
        return 2.0 * double(s * s * k) / t / 1e9;
    }

    /// U = L^-1 U as the solver computes it (U^T = U^T L^-T), L of order m, U of n columns,
    /// up to the ones it was made for; one for the whole table, as Update. Each point starts
    /// from the same U.
    struct Solve {
        huge_vector<double> l, u0, u;
        Solve(idx m_max, idx n_max, unsigned seed)
            : l(random_matrix(std::size_t(m_max * m_max), seed)),
              u0(random_matrix(std::size_t(ld_of(n_max) * m_max), seed + 1)), u(u0.size()) {}
        void reset(idx m, idx n) { std::copy_n(u0.begin(), ld_of(n) * m, u.begin()); }
        void run(Backend& be, idx m, idx n) {
            be.fp64().trsm(Side::right, Uplo::lower, Op::trans, Diag::unit, n, m, 1.0, l.data(), m, u.data(), ld_of(n));
        }
    };

    double trsm_gflops(idx m, idx n) {
        solve_->reset(m, n);
        const double t = time_call([&] { solve_->run(be_, m, n); }, 1);
        return double(m * m * n) / t / 1e9;
    }

    /// A panel as the solver factors it: ml rows under an nb x nb top block, in a row-major
    /// matrix (rows ld apart), copied out into the panel's buffers, factored, the top block
    /// written back (to a scratch block, so that every call factors the same numbers).
    /// Made for the largest shape, it factors any smaller one (`shape`): the panel table's
    /// points share one, as the DGEMM table's share an Update.
    struct PanelInMatrix {
        idx ld, stride, first;
        huge_vector<double> a, top_out;
        hpl::Panel pn;
        std::vector<idx> l_rows;
        /// The top block from `top_seed` (a process column's processes share it), L from `seed`;
        /// L's rows every `stride`-th global row from `first` below the block.
        PanelInMatrix(Backend& be, idx ml, idx nb_, unsigned top_seed, unsigned seed, idx stride_ = 1, idx first_ = 0)
            : ld(ld_of(std::max<idx>(nb_, 1024))), stride(stride_), first(first_),
              a(random_matrix(std::size_t(nb_ * ld), top_seed)), top_out(std::size_t(nb_ * ld)) {
            pn.buffer = Buffer<double>(be);
            const auto l = random_matrix(std::size_t(ml * ld), seed);
            a.insert(a.end(), l.begin(), l.end());
            shape(ml, nb_);
        }
        /// Factors the first nb rows as the top block, the next ml as L.
        void shape(idx ml, idx nb_) {
            pn.j0 = 0;
            pn.jb = nb_;
            pn.ml = ml;
            pn.buffer.reserve(std::size_t(pn.count()));  // within the largest shape's capacity
            l_rows.resize(std::size_t(ml));
            for (idx i = 0; i < ml; ++i) l_rows[std::size_t(i)] = nb_ + first + stride * i;
        }
        void factor(comm::Communicator& col, Backend& be) {
            hpl::load_panel(pn, a.data(), a.data() + pn.jb * ld, ld, be);
            hpl::factor_panel_buffer(pn, l_rows.data(), hpl::Params{}, col, be);
            hpl::store_panel_top(pn, top_out.data(), ld, be);
        }
    };

    /// HPL's recursive panel factorization (default PFACT, RFACT, NBMIN, NDIV) of rows x nb,
    /// with the solver's copies in and out of its matrix.
    double panel_seconds(idx rows, idx nb) {
        panel_->shape(std::max<idx>(0, rows - nb), nb);
        auto self = comm::make_self();
        return std::max(1e-7, time_call([&] { panel_->factor(*self, be_); }));
    }

    /// What a process column of two adds to each column of a panel's factorization (the
    /// pivot exchange and the wait for the partner), over the local factorization of its half.
    /// The two are timed in turns, so that a drift of the machine's speed falls on both rather
    /// than on one side of the difference (the local time had come from the panel table,
    /// measured a minute earlier), and the median turn is kept.
    double panel_exchange_us() {
        double per_column = 0;
        auto pair = w_.split(w_.rank() < 2 ? 0 : -1, w_.rank());
        if (w_.size() >= 2 && pair) {
            const idx half = quick_ ? 512 : 2048, nb = 192;
            // The same top block on both, their own rows of L, interleaved. A fixed number of
            // calls: each is collective, so both must make the same number (time_call's count
            // depends on each one's own clock).
            PanelInMatrix shared(be_, half, nb, 10, 11 + unsigned(w_.rank()), 2, pair->rank());
            PanelInMatrix alone(be_, half, nb, 10, 11 + unsigned(w_.rank()));
            auto self = comm::make_self();
            const int calls = quick_ ? 3 : 20;
            shared.factor(*pair, be_);  // warm-up
            alone.factor(*self, be_);
            std::vector<double> extra;  // per turn: together minus alone
            for (int r = 0; r < calls; ++r) {
                pair->barrier();
                const double t0 = wall_time();
                shared.factor(*pair, be_);
                const double t1 = wall_time();
                pair->barrier();
                const double t2 = wall_time();
                alone.factor(*self, be_);
                extra.push_back((t1 - t0) - (wall_time() - t2));
            }
            // The median turn: one hiccup of either core in a turn doubles that turn's extra.
            per_column = std::max(0.0, median(std::move(extra)) / double(nb));
        }
        w_.bcast(std::span<double>(&per_column, 1), 0);
        return per_column * 1e6;
    }

    /// HPL's row swaps as a process column of two runs them (spread-roll: packing, the
    /// messages, waiting for the partner, unpacking), every pair of ranks at once, on a
    /// panel's trailing columns with random pivots, each after the update's DGEMM on those
    /// columns as in HPL: GB/s of U one process sees, by the number of columns and U's rows.
    /// Measured whole, by width and after a DGEMM, because here the parts do not add up: a
    /// 2 x 1 run's swaps (N = 12000) took five times the local interchanges plus a
    /// ping-pong's bandwidth; the rate falls by half as rows widen from 1000 to 8000
    /// columns (the buffers outgrow the caches, the partners' copies contend for memory),
    /// and by half again when a DGEMM, not a mere pass over the matrix, came before.
    /// Empty with one rank.
    Curve column_swap_table(const std::vector<double>& widths, const std::vector<double>& nbs,
                            bool meet_after_update = false) {
        auto pair = pair_of(w_);  // each a 2 x 1 grid; an odd rank out measures nothing
        const idx top_nb = idx(nbs.back());
        // Every width a panel's trailing columns, with a panel's rows to spare.
        const idx n = (idx(widths.back()) / top_nb + 3) * top_nb;
        std::unique_ptr<layout::ProcessGrid> grid;
        std::unique_ptr<hpl::LocalMatrix> a;
        huge_vector<double> l;
        Buffer<double> u(be_), work(be_);  // as the solver keeps them
        if (pair) {
            grid = std::make_unique<layout::ProcessGrid>(*pair, 2, 1, layout::ProcessMap::row_major);
            a = std::make_unique<hpl::LocalMatrix>(n, top_nb, *grid, 8, be_);
            std::fill_n(a->data(), std::size_t(a->local_rows() * a->ld()), 1.0);
            l.assign(std::size_t(a->local_rows() * top_nb), 1e-9);  // the update's L (and U): tiny
            u.reserve(std::size_t(top_nb * spread_row_stride(n + 1)));
            std::fill_n(u.data(), u.size(), 1e-9);
        }
        hpl::Panel pn;
        pn.buffer = Buffer<double>(be_);
        std::mt19937_64 g(13);  // the same pivots on both of a pair
        const int calls = quick_ ? 2 : 8;
        return table(widths, nbs, [&](double width, double nb) {
            double rate = 0;
            if (pair) {
                // The panel of `nb` rows whose trailing columns number `width` (the matrix's
                // n + 1 columns are all local on a 2 x 1 grid). The matrix's blocks are of the
                // largest NB, a multiple of the others: the panel's rows have one owner.
                const idx jb = idx(nb), nc = idx(width), jl0 = n + 1 - nc, ldu = spread_row_stride(nc);
                pn.jb = jb;
                pn.j0 = std::max<idx>(0, jl0 / jb - 1) * jb;
                pn.top_row = a->rows().owner(pn.j0);
                pn.ml = 0;  // only the pivots are read
                pn.buffer.reserve(std::size_t(pn.count()));
                pn.pivots.resize(std::size_t(jb));
                const idx r0 = a->rows().count_before(pn.j0), mr = a->local_rows() - r0;
                double seconds = 0, moved = 0;
                for (int call = 0; call <= calls; ++call) {  // the first: a warm-up
                    for (idx i = 0; i < jb; ++i)
                        pn.pivots[std::size_t(i)] = pn.j0 + i + idx(g() % std::uint64_t(n - pn.j0 - i));
                    const hpl::SwapPlan plan = hpl::SwapPlan::from_pivots(pn);
                    be_.fp64().gemm(Op::no_trans, Op::trans, nc, mr, jb, -1.0, u.data(), ldu, l.data(), mr, 1.0,
                             a->at(r0, jl0), a->ld());
                    // The panel's last pivot exchange ends together; or the two meet in the
                    // swap straight from their updates, as a column after its DGEMM.
                    if (!meet_after_update) grid->col().barrier();
                    const double t0 = wall_time();
                    hpl::swap_rows(pn, plan, *a, jl0, nc, hpl::SwapAlgo::spread_roll, 0, grid->col(), be_, u,
                                   ldu, work);
                    if (call == 0) continue;
                    seconds += wall_time() - t0;
                    moved += double(jb * nc) * 8;
                }
                rate = moved / seconds / 1e9;
            }
            // Over the ranks that measured (table then averages equal values over all).
            return mean_of_measured(w_, rate, pair != nullptr);
        }, true);
    }

    /// Rows and columns of a matrix that the memory-bound measurements walk through: 128 MiB
    /// a rank, four times a large L3, so that what they read comes from memory as in HPL.
    struct Shape {
        idx rows, cols;
    };
    Shape cold_matrix() const { return quick_ ? Shape{2048, 512} : Shape{8192, 2048}; }

    /// HPL's local row interchanges (its matrix is row-major): nb scattered rows gathered into
    /// U, nb displaced rows moved; bytes counted as 3 per entry moved (gather read, U write,
    /// move). Each call takes other rows of the cold matrix, as HPL's swaps find their rows
    /// in memory (the same rows every call ran from the cache: 27 GB/s a core here, against
    /// 5-12 from memory), and another panel's top block: the update before has streamed the
    /// whole trailing matrix since those rows were last touched (a top block that stayed in
    /// the cache measured twice HPL's rate at N = 4000).
    double row_swap_gbs() {
        const Shape cold = cold_matrix();
        const idx m = cold.rows, n = cold.cols;
        const idx nb = 192, ld = ld_of(n);
        struct Plan {
            std::vector<idx> src, from, to;
        };
        std::vector<Plan> plans(32);
        // U too is written where the cache no longer holds it: HPL's GEMM streams the
        // trailing matrix between one iteration's U and the next. One U for each plan.
        const idx ldu = spread_row_stride(n);  // as the solver's U
        huge_vector<double> a(std::size_t(ld * m), 1.0), u(plans.size() * std::size_t(nb * ldu));
        std::mt19937_64 g(7);
        for (Plan& p : plans) {
            const idx top = nb * idx(g() % std::uint64_t(m / nb - 1));  // rows [top, top + nb)
            for (idx i = 0; i < nb; ++i) p.src.push_back(top + nb + idx(g() % std::uint64_t(m - top - nb)));
            p.to = p.src;
            std::sort(p.to.begin(), p.to.end());
            p.to.erase(std::unique(p.to.begin(), p.to.end()), p.to.end());
            p.from.resize(p.to.size());
            std::iota(p.from.begin(), p.from.end(), top);
        }
        std::size_t next = 0;
        const double t = time_call([&] {
            const std::size_t i = next++ % plans.size();
            const Plan& p = plans[i];
            hpl::interchange_rows(p.src, p.from, p.to, n, a.data(), ld, u.data() + i * std::size_t(nb * ldu), ldu, be_);
        });
        return double(nb * n) * 8 * 3 / t / 1e9;
    }

    /// The back-solve's GEMV as the solver calls it on its row-major matrix: a block of nb
    /// columns against all the rows above it, each row's nb entries a row length apart.
    /// Each call takes the next block of the cold matrix. Bytes counted: the block's entries.
    double block_gemv_gbs() {
        const Shape cold = cold_matrix();
        const idx m = cold.rows, n = cold.cols;
        const idx nb = 192, ld = ld_of(n);
        const huge_vector<double> a(std::size_t(ld * m), 1e-3), x(std::size_t(nb), 1.0);
        huge_vector<double> y(std::size_t(m), 0.0);
        idx next = 0;
        const double t = time_call([&] {
            const idx c0 = (next++ % (n / nb)) * nb;
            be_.fp64().gemv(Op::trans, nb, m, -1.0, a.data() + c0, ld, x.data(), 1, 1.0, y.data(), 1);
        });
        return double(nb * m) * 8 / t / 1e9;
    }

    /// The spread of one update-shaped DGEMM repeated back to back (relative_spread: robust
    /// to the odd stall, which a plain standard deviation had turned into 40-70% slower
    /// predictions of every run with more than one process).
    double temporal_cv() {
        std::vector<double> t;
        update_->run(be_, 1024, 192);  // warm-up
        for (int r = 0; r < (quick_ ? 5 : 40); ++r) {
            const double t0 = wall_time();
            update_->run(be_, 1024, 192);
            t.push_back(wall_time() - t0);
        }
        return relative_spread(std::move(t));
    }

    /// One-way latency of 8-byte round trips between ranks 0 and 1 for `seconds` (long
    /// enough to span many scheduler time slices); rank 0 says when to stop.
    double timed_pingpong(double seconds) {
        const int other = 1 - w_.rank();
        double go = 1;
        long trips = 0;
        const double t0 = wall_time();
        for (;;) {
            if (w_.rank() == 0) {
                go = wall_time() - t0 < seconds ? 1 : 0;
                w_.send_bytes(&go, sizeof go, other, 78);
                w_.recv_bytes(&go, sizeof go, other, 78);
            } else {
                w_.recv_bytes(&go, sizeof go, other, 78);
                w_.send_bytes(&go, sizeof go, other, 78);
            }
            ++trips;
            if (go == 0) break;
        }
        return (wall_time() - t0) / double(trips) / 2;
    }

    /// Ping-pong between ranks 0 and 1 for the latency (8 bytes); the bandwidth as panels see it.
    void mpi(Calibration& c) {
        double lat = 0;
        if (w_.size() >= 2 && w_.rank() < 2) {
            auto pingpong = [&](std::size_t bytes, int reps) {
                std::vector<char> buf(bytes);
                const int other = 1 - w_.rank();
                const double t0 = wall_time();
                for (int r = 0; r < reps; ++r) {
                    if (w_.rank() == 0) {
                        w_.send_bytes(buf.data(), bytes, other, 77);
                        w_.recv_bytes(buf.data(), bytes, other, 77);
                    } else {
                        w_.recv_bytes(buf.data(), bytes, other, 77);
                        w_.send_bytes(buf.data(), bytes, other, 77);
                    }
                }
                return (wall_time() - t0) / reps / 2;  // one way
            };
            pingpong(8, 100);
            lat = pingpong(8, quick_ ? 200 : 2000);
        }
        w_.bcast(std::span<double>(&lat, 1), 0);
        c.mpi_latency_us = lat * 1e6;
        c.mpi_bandwidth_gbs = panel_message_gbs();
    }

    /// Large messages as HPL's panels travel: 8 MiB from one of a few reused buffers into
    /// another, each just after a DGEMM of the update's shape on every rank (its C, larger
    /// than a cache, left dirty), every pair of ranks at once; the receiver's time from its
    /// post (after a barrier) to completion, median. (A ping-pong of one 4 MiB buffer
    /// measures it in the cache, with no other rank busy: 5-10 GB/s here, this 6-7.)
    double panel_message_gbs() {
        auto pair = pair_of(w_);
        const std::size_t bytes = std::size_t(8) << 20, slots = quick_ ? 2 : 4;
        std::vector<char> pool(bytes * slots, 1);
        const idx s = quick_ ? 512 : 2048;
        std::vector<double> t;
        // The first pass over the buffers untimed: HPL's panel buffers are reused too (a
        // buffer's first message had run ten times slower here).
        const std::size_t reps = slots + (quick_ ? 2 : 8);
        for (std::size_t r = 0; r < reps; ++r) {
            update_->run(be_, s, 192);
            if (!pair) continue;
            char* slot = pool.data() + (r % slots) * bytes;
            pair->barrier();
            const double t0 = wall_time();
            if (pair->rank() == 0)
                pair->send_bytes(slot, bytes, 1, 79);
            else
                pair->recv_bytes(slot, bytes, 0, 79);
            if (r >= slots && pair->rank() == 1) t.push_back(wall_time() - t0);
        }
        const bool measured = !t.empty();
        return mean_of_measured(w_, measured ? double(bytes) / median(std::move(t)) / 1e9 : 0, measured);
    }

    /// Ranks 0 and 1 (and each further pair) again, on one core and yielding while they
    /// wait, as MPI does when processes outnumber cores: a message's latency, the pivot
    /// exchange per panel column and the row swaps. Here a column of two on one core paid
    /// 20-30 us per pivot exchange against 2-4 on two cores, far beyond half a core each.
    void shared_core(Calibration& c) {
        const PairsOnOneCore shared(w_);
        w_.set_yield_when_idle(true);
        double lat = w_.rank() < 2 ? timed_pingpong(quick_ ? 0.1 : 0.5) : 0;
        w_.bcast(std::span<double>(&lat, 1), 0);
        c.mpi_shared_core_latency_us = lat * 1e6;
        c.panel_exchange_shared_core_us = panel_exchange_us();
        step();
        c.column_swap_shared_core_gbs = column_swap_table({shared_swap_width}, {shared_swap_nb}, true).v[0][0];
        w_.set_yield_when_idle(false);
    }

    comm::Communicator& w_;
    Backend& be_;
    bool quick_;
    const std::function<void(double)>& progress_;
    double steps_ = 1, done_ = 0;
    // The kernel tables' operands, made once in run() for each table's largest point.
    std::unique_ptr<Update> update_;
    std::unique_ptr<Solve> solve_;
    std::unique_ptr<PanelInMatrix> panel_;
};

}  // namespace

Calibration measure_calibration(comm::Communicator& world, Backend& be, const CalibrateOptions& opt,
                                const std::function<void(double)>& progress) {
    return Measure(world, be, opt, progress).run();
}

}  // namespace exa::probe
