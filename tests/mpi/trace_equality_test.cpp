// The twin follows the solver: on every grid the job holds (and 1 x 1 with two threads), for
// DEPTH 0, 1 and 2, the broadcasts and the swap variants, the steps every process executes
// are the steps the twin simulates, in the same order (the pieces threads take from a pool
// compared as a set). HPL-MxP executes its own plan: its trace lists the plan's steps.
// Every combination runs (small N: a few seconds on 4 ranks).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <string>
#include <vector>

#include "backend/backend.hpp"
#include "common/hpl_generator.hpp"
#include "hpl/local_matrix.hpp"
#include "hpl/pdgesv.hpp"
#include "hpl/trace.hpp"
#include "mpi/grids.hpp"
#include "mpi/world.hpp"
#include "mxp/lu.hpp"
#include "mxp/system.hpp"
#include "twin/catalog.hpp"
#include "twin/predict.hpp"

using namespace exa;

namespace {

struct Config {
    int p, q, threads;
};

/// The grids the job holds, and one process with two threads (lookahead by threads).
std::vector<Config> configs() {
    std::vector<Config> out{{1, 1, 2}};
    for (auto [p, q] : test::grids_within(test::g_world->size())) out.push_back({p, q, 1});
    return out;
}

std::string name(const hpl::Params& t, int threads) {
    return fmt::format("{}x{} threads {} depth {} bcast {} swap {}", t.p, t.q, threads, t.depth,
                       hpl::broadcast_name(t.bcast), hpl::swap_name(t.swap));
}

/// The solver's steps on every process, gathered on rank 0 (empty elsewhere).
std::vector<hpl::TraceEvent> run_traced(const hpl::Params& t, int threads, bool& active) {
    layout::ProcessGrid grid(*test::g_world, t.p, t.q, t.pmap);
    active = grid.active();
    if (!active) return {};
    auto be = make_cpu_backend(threads);
    hpl::LocalMatrix a(t.n, t.nb, grid, t.align, *be);
    a.generate(hpl::MatrixGenerator(t.n, t.seed));
    std::vector<double> x;
    hpl::StepTrace trace(grid.all().rank());
    const auto out = hpl::pdgesv(a, t, grid, *be, x, {}, nullptr, &trace);
    EXPECT_EQ(out.info, 0);
    return hpl::gather_events(grid.all(), trace.events());
}

/// The twin's steps for the same test on this machine, every process.
std::vector<hpl::TraceEvent> simulate_traced(const hpl::Params& t, int threads) {
    static const twin::Machine here = twin::describe_this_machine(nullptr);
    twin::PredictOptions o;
    o.params = t;
    o.n_given = o.nb_given = o.grid_given = true;
    o.ranks_per_node = t.p * t.q;
    o.threads = threads;
    std::vector<hpl::TraceEvent> events;
    o.trace = &events;
    twin::simulate_configuration(here, o);
    return events;
}

}  // namespace

TEST(TraceEquality, HplRunAndTwinListTheSameSteps) {
    const std::vector<int> bcasts{0, 1, 2, 3, 4, 5}, swaps{0, 1, 2};
    int compared = 0;
    for (const Config& c : configs())
        for (int depth : {0, 1, 2})
            for (int bcast : bcasts)
                for (int swap : swaps) {
                    // Broadcasts and swaps only differ with a second process column or row.
                    if ((c.q == 1 && bcast != bcasts.front()) || (c.p == 1 && swap != swaps.front())) continue;
                    hpl::Params t;
                    t.n = 761;  // not a multiple of NB; updates wider than one polling piece
                    t.nb = 20;
                    t.p = c.p;
                    t.q = c.q;
                    t.depth = depth;
                    t.bcast = hpl::Broadcast(bcast);
                    t.swap = hpl::SwapAlgo(swap);
                    t.swap_threshold = 30;
                    bool active = false;
                    const auto run = run_traced(t, c.threads, active);
                    if (test::g_world->rank() != 0) continue;
                    ASSERT_TRUE(active);
                    const auto sim = simulate_traced(t, c.threads);
                    ASSERT_FALSE(run.empty());
                    EXPECT_EQ(hpl::trace_difference(run, sim), "") << name(t, c.threads);
                    ++compared;
                }
    if (test::g_world->rank() == 0) EXPECT_GT(compared, 0);
}

// The trace is the data of the comparison: a twin that skipped a step would be caught.
TEST(TraceEquality, ADifferenceIsFound) {
    if (test::g_world->rank() != 0) return;
    hpl::Params t;
    t.n = 300;
    t.nb = 20;
    auto sim = simulate_traced(t, 1);
    const auto same = sim;
    ASSERT_EQ(hpl::trace_difference(same, sim), "");
    sim.erase(sim.begin() + 5);
    EXPECT_NE(hpl::trace_difference(same, sim), "");
}

TEST(TraceEquality, MxpExecutesItsPlan) {
    const std::vector<int> bcasts{0, 1, 2, 3, 4, 5};
    for (auto [p, q] : test::grids_within(test::g_world->size()))
        for (int depth : {0, 1, 2})
            for (int bcast : bcasts) {
                if (q == 1 && bcast != bcasts.front()) continue;
                mxp::Params t;
                t.n = 603;
                t.nb = 24;
                t.p = p;
                t.q = q;
                t.depth = depth;
                t.bcast = hpl::Broadcast(bcast);
                layout::ProcessGrid grid(*test::g_world, p, q, t.pmap);
                if (!grid.active()) continue;
                auto be = make_cpu_backend(1);
                mxp::System sys(t, grid, *be);
                sys.generate(hpl::MatrixGenerator(t.n, t.seed), grid);
                sys.round_into_factors(*be);
                hpl::StepTrace trace(grid.all().rank());
                const auto out = mxp::factor_without_pivoting(sys.factors(), sys.ldf(), t, grid, *be, {}, &trace);
                EXPECT_EQ(out.info, 0);
                const auto run = hpl::gather_events(grid.all(), trace.events());
                if (grid.all().rank() != 0) continue;
                // The plan's steps, process by process.
                std::vector<hpl::TraceEvent> planned;
                std::vector<hpl::schedule::Step> steps;
                for (int r = 0; r < p; ++r)
                    for (int c = 0; c < q; ++c) {
                        const hpl::schedule::Plan plan(mxp::schedule_shape(t, grid), r, c);
                        const int rank = layout::rank_of(r, c, p, q, t.pmap);
                        for (idx s = plan.first_stage(); s < plan.panels(); ++s) {
                            plan.stage(s, steps);
                            for (const auto& st : steps) planned.push_back({rank, 0, st, 0, 0});
                        }
                    }
                EXPECT_EQ(hpl::trace_difference(run, planned), "")
                    << p << "x" << q << " depth " << depth << " bcast " << bcast;
            }
}
