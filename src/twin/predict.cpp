#include "twin/predict.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "common/error.hpp"
#include "hpl/schedule.hpp"
#include "twin/kernel_model.hpp"
#include "twin/network_model.hpp"

namespace exa::twin {
namespace {

// How GEMM efficiency falls off for thin shapes, where no calibration says: the dimension
// at which a GEMM reaches half its large-shape rate. GPUs need far larger tiles than CPU
// cores to fill (132 SMs x 128 x 128-ish tiles on Hopper).
constexpr double gpu_half_mn = 128, gpu_half_k = 64;
constexpr double cpu_half_mn = 32, cpu_half_k = 16;
constexpr double cpu_step_cycles = 1000;  // one panel column step on a CPU core (~0.5 us)
constexpr double gpu_usable = 0.9;      // of device memory, the rest for buffers and the runtime
// The simulation walks every panel across every process column: about 75 ns per step here,
// so this many steps is a few seconds. Beyond it a prediction is refused, not left to run.
constexpr double most_simulated_steps = 6e7;

struct Setup {
    const Module* mod;
    int nodes, rpn, threads;
    MatrixMemory where;
};

/// `procs`: the grid's processes when known (0: not yet chosen).
Setup setup(const Machine& m, const PredictOptions& o, int procs = 0) {
    Setup s{&m.module(o.module), 0, 0, 0, MatrixMemory::cpu};
    const Module& mod = *s.mod;
    if (o.nodes > mod.nodes)
        throw InputError(fmt::format("--nodes: {} has {} nodes in module {}, not {}", m.name, mod.nodes,
                                     mod.name, o.nodes));
    s.nodes = o.nodes > 0 ? o.nodes : mod.nodes;
    s.rpn = o.ranks_per_node > 0 ? o.ranks_per_node
                                 : (mod.has_accelerators() ? mod.accelerator.count : mod.cpu.sockets);
    // On one node every process of the grid runs there, as mpirun would place them.
    if (o.ranks_per_node == 0 && s.nodes == 1 && !mod.has_accelerators()) s.rpn = std::max(s.rpn, procs);
    s.threads = o.threads > 0 ? o.threads : std::max(1, mod.cpu.node_cores() / s.rpn);
    s.where = o.matrix_memory.value_or(mod.matrix_memory);
    if (s.where != MatrixMemory::cpu && !mod.has_accelerators())
        throw InputError(fmt::format("--matrix-memory: module {} of {} has no accelerators", mod.name, m.name));
    if (mod.has_accelerators() && s.where == MatrixMemory::cpu)
        throw InputError(fmt::format("--matrix-memory: cpu on module {} of {}: HPL runs on its accelerators (gpu or gpu+cpu)",
                                     mod.name, m.name));
    if (mod.accelerator.apu && s.where == MatrixMemory::gpu_cpu)
        throw InputError(fmt::format("--matrix-memory: gpu+cpu on module {} of {}: an APU has one memory (gpu)",
                                     mod.name, m.name));
    return s;
}

/// Bytes of matrix memory one process may fill.
double matrix_bytes_per_rank(const Setup& s) {
    const Module& mod = *s.mod;
    const double cpu = mod.cpu.memory_gb * mod.cpu.sockets * 1e9 / s.rpn;
    if (s.where == MatrixMemory::cpu) return cpu;
    const double gpu = mod.accelerator.memory_gb * 1e9 * gpu_usable;
    return s.where == MatrixMemory::gpu ? gpu : gpu + cpu;
}

/// Bytes of one entry of the factored matrix: HPL-MxP keeps it in FP32.
double entry_bytes(LuPrecision p) { return p == LuPrecision::fp64 ? 8 : 4; }

std::int64_t fill_n(const Setup& s, int procs, std::int64_t nb, double fraction, LuPrecision precision) {
    const double n = std::sqrt(fraction * matrix_bytes_per_rank(s) * procs / entry_bytes(precision));
    return std::max<std::int64_t>(nb, std::int64_t(n / double(nb)) * nb);
}

/// Grids P x Q with P <= Q (Q at most 16 P) that use at least 97% of the processes: the
/// `keep` squarest, then the `keep` that use the most processes, the squarest of those first.
/// Runners use every node they booked when a grid fits them all (512 processes: 16 x 32, not
/// the squarer 22 x 23 on 506), so both kinds are simulated and the faster one chosen.
std::vector<std::pair<int, int>> candidate_grids(int procs, std::size_t keep) {
    std::vector<std::pair<int, int>> usable;  // squarest first
    for (int p = int(std::sqrt(double(procs))); p >= 1; --p) {
        const int q = procs / p;
        if (double(p) * q < 0.97 * procs && p > 1) continue;
        if (q > 16 * p && !usable.empty()) break;
        usable.emplace_back(p, q);
    }
    const auto squarest = std::ptrdiff_t(std::min(keep, usable.size()));
    std::vector<std::pair<int, int>> out(usable.begin(), usable.begin() + squarest);
    auto fullest = usable;
    std::stable_sort(fullest.begin(), fullest.end(),
                     [](auto a, auto b) { return a.first * a.second > b.first * b.second; });
    std::size_t added = 0;
    for (const auto& g : fullest) {
        if (added == keep) break;
        if (std::find(out.begin(), out.end(), g) != out.end()) continue;
        out.push_back(g);
        ++added;
    }
    return out;
}

std::vector<std::int64_t> candidate_nbs(const Module& mod) {
    if (mod.has_accelerators()) return {256, 384, 512, 768, 1024, 1536, 2048};
    return {64, 96, 128, 192, 256, 384};
}

/// How much faster HPL-MxP's GEMM and panel run than FP64's on this module. Accelerators:
/// the peaks and measured efficiencies of the precision. CPUs: twice the FP64 rate in FP32
/// (twice the SIMD lanes); no CPU here has 16-bit matrix units the model knows, so 16-bit
/// runs at the FP32 rate; the panel, bound by memory and latency, no faster.
std::pair<double, double> low_precision_speedups(const Module& mod, LuPrecision p) {
    if (!mod.has_accelerators()) return {2.0, 1.0};
    const auto& a = mod.accelerator;
    const double fp64 = a.fp64_gemm_tflops() * a.gemm_efficiency;
    const double fp16 = std::max(a.fp16_tflops, a.bf16_tflops);
    const double eff16 = a.gemm16_efficiency > 0 ? a.gemm16_efficiency : a.gemm_efficiency;
    double low = a.fp32_tflops * a.gemm_efficiency;
    if (p == LuPrecision::fp16 && fp16 > 0) low = fp16 * eff16;
    const double panel = a.fp32_tflops > 0 ? a.fp32_tflops / a.fp64_vector_tflops : 1.0;
    return {std::max(1.0, low / fp64), std::max(1.0, panel)};
}

/// Refuses a configuration the simulation cannot step through in seconds.
double simulated_steps(const hpl::Params& prm) {
    return double(hpl::schedule::panel_count(prm.n, prm.nb)) * (double(prm.p) + prm.q);
}

[[noreturn]] void refuse_unsimulable(const hpl::Params& prm) {
    throw InputError(fmt::format(
        "N = {} with NB = {} on a {} x {} grid is {:.2g} simulated panel steps, more than the twin steps "
        "through in seconds ({:.0e}): predict fewer nodes (--nodes) or a larger NB (--nb)",
        prm.n, prm.nb, prm.p, prm.q, simulated_steps(prm), most_simulated_steps));
}

void check_simulable(const hpl::Params& prm) {
    if (simulated_steps(prm) > most_simulated_steps) refuse_unsimulable(prm);
}

}  // namespace

Prediction simulate_configuration(const Machine& m, const PredictOptions& o) {
    const auto& prm = o.params;
    check_simulable(prm);
    const int procs = prm.p * prm.q;
    const Setup s = setup(m, o, procs);
    const Module& mod = *s.mod;
    const int nodes = (procs + s.rpn - 1) / s.rpn;
    if (nodes > s.nodes)
        throw InputError(fmt::format("-p/-q: a {} x {} grid needs {} nodes at {} processes per node; {} has {}",
                                     prm.p, prm.q, nodes, s.rpn, m.name, s.nodes));
    // The matrix must fit where it lives: the most loaded process holds ceil'd blocks.
    const double rows = std::ceil(double(prm.n) / double(prm.nb * prm.p)) * double(prm.nb);
    const double cols = std::ceil(double(prm.n + 1) / double(prm.nb * prm.q)) * double(prm.nb);
    const double local = rows * cols * entry_bytes(o.precision);
    if (local > matrix_bytes_per_rank(s))
        throw InputError(fmt::format("-n: N = {} needs {:.1f} GB per process on a {} x {} grid; {} holds {:.1f} GB ({})",
                                     prm.n, local / 1e9, prm.p, prm.q, m.name,
                                     matrix_bytes_per_rank(s) / 1e9, matrix_memory_name(s.where)));

    Prediction r;
    r.machine = m.name;
    r.module = mod.name;
    r.nodes = nodes;
    r.ranks_per_node = s.rpn;
    r.threads = mod.has_accelerators() ? 1 : s.threads;
    r.matrix_memory = s.where;
    r.params = prm;
    r.precision = o.precision;

    std::unique_ptr<KernelModel> rank_k, thread_k;
    // HPL-MxP: the same rooflines at the lower precision's rates, on its smaller entries.
    const auto [gemm_speedup, panel_speedup] = low_precision_speedups(mod, o.precision);
    RooflineSpec rank_low, thread_low;
    auto lowered = [&, gemm_speedup = gemm_speedup, panel_speedup = panel_speedup](RooflineSpec spec) {
        spec.gemm_gflops *= gemm_speedup;
        spec.vector_gflops *= panel_speedup;
        spec.element_bytes = entry_bytes(o.precision);
        return spec;
    };
    double pivot_exchange_s = 0;
    NodeLinks node;
    double temporal = mod.variability.temporal;
    double slowest_core = 1;  // measured on this machine: several processes go at the slowest's pace
    // Of a core per thread on a CPU node: below 1, processes time-share cores.
    const double share = mod.has_accelerators()
                             ? 1.0
                             : std::min(1.0, double(mod.cpu.node_cores()) / (double(s.rpn) * s.threads));
    if (mod.has_accelerators()) {
        const auto& a = mod.accelerator;
        RooflineSpec spec;
        spec.gemm_gflops = a.fp64_gemm_tflops() * 1e3 * a.gemm_efficiency * a.clock_scale();
        spec.vector_gflops = a.fp64_vector_tflops * 1e3 * a.clock_scale();
        spec.memory_gbs = a.memory_bandwidth_gbs;
        spec.step_s = a.launch_us * 1e-6;
        spec.half_mn = gpu_half_mn;
        spec.half_k = gpu_half_k;
        if (s.where == MatrixMemory::gpu_cpu) {
            spec.host_fraction = std::max(0.0, 1 - a.memory_gb * 1e9 * gpu_usable / local);
            spec.host_link_gbs = a.host_link_gbs;
        }
        r.host_fraction = spec.host_fraction;
        rank_k = make_roofline_kernels(spec);
        rank_low = lowered(spec);
        node = {m.network.intra_node_latency_us * 1e-6, a.peer_link_gbs > 0 ? a.peer_link_gbs : a.host_link_gbs};
    } else if (o.calibration) {
        const auto& c = *o.calibration;
        rank_k = make_calibrated_kernels(c, s.threads, share);
        thread_k = make_calibrated_kernels(c, 1, share);
        r.calibrated = true;
        node = c.mpi_latency_us > 0 ? NodeLinks{c.mpi_latency_us * 1e-6, c.mpi_bandwidth_gbs}
                                    : NodeLinks{m.network.intra_node_latency_us * 1e-6, m.network.intra_node_gbs};
        // More processes than cores: a message waits until its receiver is scheduled.
        if (share < 1 && c.mpi_shared_core_latency_us > 0) node.latency_s = c.mpi_shared_core_latency_us * 1e-6;
        if (temporal == 0) temporal = c.temporal_cv;
        if (procs > 1) slowest_core = c.slowest_core;  // >= 1: calibrate and the file reader see to it
        pivot_exchange_s = c.panel_exchange_us * 1e-6 / share;
        if (share < 1 && c.panel_exchange_shared_core_us > 0) pivot_exchange_s = c.panel_exchange_shared_core_us * 1e-6;
    } else {
        const auto& cpu = mod.cpu;
        const int cores = cpu.node_cores();
        auto spec_for = [&](int threads) {
            RooflineSpec spec;
            spec.gemm_gflops = threads * cpu.clock_ghz * cpu.fp64_flops_per_cycle * cpu.gemm_efficiency * share;
            spec.vector_gflops = spec.gemm_gflops / 2;
            // Each thread streams a core's share of the node's bandwidth, up to the process's cores.
            const double per_core_gbs = cpu.memory_bandwidth_gbs * cpu.sockets / cores;
            spec.memory_gbs = per_core_gbs * std::min(double(threads), double(cores) / s.rpn);
            spec.step_s = cpu_step_cycles / (cpu.clock_ghz * 1e9) / share;
            spec.half_mn = cpu_half_mn;
            spec.half_k = cpu_half_k;
            return spec;
        };
        rank_k = make_roofline_kernels(spec_for(s.threads));
        thread_k = make_roofline_kernels(spec_for(1));
        rank_low = lowered(spec_for(s.threads));
        thread_low = lowered(spec_for(1));
        node = {m.network.intra_node_latency_us * 1e-6,
                m.network.intra_node_gbs > 0 ? m.network.intra_node_gbs : cpu.memory_bandwidth_gbs / 2};
    }
    if (o.precision != LuPrecision::fp64) {
        // HPL-MxP's refinement multiplies by A in FP64: one pass over a process's block (the
        // messages are added below).
        r.matvec_s = rank_k->gemv(rows, cols);
        if (r.calibrated) {
            rank_k = make_low_precision_kernels(std::move(rank_k), gemm_speedup, panel_speedup, entry_bytes(o.precision));
            thread_k = make_low_precision_kernels(std::move(thread_k), gemm_speedup, panel_speedup,
                                                  entry_bytes(o.precision));
        } else {
            rank_k = make_roofline_kernels(rank_low);
            if (thread_k) thread_k = make_roofline_kernels(thread_low);
        }
    }
    if (node.bandwidth_gbs <= 0) node.bandwidth_gbs = 1;  // one process per node: never used
    const NetworkModel net(m.network, node, s.rpn, prm.p, prm.q, prm.pmap);
    if (o.precision != LuPrecision::fp64) {
        // A x on the grid: x's pieces broadcast down the process columns, the partial sums
        // reduced along the rows, each a tree.
        r.matvec_s += NetworkModel::tree(net.column_link(0), prm.p, cols * 8) +
                      NetworkModel::tree(net.link(0, 0, 0, prm.q - 1), prm.q, rows * 8);
    }

    SimInput in;
    in.params = prm;
    in.threads = r.threads;
    in.rank_kernels = rank_k.get();
    in.thread_kernels = thread_k ? thread_k.get() : rank_k.get();
    in.network = &net;
    // Processes that time-share a core go at its pace: the cores are the independent draws.
    const double sigma = std::hypot(mod.variability.spatial, temporal);
    in.slowdown = (1 + expected_max_normal(double(procs) * share) * sigma) * slowest_core;
    in.column_shares_cores = share < 1;
    in.element_bytes = entry_bytes(o.precision);
    in.pivot_exchange_s = pivot_exchange_s;
    in.trace = o.trace;
    r.sim = simulate_hpl(in);

    r.rpeak_gflops = nodes * mod.node_rpeak_gflops();
    r.power_kw = mod.power.load_w > 0 ? nodes * mod.power.load_w / 1e3 : 0;
    return r;
}

std::vector<Prediction> tune_hpl(const Machine& m, const PredictOptions& o) {
    const Setup s = setup(m, o);
    const std::int64_t all = std::int64_t(s.nodes) * s.rpn;
    if (all > most_processes)
        throw InputError(fmt::format("{}: {} nodes x {} processes is {} processes; the twin simulates at most {} "
                                     "(--nodes to predict part of it)",
                                     m.name, s.nodes, s.rpn, all, most_processes));
    const int procs = int(all);
    std::vector<std::pair<int, int>> grids;
    if (o.grid_given) grids = {{o.params.p, o.params.q}};
    else grids = candidate_grids(procs, 5);
    std::vector<std::int64_t> nbs = o.nb_given ? std::vector<std::int64_t>{o.params.nb} : candidate_nbs(*s.mod);

    auto configure = [&](std::pair<int, int> g, std::int64_t nb) {
        PredictOptions c = o;
        c.params.p = g.first;
        c.params.q = g.second;
        c.params.nb = nb;
        if (!o.n_given) c.params.n = fill_n(s, g.first * g.second, nb, o.memory_fraction, o.precision);
        return c;
    };
    // NBs too small for the simulation to step through at this size are left out; if none
    // is left, the largest's refusal (nbs ascend) says why.
    auto simulable = [&](std::pair<int, int> g, std::int64_t nb) {
        return simulated_steps(configure(g, nb).params) <= most_simulated_steps;
    };
    std::vector<std::int64_t> fitting;
    for (auto nb : nbs)
        if (simulable(grids.front(), nb)) fitting.push_back(nb);
    if (fitting.empty()) refuse_unsimulable(configure(grids.front(), nbs.back()).params);
    std::size_t total = fitting.size(), done = 0;
    auto one = [&](std::pair<int, int> g, std::int64_t nb) {
        auto p = simulate_configuration(m, configure(g, nb));
        if (o.progress) o.progress(++done, total);
        return p;
    };
    // Two stages keep a machine-sized search fast: NB on the squarest grid, then the grids
    // at the best NB.
    std::vector<Prediction> out;
    for (auto nb : fitting) out.push_back(one(grids.front(), nb));
    auto faster = [](const Prediction& a, const Prediction& b) { return a.sim.gflops > b.sim.gflops; };
    std::sort(out.begin(), out.end(), faster);
    const auto best_nb = out.front().params.nb;
    std::vector<std::pair<int, int>> other_grids;
    for (std::size_t i = 1; i < grids.size(); ++i)
        if (simulable(grids[i], best_nb)) other_grids.push_back(grids[i]);
    total += other_grids.size();
    for (const auto& g : other_grids) out.push_back(one(g, best_nb));
    std::sort(out.begin(), out.end(), faster);
    return out;
}

Prediction predict_hpl(const Machine& m, const PredictOptions& o) {
    if (o.n_given && o.nb_given && o.grid_given) return simulate_configuration(m, o);
    return tune_hpl(m, o).front();
}

}  // namespace exa::twin
