// The device catalog and what machine files say through it: devices named and overridden,
// multi-die packages, APUs, the Rpeak convention, an operating clock, the defaults printed
// with a prediction, torus and dragonfly networks, and figures in the wrong unit refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <regex>
#include <string>

#include "common/error.hpp"
#include "report/benchmark_predictions.hpp"
#include "twin/device.hpp"
#include "twin/device_machine.hpp"
#include "twin/machine.hpp"
#include "twin/hpcg_predict.hpp"
#include "twin/mxp_predict.hpp"
#include "twin/predict.hpp"

using namespace exa;
using namespace exa::twin;

namespace {

std::string machine_error(const std::string& text) {
    try {
        parse_machine(text, "m.toml");
    } catch (const InputError& e) {
        return e.what();
    }
    return {};
}

bool mentions(const std::vector<std::string>& notes, const std::string& what) {
    return std::any_of(notes.begin(), notes.end(), [&](const auto& n) { return n.find(what) != std::string::npos; });
}

/// A one-module machine of `nodes` nodes whose accelerator table is `accelerator` and whose
/// CPU table is `cpu` (omitted when empty).
std::string machine(const std::string& accelerator, const std::string& cpu = "device = \"epyc-7a53\"\n",
                    int nodes = 4, const std::string& network = "topology = \"fat-tree\"\nlinks_per_node = 4\n"
                                                                "link_gbs = 25\nlatency_us = 2\n") {
    std::string s = "name = \"t\"\n[[module]]\nname = \"m\"\nnodes = " + std::to_string(nodes) + "\n";
    if (!cpu.empty()) s += "[module.cpu]\n" + cpu;
    if (!accelerator.empty()) s += "[module.accelerator]\n" + accelerator;
    return s + "[network]\nintra_node_latency_us = 2\n" + network;
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

}  // namespace

TEST(DeviceCatalog, EveryDeviceParsesAndEachIsMeasuredOrSaysItIsNot) {
    const auto devices = builtin_devices();
    for (const char* want : {"h100-sxm", "h100-pcie", "h200", "gh200", "b200", "a100-40gb", "a100-80gb", "a100-64gb",
                             "mi250x", "mi300a", "mi300x", "pvc", "a64fx", "grace", "epyc-7763", "epyc-9654",
                             "epyc-9755", "epyc-7a53", "xeon-8358", "xeon-8480", "xeon-8592", "xeon-max-9480", "rhea1"}) {
        const auto d = std::find_if(devices.begin(), devices.end(), [&](const Device& x) { return x.name == want; });
        ASSERT_NE(d, devices.end()) << want;
    }
    for (const auto& d : devices) {
        EXPECT_GT(d.fp64_gemm_peak(), 0) << d.name;
        EXPECT_GT(d.dgemm_efficiency(), 0.2) << d.name;
        EXPECT_LE(d.dgemm_efficiency(), 1.0) << d.name;
        for (const auto* m : {&d.dgemm, &d.sgemm, &d.gemm16, &d.stream})
            if (m->known()) EXPECT_FALSE(m->source.empty()) << d.name;
        if (!d.dgemm.known() && !d.sgemm.known() && !d.gemm16.known())
            EXPECT_NE(d.dgemm_basis().find("specification only"), std::string::npos) << d.name;
    }
    // MI300X: FP32 and FP64 share one matrix rate, so its measured SGEMM stands in.
    const auto mi300x = find_device("mi300x");
    EXPECT_EQ(mi300x.dgemm_source(), Device::DgemmSource::sgemm);
    EXPECT_DOUBLE_EQ(mi300x.dgemm_efficiency(), mi300x.sgemm.rate / mi300x.fp32);
    EXPECT_EQ(find_device("gh200").dgemm_source(), Device::DgemmSource::gemm16);
}

TEST(DeviceCatalog, AMeasuredRateAbovePeakIsRefused) {
    const std::string text = "name = \"x\"\nkind = \"gpu\"\nmodel = \"x\"\nclock_ghz = 1.5\nrpeak = \"fp64_matrix\"\n"
                             "[peak]\nfp64_vector = 10\nfp64_matrix = 20\nfp32 = 20\n[memory]\ngb = 80\ngbs = 2000\n"
                             "[links]\nhost_gbs = 32\n[power]\ntdp_w = 400\n[measured.dgemm]\ntflops = 25\n"
                             "source = \"x\"\n";
    try {
        parse_device(text, "x.toml");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_TRUE(std::regex_search(e.what(), std::regex(R"(^x\.toml:\d+: measured\.dgemm\.tflops: 25 is above)")))
            << e.what();
    }
    // A 16-bit GEMM needs a 16-bit peak to be a fraction of.
    const std::string gemm16 = text.substr(0, text.find("[measured.dgemm]")) + "[measured.gemm16]\ntflops = 500\n"
                               "source = \"x\"\n";
    try {
        parse_device(gemm16, "x.toml");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_TRUE(std::regex_search(e.what(), std::regex(R"(^x\.toml:\d+: measured\.gemm16\.tflops: the device has no FP16/BF16 peak)")))
            << e.what();
    }
    // A GPU's link to its host is needed (the matrix and the panels cross it).
    std::string no_host = text;
    no_host.replace(no_host.find("host_gbs"), 8, "peer_gbs");
    try {
        parse_device(no_host, "x.toml");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_TRUE(std::regex_search(e.what(), std::regex(R"(^x\.toml:\d+: links\.host_gbs: missing key)"))) << e.what();
    }
}

TEST(DeviceCatalog, AMachineTakesTheDevicesFiguresAndItsOwnOverrides) {
    const auto m = parse_machine(machine("device = \"h100-sxm\"\ncount = 4\nmemory_gb = 94\n"), "m.toml");
    const auto& a = m.modules.front().accelerator;
    const auto d = find_device("h100-sxm");
    EXPECT_EQ(a.device, "h100-sxm");
    EXPECT_DOUBLE_EQ(a.fp64_matrix_tflops, d.fp64_matrix);
    EXPECT_DOUBLE_EQ(a.memory_gb, 94);                       // overridden
    EXPECT_DOUBLE_EQ(a.memory_bandwidth_gbs, d.sustained_gbs());
    EXPECT_DOUBLE_EQ(a.gemm_efficiency, d.dgemm_efficiency());
    EXPECT_EQ(m.modules.front().cpu.cores, find_device("epyc-7a53").cores);
    EXPECT_TRUE(mentions(m.modules.front().assumptions, "h100-sxm"));
}

TEST(DeviceCatalog, UnknownOrWrongKindsOfDevicesNameFileLineAndKey) {
    const std::string unknown = machine_error(machine("device = \"h1000\"\ncount = 4\n"));
    EXPECT_TRUE(std::regex_search(unknown, std::regex(R"(^m\.toml:\d+: module\.accelerator\.device: no device "h1000")")))
        << unknown;
    EXPECT_NE(unknown.find("mi250x"), std::string::npos) << unknown;
    const std::string kind = machine_error(machine("device = \"grace\"\ncount = 4\n"));
    EXPECT_TRUE(std::regex_search(kind, std::regex(R"(^m\.toml:\d+: module\.accelerator\.device: "grace" is a CPU)")))
        << kind;
}

TEST(DeviceCatalog, AProcessOwnsOneDieOfAMultiDiePackage) {
    const auto m = parse_machine(machine("device = \"mi250x\"\ncount = 4\n"), "m.toml");
    const auto& mod = m.modules.front();
    const auto d = find_device("mi250x");
    EXPECT_EQ(mod.accelerator.count, 8);
    EXPECT_DOUBLE_EQ(mod.accelerator.memory_gb, d.memory_gb / 2);
    EXPECT_DOUBLE_EQ(mod.accelerator.fp64_vector_tflops, d.fp64_vector / 2);
    // TOP500 counts MI250X at its vector peak.
    EXPECT_NEAR(mod.node_rpeak_gflops(), 4 * d.fp64_vector * 1e3 + mod.cpu.fp64_peak_gflops(), 1e-6);
    const auto whole = parse_machine(machine("device = \"mi250x\"\ncount = 4\nrank_owns = \"package\"\n"), "m.toml");
    EXPECT_EQ(whole.modules.front().accelerator.count, 4);
    EXPECT_NE(machine_error(machine("device = \"h100-sxm\"\ncount = 4\nrank_owns = \"die\"\n")).find("rank_owns"),
              std::string::npos);
}

TEST(DeviceCatalog, AnApuNeedsNoCpuTableAndHasOneMemory) {
    const auto m = parse_machine(machine("device = \"mi300a\"\ncount = 4\n", ""), "m.toml");
    const auto& mod = m.modules.front();
    EXPECT_TRUE(mod.accelerator.apu);
    EXPECT_EQ(mod.cpu.node_cores(), 4 * find_device("mi300a").cores);
    EXPECT_EQ(mod.matrix_memory, MatrixMemory::gpu);
    const std::string both = machine_error(machine("device = \"mi300a\"\ncount = 4\n"));
    EXPECT_TRUE(std::regex_search(both, std::regex(R"(^m\.toml:\d+: module\.cpu: mi300a is an APU)"))) << both;
    std::string spill = machine("device = \"mi300a\"\ncount = 4\n", "");
    spill.insert(spill.find("[module.accelerator]"), "matrix_memory = \"gpu+cpu\"\n");
    EXPECT_NE(machine_error(spill).find("one memory"), std::string::npos) << machine_error(spill);
    // A GPU that is not an APU still needs its host's table.
    EXPECT_NE(machine_error(machine("device = \"mi250x\"\ncount = 4\n", "")).find("module.cpu"), std::string::npos);
}

TEST(DeviceCatalog, AnOperatingClockSlowsTheKernelsAndRpeakKeepsItsOwn) {
    const auto full = parse_machine(machine("device = \"h100-sxm\"\ncount = 4\n"), "m.toml");
    const auto slow = parse_machine(machine("device = \"h100-sxm\"\ncount = 4\noperating_clock_ghz = 0.99\n"), "m.toml");
    EXPECT_DOUBLE_EQ(slow.modules.front().node_rpeak_gflops(), full.modules.front().node_rpeak_gflops());
    const auto o = fixed(300000, 1024, 4, 4);
    const double t_full = simulate_configuration(full, o).sim.time_s;
    const double t_slow = simulate_configuration(slow, o).sim.time_s;
    EXPECT_GT(t_slow, 1.6 * t_full);
    EXPECT_LT(t_slow, 2.01 * t_full);
}

TEST(DeviceCatalog, DefaultsThatChangeAPredictionAreNamed) {
    const auto spec_only = parse_machine(machine("", "device = \"xeon-8480\"\nsockets = 2\n"), "m.toml");
    const auto& notes = spec_only.modules.front().assumptions;
    EXPECT_TRUE(mentions(notes, "specification only")) << notes.size();
    EXPECT_TRUE(mentions(notes, "variability"));
    EXPECT_GT(spec_only.modules.front().variability.spatial, 0);
}

TEST(DeviceCatalog, TorusLatencyGrowsWithHopsAndItsSizeMustHoldTheNodes) {
    const std::string torus = "topology = \"torus\"\nlinks_per_node = 6\nlink_gbs = 6.8\nlatency_us = 0.5\n"
                              "dimensions = [4, 4, 4]\nhop_latency_us = ";
    const auto near = parse_machine(machine("", "device = \"a64fx\"\n", 64, torus + "0.01\n"), "m.toml");
    const auto far = parse_machine(machine("", "device = \"a64fx\"\n", 64, torus + "1.0\n"), "m.toml");
    EXPECT_EQ(near.network.topology, Topology::torus);
    const auto o = fixed(60000, 128, 8, 8);
    EXPECT_GT(simulate_configuration(far, o).sim.time_s, simulate_configuration(near, o).sim.time_s);
    const std::string small = machine_error(machine("", "device = \"a64fx\"\n", 65, torus + "0.1\n"));
    EXPECT_TRUE(std::regex_search(small, std::regex(R"(^m\.toml:\d+: network\.dimensions: 64 positions for 65 nodes)")))
        << small;
}

TEST(DeviceCatalog, ADragonflyIsGroupsLikeDragonflyPlus) {
    const auto m = parse_machine(machine("device = \"mi250x\"\ncount = 4\n", "device = \"epyc-7a53\"\n", 8,
                                         "topology = \"dragonfly\"\nlinks_per_node = 4\nlink_gbs = 25\n"
                                         "latency_us = 2.8\ngroup_nodes = 4\nglobal_gbs_per_group = 100\n"),
                                 "m.toml");
    EXPECT_EQ(m.network.topology, Topology::dragonfly);
    EXPECT_NE(machine_error(machine("device = \"mi250x\"\ncount = 4\n", "device = \"epyc-7a53\"\n", 8,
                                    "topology = \"dragonfly\"\nlinks_per_node = 4\nlink_gbs = 25\nlatency_us = 2.8\n"))
                  .find("group_nodes: missing key"),
              std::string::npos);
}

/// Module `m` of a machine whose node draws `load_w`, after swapping in `accel` and `cpu`.
Module swapped(const std::string& accelerator, const std::string& cpu, double load_w, const char* accel,
               const char* to_cpu) {
    std::string text = machine(accelerator, cpu);
    text.insert(text.find("[network]"), "[module.power]\nload_w = " + std::to_string(load_w) + "\n");
    Module m = parse_machine(text, "m.toml").modules.front();
    const Device a = accel ? find_device(accel) : Device{}, c = to_cpu ? find_device(to_cpu) : Device{};
    swap_devices(m, accel ? &a : nullptr, to_cpu ? &c : nullptr);
    return m;
}

TEST(DeviceSwaps, PowerFollowsTheTdpsOfThePartsThatChanged) {
    const double gh200 = find_device("gh200").tdp_w, grace = find_device("grace").tdp_w;
    const double h100 = find_device("h100-sxm").tdp_w, mi250x = find_device("mi250x").tdp_w;
    const double mi300a = find_device("mi300a").tdp_w, epyc = find_device("epyc-7a53").tdp_w;
    const double xeon = find_device("xeon-8480").tdp_w;
    // A superchip's TDP holds its CPU: the Grace left behind starts to count.
    const std::string gh = "device = \"gh200\"\ncount = 4\n", grace4 = "device = \"grace\"\nsockets = 4\n";
    auto m = swapped(gh, grace4, 4 * gh200, "h100-sxm", nullptr);
    EXPECT_DOUBLE_EQ(m.power.load_w, 4 * h100 + 4 * grace);
    // An APU replaces both the GPUs and the CPU.
    const std::string mi = "device = \"mi250x\"\ncount = 4\n";
    m = swapped(mi, "device = \"epyc-7a53\"\n", 2500, "mi300a", nullptr);
    EXPECT_DOUBLE_EQ(m.power.load_w, 2500 + 4 * (mi300a - mi250x) - epyc);
    // And back: the APUs' CPU parts drew nothing of their own; the new CPU draws its TDP.
    m = swapped("device = \"mi300a\"\ncount = 4\n", "", 2500, "h100-sxm", "xeon-8480");
    EXPECT_DOUBLE_EQ(m.power.load_w, 2500 + 4 * (h100 - mi300a) + xeon);
    EXPECT_TRUE(mentions(m.assumptions, "one xeon-8480 socket per node"));
    // A CPU swap alone changes only the CPUs'.
    m = swapped(mi, "device = \"epyc-7a53\"\n", 2500, nullptr, "xeon-8480");
    EXPECT_DOUBLE_EQ(m.power.load_w, 2500 + xeon - epyc);
    // A device given by its figures (no catalog entry) leaves the power unknown when replaced.
    m = swapped("model = \"x\"\ncount = 4\nfp64_vector_tflops = 30\nclock_ghz = 1.7\nmemory_gb = 64\n"
                "memory_bandwidth_gbs = 1600\nhost_link_gbs = 32\npeer_link_gbs = 50\n",
                "device = \"epyc-7a53\"\n", 2500, "h100-sxm", nullptr);
    EXPECT_EQ(m.power.load_w, 0);
    EXPECT_TRUE(mentions(m.assumptions, "power unknown"));
}

TEST(DeviceSwaps, TheSameChipKeepsTheMachinesClocksAndOnlyACoherentLinkSpills) {
    std::string text = machine("device = \"gh200\"\ncount = 4\nrpeak_clock_ghz = 1.436\n"
                               "operating_clock_ghz = 1.7\n", "device = \"grace\"\nsockets = 4\n");
    text.insert(text.find("[module.cpu]"), "matrix_memory = \"gpu+cpu\"\n");
    const Module original = parse_machine(text, "m.toml").modules.front();
    const Device gh200 = find_device("gh200"), h100 = find_device("h100-sxm");
    Module same = original;
    swap_devices(same, &gh200, nullptr);
    EXPECT_DOUBLE_EQ(same.accelerator.rpeak_clock_ghz, 1.436);
    EXPECT_DOUBLE_EQ(same.accelerator.operating_clock_ghz, 1.7);
    EXPECT_EQ(same.matrix_memory, MatrixMemory::gpu_cpu);
    EXPECT_TRUE(mentions(same.assumptions, "kernels at 1.7 GHz"));
    Module other = original;
    swap_devices(other, &h100, nullptr);
    EXPECT_DOUBLE_EQ(other.accelerator.rpeak_clock_ghz, h100.clock_ghz);
    EXPECT_EQ(other.accelerator.operating_clock_ghz, 0);
    EXPECT_EQ(other.matrix_memory, MatrixMemory::gpu);  // PCIe: the matrix stays on the GPU
    EXPECT_FALSE(mentions(other.assumptions, "kernels at 1.7 GHz"));
}

TEST(BenchmarkPredictions, HpcgGoesAtTheMemorysPaceAndPaysForItsMessages) {
    const auto m = parse_machine(machine("device = \"h100-sxm\"\ncount = 4\n", "device = \"epyc-7a53\"\n", 16), "m.toml");
    auto fast = m;
    fast.modules.front().accelerator.memory_bandwidth_gbs *= 2;
    PredictOptions o;
    const auto base = predict_hpcg(m, o);
    const auto quick = predict_hpcg(fast, o);
    EXPECT_GT(base.gflops, 0);
    // Twice the bandwidth: the memory-bound parts halve, the messages and launches do not.
    EXPECT_GT(quick.gflops, 1.6 * base.gflops);
    EXPECT_LT(quick.gflops, 2.0 * base.gflops);
    double sum = 0;
    for (const auto& p : base.parts) sum += p.seconds;
    EXPECT_NEAR(sum, base.iteration_s, 1e-12);
    EXPECT_EQ(base.grid[0] * base.grid[1] * base.grid[2], 64);
    EXPECT_EQ(base.local % 8, 0);
    // The rating is HPCG's flop count: about 0.2 flop per byte moved at the memory's rate.
    const double per_byte = base.gflops * 1e9 / (64 * base.memory_gbs * 1e9);
    EXPECT_GT(per_byte, 0.1);
    EXPECT_LT(per_byte, 0.25);
}

TEST(BenchmarkPredictions, MxpFactorsFasterInLowerPrecisionAndRefinesInFp64) {
    const auto m = parse_machine(machine("device = \"h100-sxm\"\ncount = 4\n", "device = \"epyc-7a53\"\n", 16), "m.toml");
    PredictOptions o;
    const auto hpl = predict_hpl(m, o);
    o.precision = LuPrecision::fp32;
    const auto fp32 = predict_mxp(m, o);
    o.precision = LuPrecision::fp16;
    const auto fp16 = predict_mxp(m, o);
    // An FP32 matrix holds sqrt(2) times HPL's N in the same memory.
    EXPECT_NEAR(double(fp16.lu.params.n) / double(hpl.params.n), std::sqrt(2.0), 0.05);
    EXPECT_GT(fp16.gflops, 2 * fp32.gflops);
    EXPECT_GT(fp32.gflops, hpl.sim.gflops);
    EXPECT_EQ(fp32.refine_iterations, 1);
    EXPECT_EQ(fp16.refine_iterations, 2);
    EXPECT_GT(fp16.refine_s, 0);
    EXPECT_LT(fp16.refine_s, 0.1 * fp16.time_s);
    // The record's parts (the factorization's, then the refinement) add up to its time.
    const auto j = report::mxp_record(m, fp16);
    double parts = 0;
    for (const auto& [name, seconds] : j.at("breakdown").items()) parts += seconds.get<double>();
    EXPECT_FALSE(j.at("breakdown").contains("back_solve_s"));
    EXPECT_NEAR(parts, j.at("time_s").get<double>(), 1e-9 * fp16.time_s);
    o.precision = LuPrecision::fp64;
    EXPECT_THROW(predict_mxp(m, o), InputError);
}

TEST(BenchmarkPredictions, ALargerMachineIsRefusedInOneLineNotLeftToRun) {
    const auto m = parse_machine(machine("device = \"gh200\"\ncount = 32\n", "device = \"grace\"\n", 100000000,
                                         "topology = \"dragonfly+\"\nlinks_per_node = 4\nlink_gbs = 25\n"
                                         "latency_us = 2\ngroup_nodes = 240\n"),
                                 "m.toml");
    try {
        predict_hpl(m, PredictOptions{});
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("3200000000 processes"), std::string::npos) << e.what();
    }
    auto ten_million = m;
    ten_million.modules.front().nodes = 10000000;
    ten_million.modules.front().accelerator.count = 4;
    try {
        predict_hpl(ten_million, PredictOptions{});
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("simulated panel steps"), std::string::npos) << e.what();
    }
}
