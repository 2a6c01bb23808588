// The twin: machine files (catalog, errors), curves, calibration files, and properties the
// simulation must have whatever its parameters.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <regex>
#include <string>

#include "common/error.hpp"
#include "hpl/run.hpp"
#include "probe/calibration.hpp"
#include "twin/catalog.hpp"
#include "probe/curve.hpp"
#include "twin/machine.hpp"
#include "twin/predict.hpp"
#include "probe/sweep_estimate.hpp"

using namespace exa;
using namespace exa::twin;
using namespace exa::probe;

namespace {

/// The InputError message of `parse()`, or "" if it succeeds.
template <class Parse>
std::string input_error(Parse&& parse) {
    try {
        parse();
    } catch (const InputError& e) {
        return e.what();
    }
    return {};
}
std::string machine_error(const std::string& text) {
    return input_error([&] { parse_machine(text, "m.toml"); });
}
std::string calibration_error(const std::string& text) {
    return input_error([&] { parse_calibration(text, "cal.toml"); });
}

const char* small_machine = R"(name = "small"
[[module]]
name = "gpu"
nodes = 8
[module.cpu]
model = "host"
cores = 16
clock_ghz = 2.0
fp64_flops_per_cycle = 16
memory_gb = 256
memory_bandwidth_gbs = 200
[module.accelerator]
model = "gpu"
count = 4
fp64_vector_tflops = 30
fp64_matrix_tflops = 60
clock_ghz = 1.8
memory_gb = 80
memory_bandwidth_gbs = 3000
host_link_gbs = 64
peer_link_gbs = 300
[module.variability]
spatial = 0.02
temporal = 0.01
[network]
topology = "dragonfly+"
links_per_node = 4
link_gbs = 25
latency_us = 2
intra_node_latency_us = 1
group_nodes = 4
global_gbs_per_group = 200
global_latency_us = 0.5
)";

/// `small_machine` with one line replaced (the first that starts with `key =`).
std::string with_line(const std::string& key, const std::string& line) {
    std::string s = small_machine;
    const auto at = s.find("\n" + key + " =");
    EXPECT_NE(at, std::string::npos) << key;
    const auto end = s.find('\n', at + 1);
    return s.substr(0, at + 1) + line + s.substr(end);
}

PredictOptions fixed(std::int64_t n, std::int64_t nb, int p, int q) {
    PredictOptions o;
    o.params.n = n;
    o.params.nb = nb;
    o.params.p = p;
    o.params.q = q;
    o.n_given = o.nb_given = o.grid_given = true;
    return o;
}

double time_of(const Machine& m, const PredictOptions& o) { return simulate_configuration(m, o).sim.time_s; }

/// A run with one thread per process on `this` machine as the calibration `cal` describes it.
PredictOptions calibrated(const probe::Calibration& cal, std::int64_t n, std::int64_t nb, int p, int q,
                          int ranks_per_node) {
    PredictOptions o = fixed(n, nb, p, q);
    o.threads = 1;
    o.ranks_per_node = ranks_per_node;
    o.calibration = &cal;
    return o;
}

/// Every rate of the machine times f, every latency over f.
Machine scaled(Machine m, double f) {
    for (auto& mod : m.modules) {
        auto& a = mod.accelerator;
        a.fp64_vector_tflops *= f;
        a.fp64_matrix_tflops *= f;
        a.memory_bandwidth_gbs *= f;
        a.host_link_gbs *= f;
        a.peer_link_gbs *= f;
        a.launch_us /= f;
        mod.cpu.clock_ghz *= f;
        mod.cpu.memory_bandwidth_gbs *= f;
    }
    auto& n = m.network;
    n.link_gbs *= f;
    n.global_gbs_per_group *= f;
    n.intra_node_gbs *= f;
    n.latency_us /= f;
    n.intra_node_latency_us /= f;
    n.global_latency_us /= f;
    return m;
}

/// A calibration whose kernels all run at `gflops` and whose memory is fast.
probe::Calibration flat_calibration(double gflops) {
    probe::Calibration c;
    c.ranks = c.cores = 2;
    c.dgemm_gflops = {{64, 4096}, {32, 512}, {{gflops, gflops}, {gflops, gflops}}};
    c.dtrsm_gflops = c.dgemm_gflops;
    c.panel_seconds = {{512, 8192}, {32, 512}, {{1e-6, 1e-5}, {1e-6, 1e-5}}};
    c.row_swap_gbs = c.triad_gbs = 1e4;
    c.mpi_latency_us = 1;
    c.mpi_bandwidth_gbs = 10;
    return c;
}

}  // namespace

TEST(TwinCatalog, EveryBuiltInMachineParses) {
    const auto ms = builtin_machines();
    std::vector<std::string> names;
    for (const auto& m : ms) {
        names.push_back(m.name);
        EXPECT_FALSE(m.modules.empty());
        EXPECT_GT(m.modules.front().node_rpeak_gflops(), 0) << m.name;
    }
    for (const char* want : {"jupiter-booster-2025-06", "jupiter-booster-2025-11", "jedi", "frontier", "leonardo",
                             "h100-sxm", "cpu-cluster"})
        EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
}

TEST(TwinCatalog, JupiterRpeakIsTheOperatorsFigure) {
    const auto m = find_machine("jupiter-booster-2025-11", nullptr);
    const auto& b = m.module("booster");
    EXPECT_EQ(b.nodes, 5884);
    EXPECT_NEAR(b.nodes * b.node_rpeak_gflops() / 1e6, 1226.28, 1.0);  // PFlop/s
    EXPECT_EQ(m.module("cluster").nodes, 1300);
    EXPECT_THROW(m.module("nosuch"), InputError);
}

TEST(TwinCatalog, UnknownMachineNamesTheKnownOnes) {
    try {
        find_machine("nosuch", nullptr);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("jedi"), std::string::npos) << e.what();
    }
}

TEST(TwinCatalog, ThisMachineIsDetected) {
    const auto m = find_machine("this", nullptr);
    EXPECT_GE(m.modules.front().cpu.cores, 1);
    EXPECT_GT(m.modules.front().cpu.fp64_peak_gflops(), 0);
}

TEST(TwinMachineFile, SmallMachineParses) {
    const auto m = parse_machine(small_machine, "m.toml");
    EXPECT_EQ(m.network.topology, Topology::dragonfly_plus);
    EXPECT_EQ(m.modules.front().accelerator.count, 4);
    EXPECT_EQ(m.modules.front().matrix_memory, MatrixMemory::gpu);
}

TEST(TwinMachineFile, BadFilesNameFileLineAndKey) {
    struct Case {
        std::string text, pattern;
    };
    const Case cases[] = {
        {with_line("cores", "# no cores"), R"(^m\.toml:\d+: module\.cpu\.cores: missing key)"},
        {with_line("link_gbs", "link_gbs = -25"), R"(^m\.toml:28: network\.link_gbs: must be positive)"},
        {with_line("topology", "topology = \"hypercube\""), R"(^m\.toml:26: network\.topology: unknown value "hypercube")"},
        {with_line("link_gbs", "link_gbs = 400"), R"(^m\.toml:28: network\.link_gbs: 400 is outside .*the unit is GB/s)"},
        {with_line("nodes", "nodes = 8\nmatrix_memory = \"cpu\""), R"(^m\.toml:\d+: module\.matrix_memory: \"cpu\" on a node with accelerators)"},
        {with_line("nodes", "nodes = \"eight\""), R"(^m\.toml:4: module\.nodes: must be an integer)"},
        {with_line("clock_ghz", "clock_ghz = true"), R"(^m\.toml:8: module\.cpu\.clock_ghz: must be a number)"},
        {with_line("spatial", "spatial = 0.7"), R"(^m\.toml:\d+: module\.variability\.spatial: must be below)"},
        {with_line("latency_us", "latncy_us = 2"), R"(^m\.toml:29: network\.latncy_us: unknown key)"},
        {with_line("count", "count = 4\ncount = 5"), R"(^m\.toml:\d+: syntax error)"},
    };
    for (const auto& c : cases) {
        const std::string e = machine_error(c.text);
        EXPECT_TRUE(std::regex_search(e, std::regex(c.pattern))) << "got: " << e << "\nwant: " << c.pattern;
        EXPECT_EQ(e.find('\n'), std::string::npos) << e;
    }
}

TEST(TwinCurve, ExactOnTheGridMonotoneBetweenClampedBeyond) {
    const probe::Curve c{{64, 256, 1024}, {32, 128}, {{10, 20, 30}, {15, 25, 35}}};
    EXPECT_DOUBLE_EQ(c.at(256, 32), 20);
    EXPECT_DOUBLE_EQ(c.at(1024, 128), 35);
    EXPECT_NEAR(c.at(128, 32), std::sqrt(10.0 * 20.0), 1e-9);  // halfway in log: geometric mean
    EXPECT_GT(c.at(512, 64), c.at(256, 64));
    EXPECT_DOUBLE_EQ(c.at(1e6, 1e6), 35);
    EXPECT_DOUBLE_EQ(c.at(1, 1), 10);
}

TEST(TwinCalibration, ASlowSampleRaisesEveryPointNotItsOwnShape) {
    // Three sweeps over eight points whose true costs rise 1..8; one sample of point 3 hit
    // a spell four times slower.
    std::vector<std::vector<double>> t(3, std::vector<double>(8));
    for (auto& sweep : t)
        for (std::size_t i = 0; i < sweep.size(); ++i) sweep[i] = double(i + 1);
    t[1][3] *= 4;
    const auto e = expected_costs(t);
    ASSERT_EQ(e.size(), 8u);
    const double factor = 1 + (6.0 / 3 - 1) / 8;  // point 3's mean / median is 2, the others' 1
    for (std::size_t i = 0; i < e.size(); ++i) EXPECT_NEAR(e[i], double(i + 1) * factor, 1e-12) << i;
    // The mean of the samples would have made point 3 cost twice what it does.
    EXPECT_LT(e[3] / e[2], 4.0 / 3 + 1e-12);
}

TEST(TwinCalibration, ASpellOverAWholeSweepKeepsTheMeanAndOneSweepIsItself) {
    std::vector<std::vector<double>> t{{1, 2, 3}, {2, 4, 6}, {1, 2, 3}};
    const auto e = expected_costs(t);
    for (std::size_t i = 0; i < e.size(); ++i) EXPECT_NEAR(e[i], double(i + 1) * 4 / 3, 1e-12);
    EXPECT_EQ(expected_costs({{5, 7}}), (std::vector<double>{5, 7}));
    EXPECT_THROW((void)expected_costs({{1, 2}, {1}}), Error);
}

TEST(TwinCalibration, OneStallDoesNotMakeTheTemporalSpread) {
    // 39 calls of 0.98, 1.0 and 1.02 in turn, and one of them stalled ten times over: the
    // spread stays that of the calls (a plain standard deviation over the mean: about 1.4).
    std::vector<double> t;
    for (int i = 0; i < 39; ++i) t.push_back(0.98 + 0.02 * (i % 3));
    EXPECT_NEAR(relative_spread(t), 1.4826 * 0.02, 1e-3);
    t[7] = 10;
    EXPECT_NEAR(relative_spread(t), 1.4826 * 0.02, 1e-3);
    EXPECT_EQ(relative_spread({1, 1, 1}), 0);
    // Normal noise: about its standard deviation.
    std::mt19937_64 g(3);
    std::normal_distribution<double> d(1.0, 0.05);
    std::vector<double> n(20001);
    for (auto& x : n) x = d(g);
    EXPECT_NEAR(relative_spread(n), 0.05, 0.003);
}

// Values from two calibrations of one invocation here, one steady and one taken while a
// core ran slow (which put every multi-process prediction 30-40% slow).
TEST(TwinCalibration, AnUnsteadyMachineIsNamed) {
    probe::Calibration c = flat_calibration(30);
    c.slowest_core = 1.038;
    c.temporal_cv = 0.015;
    EXPECT_TRUE(c.unsteady_signs().empty());
    c.slowest_core = 1.216;
    ASSERT_EQ(c.unsteady_signs().size(), 1u);
    EXPECT_NE(c.unsteady_signs()[0].find("22% behind"), std::string::npos) << c.unsteady_signs()[0];
    c.temporal_cv = 0.091;
    ASSERT_EQ(c.unsteady_signs().size(), 2u);
    EXPECT_NE(c.unsteady_signs()[1].find("9.1%"), std::string::npos) << c.unsteady_signs()[1];
}

TEST(TwinCalibration, FileRoundTripsAndBadFilesAreNamed) {
    probe::Calibration c = flat_calibration(30);
    c.host = "h";
    c.temporal_cv = 0.02;
    c.slowest_core = 1.03;
    c.block_gemv_gbs = 5.5;
    c.column_swap_gbs = {{512, 8192}, {128, 256}, {{1.5, 0.7}, {1.4, 0.6}}};
    c.panel_exchange_shared_core_us = 40;
    c.column_swap_shared_core_gbs = 0.5;
    const probe::Calibration back = parse_calibration(format_calibration(c), "cal.toml");
    EXPECT_EQ(back.dgemm_gflops.v, c.dgemm_gflops.v);
    EXPECT_EQ(back.column_swap_gbs.v, c.column_swap_gbs.v);
    EXPECT_DOUBLE_EQ(back.panel_exchange_shared_core_us, 40);
    EXPECT_DOUBLE_EQ(back.column_swap_shared_core_gbs, 0.5);
    // Older files, without the column's swaps, still read (the network model then).
    EXPECT_TRUE(parse_calibration(format_calibration(flat_calibration(30)), "old.toml").column_swap_gbs.empty());
    EXPECT_DOUBLE_EQ(back.temporal_cv, 0.02);
    EXPECT_DOUBLE_EQ(back.slowest_core, 1.03);
    std::string older = format_calibration(c);  // files from before it was measured: 1
    const auto line = older.find("slowest_core");
    older.erase(line, older.find('\n', line) - line + 1);
    EXPECT_DOUBLE_EQ(parse_calibration(older, "old.toml").slowest_core, 1);
    std::string faster = format_calibration(c);  // a ratio of the slowest to the mean: >= 1
    faster.replace(faster.find("slowest_core = 1.03"), 19, "slowest_core = 0.97");
    EXPECT_TRUE(std::regex_search(calibration_error(faster), std::regex(R"(^cal\.toml:\d+: slowest_core: )")))
        << calibration_error(faster);
    EXPECT_DOUBLE_EQ(back.block_gemv_gbs, 5.5);
    EXPECT_DOUBLE_EQ(back.mpi_bandwidth_gbs, 10);
    std::string bad = format_calibration(c);
    bad.replace(bad.find("triad_gbs"), 9, "triad_gbz");
    EXPECT_TRUE(std::regex_search(calibration_error(bad), std::regex(R"(^cal\.toml:\d+: triad_gbz: unknown key)")))
        << calibration_error(bad);
}

TEST(TwinSimulation, MoreOfAnyResourceNeverSlows) {
    const Machine base = parse_machine(small_machine, "m.toml");
    const auto o = fixed(200000, 512, 4, 8);
    const double t0 = time_of(base, o);
    auto more = [&](auto change) {
        Machine m = base;
        change(m);
        return time_of(m, o);
    };
    EXPECT_LE(more([](Machine& m) { m.network.link_gbs *= 2; }), t0);
    EXPECT_LE(more([](Machine& m) { m.network.latency_us /= 2; }), t0);
    EXPECT_LE(more([](Machine& m) { m.network.global_gbs_per_group *= 2; }), t0);
    EXPECT_LE(more([](Machine& m) { m.modules[0].accelerator.fp64_matrix_tflops *= 2; }), t0);
    EXPECT_LE(more([](Machine& m) { m.modules[0].accelerator.memory_bandwidth_gbs *= 2; }), t0);
    EXPECT_LE(more([](Machine& m) { m.modules[0].accelerator.peer_link_gbs *= 2; }), t0);
    EXPECT_LE(more([](Machine& m) { m.modules[0].accelerator.launch_us /= 2; }), t0);
    EXPECT_LE(more([](Machine& m) { m.modules[0].accelerator.gemm_efficiency = 0.95; }), t0);
    EXPECT_LE(more([](Machine& m) { m.modules[0].variability.spatial = 0; }), t0);
    // And some of them make it strictly faster.
    EXPECT_LT(more([](Machine& m) { m.modules[0].accelerator.fp64_matrix_tflops *= 2; }), 0.9 * t0);
    EXPECT_LT(more([](Machine& m) { m.network.link_gbs /= 10; }) , 1e9);
    EXPECT_GT(more([](Machine& m) { m.network.link_gbs /= 10; }), t0);
}

TEST(TwinSimulation, DoublingEveryRateHalvesTheTime) {
    const Machine base = parse_machine(small_machine, "m.toml");
    for (auto [p, q] : {std::pair{1, 1}, {2, 4}, {4, 8}}) {
        const auto o = fixed(60000, 384, p, q);
        EXPECT_NEAR(time_of(scaled(base, 2), o) / time_of(base, o), 0.5, 1e-9) << p << "x" << q;
    }
    // A CPU machine too.
    const Machine cpu = find_machine("cpu-cluster", nullptr);
    const auto o = fixed(200000, 256, 8, 16);
    EXPECT_NEAR(time_of(scaled(cpu, 2), o) / time_of(cpu, o), 0.5, 1e-9);
}

TEST(TwinSimulation, OneProcessHasNoNetworkTime) {
    Machine m = parse_machine(small_machine, "m.toml");
    const auto o = fixed(60000, 512, 1, 1);
    const auto r = simulate_configuration(m, o);
    EXPECT_EQ(r.sim.breakdown.broadcast, 0);
    EXPECT_EQ(r.sim.breakdown.waiting, 0);
    m.network.latency_us *= 100;
    m.network.link_gbs /= 100;
    m.network.intra_node_latency_us *= 100;
    EXPECT_DOUBLE_EQ(time_of(m, o), r.sim.time_s);
}

TEST(TwinSimulation, BreakdownAddsUpToTheTime) {
    const Machine m = parse_machine(small_machine, "m.toml");
    for (auto [p, q] : {std::pair{1, 1}, {1, 4}, {4, 1}, {4, 8}}) {
        const auto r = simulate_configuration(m, fixed(80000, 256, p, q));
        EXPECT_NEAR(r.sim.breakdown.total(), r.sim.time_s, 1e-9 * r.sim.time_s) << p << "x" << q;
        EXPECT_NEAR(r.sim.gflops, hpl::hpl_flops(80000) / r.sim.time_s / 1e9, 1e-6);
    }
}

TEST(TwinSimulation, CalibratedKernelsAtAFlatRateGiveTheFlopCountOverTheRate) {
    // One core at 20 GFLOP/s, no lookahead (P = Q = 1, one thread): the time is the LU's
    // flops over the rate, give or take the small panel, swap and solve terms.
    const probe::Calibration cal = flat_calibration(20);
    Machine m = describe_this_machine(&cal);
    m.modules[0].cpu.cores = 2;
    auto o = calibrated(cal, 8000, 128, 1, 1, 1);
    const double t = time_of(m, o);
    EXPECT_NEAR(t, 2.0 / 3.0 * 8000.0 * 8000.0 * 8000.0 / 20e9, 0.03 * t);
    // Two threads with lookahead: close to half.
    o.threads = 2;
    EXPECT_NEAR(time_of(m, o) / t, 0.5, 0.03);
    // Four processes on two cores: no faster than two.
    o.threads = 1;
    o.ranks_per_node = 4;
    o.params.p = o.params.q = 2;
    EXPECT_GT(time_of(m, o), 0.5 * t);
}

TEST(TwinSimulation, SeveralProcessesGoAtTheSlowestCoresPace) {
    // A calibration whose slower core ran its DGEMMs 4% longer than the ranks' mean: every
    // compute time of a run of several processes stretches by 4%; one process (its threads
    // share the work as they go) does not.
    probe::Calibration cal = flat_calibration(20);
    Machine m = describe_this_machine(&cal);
    m.modules[0].cpu.cores = 2;
    const auto two = calibrated(cal, 6000, 192, 1, 2, 2);
    auto one = calibrated(cal, 6000, 192, 1, 1, 1);
    one.threads = 2;
    const auto even2 = simulate_configuration(m, two).sim, even1 = simulate_configuration(m, one).sim;
    cal.slowest_core = 1.04;
    const auto uneven2 = simulate_configuration(m, two).sim, uneven1 = simulate_configuration(m, one).sim;
    EXPECT_NEAR(uneven2.breakdown.update / even2.breakdown.update, 1.04, 1e-9);
    EXPECT_NEAR(uneven2.breakdown.panel_factorization / even2.breakdown.panel_factorization, 1.04, 1e-9);
    EXPECT_GT(uneven2.time_s, 1.03 * even2.time_s);
    EXPECT_DOUBLE_EQ(uneven1.time_s, even1.time_s);
}

TEST(TwinSimulation, TheUpdateWritesUBackAtTheMemorysRate) {
    // U (jb x local columns) is written back into the matrix every iteration: 16 bytes an
    // entry at the calibrated one-core triad rate, counted in the update.
    probe::Calibration cal = flat_calibration(20);
    const auto kern = make_calibrated_kernels(cal, 1, 1.0);
    EXPECT_DOUBLE_EQ(kern->copy(192, 1000), 192.0 * 1000 * 16 / (cal.triad_gbs * 1e9));
    EXPECT_DOUBLE_EQ(kern->copy(0, 1000), 0);
    Machine m = describe_this_machine(&cal);
    auto o = calibrated(cal, 4000, 200, 1, 1, 1);
    const auto fast = simulate_configuration(m, o).sim.breakdown;
    cal.triad_gbs = 1;  // 1 GB/s: U's 20 panels x 200 rows x (3800 ... 0 columns) now show
    const auto slow = simulate_configuration(m, o).sim.breakdown;
    double bytes = 0;
    for (int k = 0; k < 20; ++k) bytes += 200.0 * (4000 - 200 * (k + 1) + 1) * 16;  // b included
    EXPECT_NEAR(slow.update - fast.update, bytes / 1e9, 0.02 * bytes / 1e9);
    EXPECT_DOUBLE_EQ(slow.row_swaps, fast.row_swaps);
}

TEST(TwinSimulation, AColumnsMeasuredSwapsReplaceItsLocalMovesAndMessages) {
    // A 2 x 1 grid: every iteration swaps U of jb rows over all the trailing columns (b
    // included) across the process column, at the rate measured for a column of two.
    probe::Calibration cal = flat_calibration(20);
    Machine m = describe_this_machine(&cal);
    auto o = calibrated(cal, 4000, 200, 2, 1, 2);
    const double modelled = simulate_configuration(m, o).sim.breakdown.row_swaps;
    cal.column_swap_gbs = {{512, 8192}, {128, 256}, {{0.5, 0.5}, {0.5, 0.5}}};
    const double measured = simulate_configuration(m, o).sim.breakdown.row_swaps;
    double bytes = 0;
    for (int k = 0; k < 20; ++k) bytes += 200.0 * (4000 - 200 * (k + 1) + 1) * 8;
    EXPECT_NEAR(measured, bytes / 0.5e9, 1e-6 * measured);
    EXPECT_GT(measured, 5 * modelled);  // the local moves at 10 TB/s, messages at 10 GB/s
    // A 1 x 2 grid swaps locally: the column's rate plays no part.
    auto row = o;
    row.params.p = 1;
    row.params.q = 2;
    const double local = simulate_configuration(m, row).sim.breakdown.row_swaps;
    cal.column_swap_gbs = {};
    EXPECT_DOUBLE_EQ(simulate_configuration(m, row).sim.breakdown.row_swaps, local);
    // Four processes on two cores: half a core each, or what a column on one core measured.
    cal.column_swap_gbs = {{512, 8192}, {128, 256}, {{0.5, 0.5}, {0.5, 0.5}}};
    auto shared = calibrated(cal, 4000, 200, 2, 2, 4);
    const double half_core = simulate_configuration(m, shared).sim.breakdown.row_swaps;
    cal.column_swap_shared_core_gbs = 0.5 / 3;
    EXPECT_NEAR(simulate_configuration(m, shared).sim.breakdown.row_swaps / half_core, 1.5, 1e-6);
}

TEST(TwinSimulation, ProcessesSharingACoreTakeTheirMeanLoad) {
    // A 2 x 1 grid on one core, 11 blocks of rows: in every other iteration one process row
    // holds a block more than the other. The two take turns on the core, the lighter one
    // yielding it, so their DGEMMs cost the trailing matrix at the core's rate, as one
    // process's do; only U = L1^-1 U, which each process row solves for itself, comes twice.
    probe::Calibration cal = flat_calibration(20);
    cal.dgemm_gflops = {{1, 4096}, {1, 512}, {{20, 20}, {20, 20}}};  // flat down to one row
    cal.dtrsm_gflops = cal.dgemm_gflops;
    Machine m = describe_this_machine(&cal);
    m.modules[0].cpu.cores = 1;
    const double one = simulate_configuration(m, calibrated(cal, 1100, 100, 1, 1, 1)).sim.breakdown.update;
    const double two = simulate_configuration(m, calibrated(cal, 1100, 100, 2, 1, 2)).sim.breakdown.update;
    double trsm = 0;
    for (int k = 0; k < 11; ++k) trsm += 100.0 * 100.0 * (1100 - 100 * (k + 1) + 1) / 20e9;  // b included
    EXPECT_NEAR(two - one, trsm, 1e-4 * one);
}

TEST(TwinSimulation, BackSolveReadsItsBlocksAtTheCalibratedGemvRate) {
    // The back-solve's GEMV reads NB entries of each row, a row length apart: far below the
    // triad's rate, so it is measured; a calibration without it falls back to the triad.
    probe::Calibration cal = flat_calibration(20);
    cal.triad_gbs = 10;
    EXPECT_DOUBLE_EQ(make_calibrated_kernels(cal, 1, 1.0)->gemv(192, 1000), 192.0 * 1000 * 8 / 10e9);
    cal.block_gemv_gbs = 4;
    EXPECT_DOUBLE_EQ(make_calibrated_kernels(cal, 1, 1.0)->gemv(192, 1000), 192.0 * 1000 * 8 / 4e9);
    Machine m = describe_this_machine(&cal);
    auto o = calibrated(cal, 4000, 200, 1, 2, 2);
    const double fast = simulate_configuration(m, o).sim.breakdown.back_solve;
    cal.block_gemv_gbs = 2;
    const double slow = simulate_configuration(m, o).sim.breakdown.back_solve;
    // The blocks form one chain: U's upper triangle, N^2 / 2 entries, read once in all.
    const double bytes = 4000.0 * 4000 / 2 * 8;
    EXPECT_NEAR(slow - fast, bytes / 2e9 - bytes / 4e9, 0.1 * (bytes / 4e9));
}

TEST(TwinSimulation, AThinGemmRunsAtItsSmallerSidesSquareRate) {
    // The threaded update's last pieces are 64 rows of thousands of columns: measured here at
    // about the square rate of 64 (37.5 GFLOP/s against 40.0), well below that of the
    // harmonic size 2mn/(m+n), 120 (about 42.7).
    probe::Calibration cal = flat_calibration(20);
    cal.dgemm_gflops = {{64, 128, 4096}, {32, 512}, {{10, 30, 40}, {10, 30, 40}}};
    const auto kern = make_calibrated_kernels(cal, 1, 1.0);
    const double flops = 2.0 * 3000 * 64 * 256;
    EXPECT_DOUBLE_EQ(kern->gemm(3000, 64, 256), flops / 10e9);
    EXPECT_DOUBLE_EQ(kern->gemm(64, 3000, 256), flops / 10e9);
    EXPECT_NEAR(kern->gemm(4096, 4096, 256), 2.0 * 4096 * 4096 * 256 / 40e9, 1e-12);
    // Two threads share the columns: each runs 3000 x 64 of 3000 x 128.
    EXPECT_DOUBLE_EQ(make_calibrated_kernels(cal, 2, 1.0)->gemm(3000, 128, 256), flops / 10e9);
}

TEST(TwinSimulation, ThreadedUpdateTimesItsSmallPiecesAtTheirOwnRate) {
    // Lookahead by threads shares each update's DGEMM out in guided pieces of rows, the last
    // ones 64 rows; a GEMM that thin runs far below the large-shape rate. A table four times
    // slower below 128 slows two threads on one process visibly, while one thread updating
    // the whole trailing matrix at once barely notices (only its last panels are that small).
    const probe::Calibration flat = flat_calibration(20);
    probe::Calibration narrow_slow = flat;
    narrow_slow.dgemm_gflops = {{64, 128, 256, 4096}, {32, 512}, {{5, 5, 20, 20}, {5, 5, 20, 20}}};
    Machine m = describe_this_machine(&flat);
    m.modules[0].cpu.cores = 2;
    auto o = fixed(8000, 128, 1, 1);
    o.ranks_per_node = 1;
    auto time_with = [&](const probe::Calibration& c, int threads) {
        o.calibration = &c;
        o.threads = threads;
        return time_of(m, o);
    };
    EXPECT_GT(time_with(narrow_slow, 2) / time_with(flat, 2), 1.05);
    EXPECT_LT(time_with(narrow_slow, 1) / time_with(flat, 1), 1.02);
}

TEST(TwinSimulation, AutomaticSizingFillsMemoryAndRefusesTooLarge) {
    const Machine m = parse_machine(small_machine, "m.toml");
    PredictOptions o;
    const auto p = predict_hpl(m, o);
    EXPECT_EQ(p.params.p * p.params.q, 32);
    EXPECT_EQ(p.params.n % p.params.nb, 0);
    const double bytes = 8.0 * double(p.params.n) * double(p.params.n) / 32;
    EXPECT_NEAR(bytes / (80e9 * 0.9), 0.8, 0.05);
    auto big = fixed(10'000'000, 512, 4, 8);
    EXPECT_THROW(simulate_configuration(m, big), InputError);
    auto wide = fixed(100000, 512, 8, 8);
    EXPECT_THROW(simulate_configuration(m, wide), InputError);
}

TEST(TwinSimulation, TuningTriesTheSquarestGridsAndThoseThatUseEveryProcess) {
    // 128 nodes of 4: 512 processes. The squarest grids leave a few idle (22 x 23 on 506);
    // 16 x 32 and 8 x 64 use them all, as a runner would.
    const Machine m = parse_machine(with_line("nodes", "nodes = 128"), "m.toml");
    PredictOptions o;
    o.params.nb = 512;
    o.nb_given = true;
    const auto tried = tune_hpl(m, o);
    auto has = [&](int p, int q) {
        return std::any_of(tried.begin(), tried.end(),
                           [&](const Prediction& r) { return r.params.p == p && r.params.q == q; });
    };
    EXPECT_TRUE(has(22, 23));
    EXPECT_TRUE(has(16, 32));
    EXPECT_TRUE(has(8, 64));
    for (const auto& r : tried) {
        EXPECT_LE(r.params.p, r.params.q);
        EXPECT_LE(r.params.q, 16 * r.params.p);
        EXPECT_GE(r.params.p * r.params.q, 0.97 * 512);
    }
    for (std::size_t i = 1; i < tried.size(); ++i) EXPECT_GE(tried[i - 1].sim.gflops, tried[i].sim.gflops);
}

TEST(TwinSimulation, ExpectedMaximumOfNormals) {
    EXPECT_DOUBLE_EQ(expected_max_normal(1), 0);
    EXPECT_NEAR(expected_max_normal(2), 1 / std::sqrt(M_PI), 1e-6);
    EXPECT_NEAR(expected_max_normal(1000), 3.241, 0.005);
}

// `hpl --backend cuda --predict`: this machine with its GPU from the catalog, by CUDA's name.
TEST(TwinThisMachine, GpusComeFromTheCatalogByTheirCudaName) {
    EXPECT_EQ(catalog_name_of_gpu("NVIDIA H100 80GB HBM3"), "h100-sxm");
    EXPECT_EQ(catalog_name_of_gpu("NVIDIA H100 PCIe"), "h100-pcie");
    EXPECT_EQ(catalog_name_of_gpu("NVIDIA H200"), "h200");
    EXPECT_EQ(catalog_name_of_gpu("NVIDIA GH200 480GB"), "gh200");
    EXPECT_EQ(catalog_name_of_gpu("NVIDIA A100-SXM4-40GB"), "a100-40gb");
    EXPECT_EQ(catalog_name_of_gpu("NVIDIA GeForce RTX 4090"), "");

    const Machine m = describe_this_machine_with_gpus(nullptr, "h100-sxm", 1);
    ASSERT_TRUE(m.modules[0].has_accelerators());
    EXPECT_EQ(m.modules[0].accelerator.count, 1);
    auto o = fixed(80000, 512, 1, 1);
    o.ranks_per_node = 1;
    const auto r = simulate_configuration(m, o);
    // One H100: between half of its DGEMM rate and its FP64 tensor-core peak (66.9 TFLOP/s).
    EXPECT_GT(r.sim.gflops, 0.5 * 53.7e3);
    EXPECT_LT(r.sim.gflops, 66.9e3);
}
