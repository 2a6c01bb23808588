#include "twin/machine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <utility>

#include "common/error.hpp"
#include "common/toml_reader.hpp"
#include "twin/device.hpp"
#include "twin/device_machine.hpp"

namespace exa::twin {
namespace {

using Sign = TomlReader::Sign;

using Notes = std::vector<std::string>;

/// The catalog device a table names with `device = "..."`, of one of `kinds`.
Device catalog_device(const TomlReader& r, std::initializer_list<DeviceKind> kinds) {
    const auto name = r.text("device");
    Device d;
    try {
        d = find_device(name);
    } catch (const InputError& e) {
        r.fail("device", e.what());
    }
    if (std::find(kinds.begin(), kinds.end(), d.kind) == kinds.end())
        r.fail("device", fmt::format("\"{}\" is a {}, not what this table describes", name, device_kind_name(d.kind)));
    return d;
}

/// Sets `field` from the table's `key`; without a device to default from, the key is required.
struct Reader {
    const TomlReader& r;
    bool has_device;
    void number(std::string_view key, double& field) const {
        if (r.has(key) || !has_device) field = r.number(key);
    }
    void optional(std::string_view key, double& field) const {
        if (r.has(key)) field = r.number(key, TomlReader::Sign::non_negative);
    }
    void integer(std::string_view key, int& field) const {
        if (r.has(key) || !has_device) field = r.integer(key);
    }
    void text(std::string_view key, std::string& field) const {
        if (r.has(key) || !has_device) field = r.text(key);
    }
};

/// Refuses a figure far outside what any hardware has: most often a unit mistaken.
void check_range(const TomlReader& r, std::string_view key, double v, double lo, double hi, std::string_view unit) {
    if (r.has(key) && (v < lo || v > hi))
        r.fail(key, fmt::format("{} is outside what any hardware has ({} to {}): the unit is {}", v, lo, hi, unit));
}

/// `runs_hpl`: false on a node whose accelerators run HPL (the CPU's rates then matter little).
Cpu read_cpu(const TomlReader& r, Notes& notes, bool runs_hpl) {
    r.only({"device", "model", "sockets", "cores", "clock_ghz", "fp64_flops_per_cycle", "memory_gb",
            "memory_bandwidth_gbs", "numa_domains", "gemm_efficiency"});
    std::optional<Device> dev;
    if (r.has("device")) dev = catalog_device(r, {DeviceKind::cpu});
    const int sockets = r.integer_or("sockets", 1, 1);
    if (sockets > 64) r.fail("sockets", "at most 64 per node");
    Cpu c = dev ? cpu_from_device(*dev, sockets) : Cpu{};
    c.sockets = sockets;
    const Reader f{r, bool(dev)};
    f.text("model", c.model);
    f.integer("cores", c.cores);
    if (c.cores > 100000) r.fail("cores", "at most 100,000 per socket");
    f.number("clock_ghz", c.clock_ghz);
    f.number("fp64_flops_per_cycle", c.fp64_flops_per_cycle);
    f.number("memory_gb", c.memory_gb);
    f.number("memory_bandwidth_gbs", c.memory_bandwidth_gbs);
    if (r.has("numa_domains")) c.numa_domains = r.integer("numa_domains");
    check_range(r, "clock_ghz", c.clock_ghz, 0.1, 10, "GHz");
    check_range(r, "memory_bandwidth_gbs", c.memory_bandwidth_gbs, 1, 1e5, "GB/s per socket");
    if (r.has("gemm_efficiency")) {
        c.gemm_efficiency = r.number("gemm_efficiency");
        if (c.gemm_efficiency > 1) r.fail("gemm_efficiency", "must be at most 1");
    } else if (runs_hpl && !dev) {
        notes.push_back(
            fmt::format("CPU {}: gemm_efficiency not given: DGEMM at {:.0f}% of peak", c.model, 100 * c.gemm_efficiency));
    }
    if (runs_hpl && dev)
        append(notes, device_notes(*dev, "CPU ", !r.has("gemm_efficiency"), !r.has("memory_bandwidth_gbs")));
    return c;
}

Accelerator read_accelerator(const TomlReader& r, Notes& notes) {
    r.only({"device", "model", "count", "rank_owns", "fp64_vector_tflops", "fp64_matrix_tflops", "clock_ghz",
            "rpeak_clock_ghz", "operating_clock_ghz", "rpeak", "fp32_tflops", "tf32_tflops", "fp16_tflops",
            "bf16_tflops", "memory_gb", "memory_bandwidth_gbs", "host_link_gbs", "peer_link_gbs",
            "die_link_gbs", "gemm_efficiency", "launch_us"});
    std::optional<Device> dev;
    if (r.has("device")) dev = catalog_device(r, {DeviceKind::gpu, DeviceKind::apu});
    const int packages = r.integer("count");
    if (packages > 4096) r.fail("count", "at most 4,096 per node");
    bool per_die = true;
    if (r.has("rank_owns")) {
        if (!dev || dev->dies == 1) r.fail("rank_owns", "only for a catalog device of several dies");
        per_die = r.choice("rank_owns", {"die", "package"}) == "die";
    }
    Accelerator a = dev ? accelerator_from_device(*dev, packages, per_die) : Accelerator{};
    if (!dev) a.count = packages;
    const Reader f{r, bool(dev)};
    f.text("model", a.model);
    f.number("fp64_vector_tflops", a.fp64_vector_tflops);
    f.optional("fp64_matrix_tflops", a.fp64_matrix_tflops);
    // A catalog device's rates hold at its clock: a slower one is the clock the kernels run at.
    if (dev && r.has("clock_ghz"))
        r.fail("clock_ghz", fmt::format("{}'s rates hold at its {:.3g} GHz; give operating_clock_ghz instead",
                                        dev->name, dev->clock_ghz));
    f.number("clock_ghz", a.clock_ghz);
    check_range(r, "clock_ghz", a.clock_ghz, 0.1, 10, "GHz");
    a.rpeak_clock_ghz = r.number_or("rpeak_clock_ghz", a.clock_ghz, Sign::positive);
    check_range(r, "rpeak_clock_ghz", a.rpeak_clock_ghz, 0.1, 10, "GHz");
    f.optional("operating_clock_ghz", a.operating_clock_ghz);
    check_range(r, "operating_clock_ghz", a.operating_clock_ghz, 0.1, a.clock_ghz,
                "GHz, at most clock_ghz");
    if (r.has("rpeak")) a.rpeak_vector = r.choice("rpeak", {"fp64_vector", "fp64_matrix"}) == "fp64_vector";
    f.optional("fp32_tflops", a.fp32_tflops);
    f.optional("tf32_tflops", a.tf32_tflops);
    f.optional("fp16_tflops", a.fp16_tflops);
    f.optional("bf16_tflops", a.bf16_tflops);
    f.number("memory_gb", a.memory_gb);
    f.number("memory_bandwidth_gbs", a.memory_bandwidth_gbs);
    check_range(r, "memory_bandwidth_gbs", a.memory_bandwidth_gbs, 10, 1e5, "GB/s");
    if (a.apu) a.host_link_gbs = r.number_or("host_link_gbs", a.host_link_gbs);
    else f.number("host_link_gbs", a.host_link_gbs);
    check_range(r, "host_link_gbs", a.host_link_gbs, 1, 1e5, "GB/s per direction");
    f.optional("peer_link_gbs", a.peer_link_gbs);
    f.optional("die_link_gbs", a.die_link_gbs);
    if (a.count > 1 && a.peer_link_gbs <= 0) r.fail("peer_link_gbs", "missing key (needed with count > 1)");
    check_range(r, "peer_link_gbs", a.peer_link_gbs, 1, 1e4, "GB/s per direction");
    if (r.has("gemm_efficiency")) {
        a.gemm_efficiency = r.number("gemm_efficiency");
        if (a.gemm_efficiency > 1) r.fail("gemm_efficiency", "must be at most 1");
    } else if (!dev) {
        notes.push_back(fmt::format("{}: gemm_efficiency not given: DGEMM at {:.0f}% of the matrix peak", a.model,
                                    100 * a.gemm_efficiency));
    }
    if (dev) append(notes, device_notes(*dev, "", !r.has("gemm_efficiency"), !r.has("memory_bandwidth_gbs")));
    if (dev && dev->dies > 1) notes.push_back(dies_note(*dev, per_die));
    if (a.operating_clock_ghz > 0)
        notes.push_back(fmt::format("{}: kernels at {:.3g} GHz, {:.0f}% of the rates at {:.3g} GHz", a.model,
                                    a.operating_clock_ghz, 100 * a.clock_scale(), a.clock_ghz));
    a.launch_us = r.number_or("launch_us", a.launch_us);
    return a;
}

Module read_module(const TomlReader& r) {
    r.only({"name", "nodes", "matrix_memory", "cpu", "accelerator", "power", "variability"});
    Module m;
    m.name = r.text("name");
    m.nodes = r.integer("nodes");
    if (r.has("accelerator")) m.accelerator = read_accelerator(r.table("accelerator"), m.assumptions);
    if (m.accelerator.apu && r.has("cpu"))
        r.fail("cpu", fmt::format("{} is an APU: its CPU is part of the package (remove this table)",
                                  m.accelerator.device));
    if (!m.accelerator.apu) m.cpu = read_cpu(r.table("cpu"), m.assumptions, !m.has_accelerators());
    else m.cpu = cpu_from_device(find_device(m.accelerator.device), m.accelerator.count / m.accelerator.dies);
    const std::string mem = r.has("matrix_memory")
                                ? r.choice("matrix_memory", {"gpu", "gpu+cpu", "cpu"})
                                : (m.has_accelerators() ? "gpu" : "cpu");
    m.matrix_memory = mem == "gpu" ? MatrixMemory::gpu : mem == "gpu+cpu" ? MatrixMemory::gpu_cpu
                                                                          : MatrixMemory::cpu;
    if (m.matrix_memory != MatrixMemory::cpu && !m.has_accelerators())
        r.fail("matrix_memory", fmt::format("\"{}\" needs an [{}.accelerator] table", mem, m.name));
    if (m.matrix_memory == MatrixMemory::cpu && m.has_accelerators())
        r.fail("matrix_memory", "\"cpu\" on a node with accelerators: HPL runs on them (\"gpu\" or \"gpu+cpu\")");
    if (m.matrix_memory == MatrixMemory::gpu_cpu && m.accelerator.apu)
        r.fail("matrix_memory", "\"gpu+cpu\" with an APU: its CPU and GPU share one memory (\"gpu\")");
    if (r.has("power")) {
        const auto p = r.table("power");
        p.only({"load_w", "idle_w"});
        m.power.load_w = p.number("load_w");
        m.power.idle_w = p.number_or("idle_w", 0);
    }
    if (r.has("variability")) {
        const auto v = r.table("variability");
        v.only({"spatial", "temporal"});
        m.variability.spatial = v.number_or("spatial", 0);
        m.variability.temporal = v.number_or("temporal", 0);
        if (m.variability.spatial >= 0.5) v.fail("spatial", "must be below 0.5 (a relative deviation)");
        if (m.variability.temporal >= 0.5) v.fail("temporal", "must be below 0.5 (a relative deviation)");
    } else if (m.nodes > 1) {
        m.variability = default_variability;
        m.assumptions.push_back(fmt::format("no [{}.variability]: devices spread {:.0f}% from one another and "
                                            "{:.0f}% in time (typical of measured fleets)",
                                            m.name, 100 * m.variability.spatial, 100 * m.variability.temporal));
    }
    return m;
}

Network read_network(const TomlReader& r, std::int64_t nodes) {
    r.only({"topology", "links_per_node", "link_gbs", "latency_us", "intra_node_latency_us", "intra_node_gbs",
            "group_nodes", "global_gbs_per_group", "taper", "global_latency_us", "dimensions",
            "hop_latency_us"});
    Network n;
    const auto topo = r.choice("topology", {"single-node", "fat-tree", "dragonfly", "dragonfly+", "torus"});
    n.topology = topo == "single-node"  ? Topology::single_node
                 : topo == "fat-tree"   ? Topology::fat_tree
                 : topo == "dragonfly"  ? Topology::dragonfly
                 : topo == "dragonfly+" ? Topology::dragonfly_plus
                                        : Topology::torus;
    if (n.topology == Topology::single_node && nodes != 1)
        r.fail("topology", "\"single-node\" with more than one node");
    n.intra_node_latency_us = r.number("intra_node_latency_us");
    check_range(r, "intra_node_latency_us", n.intra_node_latency_us, 0.05, 1000, "microseconds");
    n.intra_node_gbs = r.number_or("intra_node_gbs", 0, Sign::positive);
    if (n.topology == Topology::single_node) return n;
    n.links_per_node = r.integer("links_per_node");
    n.link_gbs = r.number("link_gbs");
    check_range(r, "link_gbs", n.link_gbs, 0.1, 200, "GB/s per direction (a 200 Gbit/s link is 25)");
    n.latency_us = r.number("latency_us");
    check_range(r, "latency_us", n.latency_us, 0.05, 1000, "microseconds");
    const bool grouped = n.topology == Topology::dragonfly || n.topology == Topology::dragonfly_plus;
    n.group_nodes = grouped ? r.integer("group_nodes") : r.integer_or("group_nodes", 0, 1);
    n.global_gbs_per_group = r.number_or("global_gbs_per_group", 0, Sign::positive);
    n.taper = r.number_or("taper", 1, Sign::positive);
    if (n.taper > 1) r.fail("taper", "must be at most 1");
    n.global_latency_us = r.number_or("global_latency_us", 0);
    if (n.topology == Topology::torus) {
        for (double d : r.numbers("dimensions")) {
            if (d != std::floor(d) || d > 1e6) r.fail("dimensions", "whole numbers of nodes along each dimension");
            n.dimensions.push_back(int(d));
        }
        double size = 1;  // a product of many dimensions can pass 2^63
        for (int d : n.dimensions) size *= d;
        if (size < double(nodes))
            r.fail("dimensions", fmt::format("{:.0f} positions for {} nodes", size, nodes));
        n.hop_latency_us = r.number("hop_latency_us");
    } else if (r.has("dimensions") || r.has("hop_latency_us")) {
        r.fail(r.has("dimensions") ? "dimensions" : "hop_latency_us", "only with topology = \"torus\"");
    }
    return n;
}

}  // namespace

double Module::node_rpeak_gflops() const {
    const auto& a = accelerator;
    const double gpu = a.count > 0 ? a.count * a.rpeak_tflops() * 1e3 * (a.rpeak_clock_ghz / a.clock_ghz) : 0;
    return gpu + cpu.fp64_peak_gflops();
}

const Module& Machine::module(std::string_view want) const {
    if (want.empty()) return modules.front();
    for (const auto& m : modules)
        if (m.name == want) return m;
    std::vector<std::string> names;
    for (const auto& m : modules) names.push_back(m.name);
    throw InputError(fmt::format("--module: machine {} has no module \"{}\" (it has: {})", name,
                                 want, fmt::join(names, ", ")));
}

Module& Machine::module(std::string_view want) {
    return const_cast<Module&>(std::as_const(*this).module(want));
}

Machine parse_machine(std::string_view text, const std::string& origin) {
    const toml::table doc = parse_toml(text, origin);
    const TomlReader top(doc, origin);
    top.only({"name", "description", "source", "module", "network", "published"});
    Machine m;
    m.name = top.text("name");
    m.description = top.text_or("description", m.name);
    m.source = top.text_or("source", "");
    std::int64_t nodes = 0;
    for (const auto& r : top.tables("module")) {
        m.modules.push_back(read_module(r));
        nodes += m.modules.back().nodes;
    }
    m.network = read_network(top.table("network"), nodes);
    if (top.has("published")) {
        const auto p = top.table("published");
        p.only({"list", "rmax_pflops", "power_kw", "mxp_pflops", "hpcg_pflops"});
        m.published.list = p.text("list");
        m.published.rmax_gflops = p.number("rmax_pflops") * 1e6;
        m.published.power_kw = p.number_or("power_kw", 0);
        m.published.mxp_gflops = p.number_or("mxp_pflops", 0) * 1e6;
        m.published.hpcg_gflops = p.number_or("hpcg_pflops", 0) * 1e6;
    }
    return m;
}

const char* topology_name(Topology t) {
    switch (t) {
        case Topology::single_node: return "single-node";
        case Topology::fat_tree: return "fat-tree";
        case Topology::dragonfly: return "dragonfly";
        case Topology::dragonfly_plus: return "dragonfly+";
        case Topology::torus: return "torus";
    }
    return "?";
}

const char* matrix_memory_name(MatrixMemory m) {
    switch (m) {
        case MatrixMemory::gpu: return "gpu";
        case MatrixMemory::gpu_cpu: return "gpu+cpu";
        case MatrixMemory::cpu: return "cpu";
    }
    return "?";
}

}  // namespace exa::twin
