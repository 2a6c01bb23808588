#include "twin/machine.hpp"

#include <fmt/format.h>

#include "common/error.hpp"
#include "common/toml_reader.hpp"

namespace exa::twin {
namespace {

using Sign = TomlReader::Sign;

Cpu read_cpu(const TomlReader& r) {
    r.only({"model", "sockets", "cores", "clock_ghz", "fp64_flops_per_cycle", "memory_gb",
            "memory_bandwidth_gbs", "gemm_efficiency"});
    Cpu c;
    c.model = r.text("model");
    c.sockets = r.integer_or("sockets", 1, 1);
    c.cores = r.integer("cores");
    c.clock_ghz = r.number("clock_ghz");
    c.fp64_flops_per_cycle = r.number("fp64_flops_per_cycle");
    c.memory_gb = r.number("memory_gb");
    c.memory_bandwidth_gbs = r.number("memory_bandwidth_gbs");
    c.gemm_efficiency = r.number_or("gemm_efficiency", c.gemm_efficiency, Sign::positive);
    if (c.gemm_efficiency > 1) r.fail("gemm_efficiency", "must be at most 1");
    return c;
}

Accelerator read_accelerator(const TomlReader& r) {
    r.only({"model", "count", "fp64_vector_tflops", "fp64_matrix_tflops", "clock_ghz",
            "rpeak_clock_ghz", "fp32_tflops", "tf32_tflops", "fp16_tflops", "bf16_tflops",
            "memory_gb", "memory_bandwidth_gbs", "host_link_gbs", "peer_link_gbs",
            "gemm_efficiency", "launch_us"});
    Accelerator a;
    a.model = r.text("model");
    a.count = r.integer("count");
    a.fp64_vector_tflops = r.number("fp64_vector_tflops");
    a.fp64_matrix_tflops = r.number_or("fp64_matrix_tflops", 0);
    a.clock_ghz = r.number("clock_ghz");
    a.rpeak_clock_ghz = r.number_or("rpeak_clock_ghz", a.clock_ghz, Sign::positive);
    a.fp32_tflops = r.number_or("fp32_tflops", 0);
    a.tf32_tflops = r.number_or("tf32_tflops", 0);
    a.fp16_tflops = r.number_or("fp16_tflops", 0);
    a.bf16_tflops = r.number_or("bf16_tflops", 0);
    a.memory_gb = r.number("memory_gb");
    a.memory_bandwidth_gbs = r.number("memory_bandwidth_gbs");
    a.host_link_gbs = r.number("host_link_gbs");
    a.peer_link_gbs = r.number_or("peer_link_gbs", 0);
    if (a.count > 1 && a.peer_link_gbs <= 0) r.fail("peer_link_gbs", "missing key (needed with count > 1)");
    a.gemm_efficiency = r.number_or("gemm_efficiency", a.gemm_efficiency, Sign::positive);
    if (a.gemm_efficiency > 1) r.fail("gemm_efficiency", "must be at most 1");
    a.launch_us = r.number_or("launch_us", a.launch_us);
    return a;
}

Module read_module(const TomlReader& r) {
    r.only({"name", "nodes", "matrix_memory", "cpu", "accelerator", "power", "variability"});
    Module m;
    m.name = r.text("name");
    m.nodes = r.integer("nodes");
    m.cpu = read_cpu(r.table("cpu"));
    if (r.has("accelerator")) m.accelerator = read_accelerator(r.table("accelerator"));
    const std::string mem = r.has("matrix_memory")
                                ? r.choice("matrix_memory", {"gpu", "gpu+cpu", "cpu"})
                                : (m.has_accelerators() ? "gpu" : "cpu");
    m.matrix_memory = mem == "gpu" ? MatrixMemory::gpu : mem == "gpu+cpu" ? MatrixMemory::gpu_cpu
                                                                          : MatrixMemory::cpu;
    if (m.matrix_memory != MatrixMemory::cpu && !m.has_accelerators())
        r.fail("matrix_memory", fmt::format("\"{}\" needs an [{}.accelerator] table", mem, m.name));
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
    }
    return m;
}

Network read_network(const TomlReader& r, bool one_node) {
    r.only({"topology", "links_per_node", "link_gbs", "latency_us", "intra_node_latency_us",
            "intra_node_gbs", "group_nodes", "global_gbs_per_group", "taper", "global_latency_us"});
    Network n;
    const auto topo = r.choice("topology", {"single-node", "fat-tree", "dragonfly+"});
    n.topology = topo == "single-node" ? Topology::single_node
                 : topo == "fat-tree"  ? Topology::fat_tree
                                       : Topology::dragonfly_plus;
    if (n.topology == Topology::single_node && !one_node)
        r.fail("topology", "\"single-node\" with more than one node");
    n.intra_node_latency_us = r.number("intra_node_latency_us");
    n.intra_node_gbs = r.number_or("intra_node_gbs", 0, Sign::positive);
    if (n.topology == Topology::single_node) return n;
    n.links_per_node = r.integer("links_per_node");
    n.link_gbs = r.number("link_gbs");
    n.latency_us = r.number("latency_us");
    n.group_nodes = n.topology == Topology::dragonfly_plus ? r.integer("group_nodes")
                                                            : r.integer_or("group_nodes", 0, 1);
    n.global_gbs_per_group = r.number_or("global_gbs_per_group", 0, Sign::positive);
    n.taper = r.number_or("taper", 1, Sign::positive);
    if (n.taper > 1) r.fail("taper", "must be at most 1");
    n.global_latency_us = r.number_or("global_latency_us", 0);
    return n;
}

}  // namespace

double Module::node_rpeak_gflops() const {
    const auto& a = accelerator;
    const double gpu = a.count > 0 ? a.count * a.fp64_gemm_tflops() * 1e3 * (a.rpeak_clock_ghz / a.clock_ghz) : 0;
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

Machine parse_machine(std::string_view text, const std::string& origin) {
    const toml::table doc = parse_toml(text, origin);
    const TomlReader top(doc, origin);
    top.only({"name", "description", "source", "module", "network", "published"});
    Machine m;
    m.name = top.text("name");
    m.description = top.text_or("description", m.name);
    m.source = top.text_or("source", "");
    int nodes = 0;
    for (const auto& r : top.tables("module")) {
        m.modules.push_back(read_module(r));
        nodes += m.modules.back().nodes;
    }
    m.network = read_network(top.table("network"), nodes == 1);
    if (top.has("published")) {
        const auto p = top.table("published");
        p.only({"list", "rmax_pflops", "power_kw"});
        m.published.list = p.text("list");
        m.published.rmax_gflops = p.number("rmax_pflops") * 1e6;
        m.published.power_kw = p.number_or("power_kw", 0);
    }
    return m;
}

const char* topology_name(Topology t) {
    switch (t) {
        case Topology::single_node: return "single-node";
        case Topology::fat_tree: return "fat-tree";
        case Topology::dragonfly_plus: return "dragonfly+";
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
