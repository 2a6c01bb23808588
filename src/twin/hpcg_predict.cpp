#include "twin/hpcg_predict.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "common/error.hpp"
#include "hpcg/geometry.hpp"
#include "hpcg/problem.hpp"
#include "hpcg/work.hpp"

namespace exa::twin {
namespace {

constexpr int levels = hpcg::mg_levels;
constexpr double iterations = hpcg_set_iterations;
// A parallel Gauss-Seidel sweep on a 27-point stencil runs as 8 colours, one launch each.
constexpr int colours = 8;

/// The largest local cube (a multiple of 2^(levels-1), so every level halves evenly) that
/// fits `bytes` of memory.
int local_cube(double bytes) {
    constexpr int step = 1 << (levels - 1);
    int n = step;
    while (double(hpcg::bytes_needed(n + step, n + step, n + step, false)) <= bytes) n += step;
    return n;
}

/// Entries of the most connected process's halo on a local n^3 box: a face, edge or corner
/// toward each neighbour, in the dimensions the process grid splits (up to 2 neighbours each).
double halo_entries(double n, const std::array<int, 3>& grid) {
    double k[3];
    for (int d = 0; d < 3; ++d) k[d] = std::min(2, grid[d] - 1);
    const double faces = (k[0] + k[1] + k[2]) * n * n;
    const double edges = (k[0] * k[1] + k[1] * k[2] + k[0] * k[2]) * n;
    return faces + edges + k[0] * k[1] * k[2];
}

}  // namespace

HpcgPrediction predict_hpcg(const Machine& m, const PredictOptions& o) {
    const Module& mod = m.module(o.module);
    HpcgPrediction r;
    r.machine = m.name;
    r.module = mod.name;
    r.nodes = o.nodes > 0 ? std::min(o.nodes, mod.nodes) : mod.nodes;
    const bool gpu = mod.has_accelerators();
    r.ranks_per_node = o.ranks_per_node > 0 ? o.ranks_per_node : gpu ? mod.accelerator.count : mod.cpu.sockets;
    const std::int64_t procs = std::int64_t(r.nodes) * r.ranks_per_node;
    if (procs > most_processes)
        throw InputError(fmt::format("{}: {} nodes x {} processes is {} processes; the twin models at most {} "
                                     "(--nodes to predict part of it)",
                                     m.name, r.nodes, r.ranks_per_node, procs, most_processes));
    r.grid = hpcg::process_grid(int(procs));

    // Memory and its bandwidth per process: a device's, shared by the processes on it. On a
    // CPU with two memory tiers the problem is sized to the fast one (Xeon Max's HBM).
    double memory_gb = 0;
    if (gpu) {
        const double share = std::min(1.0, double(mod.accelerator.count) / r.ranks_per_node);
        memory_gb = mod.accelerator.memory_gb * share;
        r.memory_gbs = mod.accelerator.memory_bandwidth_gbs * share;
    } else {
        const double per_socket_gb =
            mod.cpu.fast_memory_gb > 0 ? std::min(mod.cpu.fast_memory_gb, mod.cpu.memory_gb) : mod.cpu.memory_gb;
        memory_gb = per_socket_gb * mod.cpu.sockets / r.ranks_per_node;
        r.memory_gbs = mod.cpu.memory_bandwidth_gbs * mod.cpu.sockets / r.ranks_per_node;
    }
    r.local = local_cube(hpcg_memory_fraction * memory_gb * 1e9);

    // The work of one interior process: 27 nonzeros a row, the split copy 28.
    std::vector<hpcg::LevelCounts> counts;
    for (int l = 0; l < levels; ++l) {
        const double n = double(r.local >> l), rows = n * n * n;
        const double coarse = l + 1 < levels ? rows / 8 : 0;
        counts.push_back({rows, 27 * rows, 27 * coarse, 28 * rows});
    }
    const auto w = hpcg::count_work(counts, 1, iterations);
    const double bw = r.memory_gbs * 1e9;
    auto per_iteration = [&](double bytes) { return bytes / bw / iterations; };

    // Messages: between nodes at the network's per-process share, else inside the node.
    const Network& net = m.network;
    const bool one_node = r.nodes == 1 || net.topology == Topology::single_node;
    double link_gbs = 0, latency_s = 0;
    if (one_node) {
        link_gbs = gpu ? mod.accelerator.peer_link_gbs : net.intra_node_gbs > 0 ? net.intra_node_gbs : r.memory_gbs / 2;
        latency_s = net.intra_node_latency_us * 1e-6;
    } else {
        link_gbs = net.links_per_node * net.link_gbs / r.ranks_per_node;
        latency_s = (net.latency_us + net.global_latency_us) * 1e-6;
    }
    if (link_gbs <= 0) link_gbs = 1;
    // Per iteration: a halo before the SpMV; on each level above the coarsest before the two
    // smoothing sweeps and the residual's SpMV; one at the coarsest.
    double halo = procs > 1 ? halo_entries(r.local, r.grid) * 8 / (link_gbs * 1e9) + latency_s : 0;
    for (int l = 0; l < levels; ++l) {
        const double n = double(r.local >> l);
        const double one = procs > 1 ? halo_entries(n, r.grid) * 8 / (link_gbs * 1e9) + latency_s : 0;
        halo += (l + 1 < levels ? 3 : 1) * one;
    }
    const double allreduce = procs > 1 ? 3 * 2 * std::ceil(std::log2(double(procs))) * latency_s : 0;
    // Launches: 3 dots, 3 WAXPBYs, the SpMV; per level two sweeps of every colour (forward
    // and back) per smoothing, the residual, restriction and prolongation.
    const double launches = 7 + (levels - 1) * (2 * 2 * colours + 3) + 2 * colours;
    const double launch_s = gpu ? launches * mod.accelerator.launch_us * 1e-6 : 0;

    r.parts = {{"dot products", per_iteration(w.dot.bytes)},
               {"WAXPBY", per_iteration(w.waxpby.bytes)},
               {"SpMV", per_iteration(w.spmv.bytes)},
               {"multigrid", per_iteration(w.mg.bytes)},
               {"halo exchanges", halo},
               {"all-reduces", allreduce}};
    if (gpu) r.parts.push_back({"kernel launches", launch_s});
    for (const auto& p : r.parts) r.iteration_s += p.seconds;
    r.gflops = w.flops() / iterations / r.iteration_s * double(procs) / 1e9;
    r.power_kw = mod.power.load_w > 0 ? r.nodes * mod.power.load_w / 1e3 : 0;
    return r;
}

}  // namespace exa::twin
