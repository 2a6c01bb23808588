#include "twin/device_machine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "common/error.hpp"

namespace exa::twin {

Cpu cpu_from_device(const Device& d, int sockets) {
    Cpu c;
    c.device = d.name;
    c.sockets = sockets;
    c.cores = d.cores;
    c.clock_ghz = d.clock_ghz;
    c.fp64_flops_per_cycle = d.fp64_flops_per_cycle;
    c.numa_domains = d.numa_domains;
    if (d.kind == DeviceKind::apu) {
        c.model = d.model + " (CPU part)";
        c.memory_gb = 0;  // the one memory is counted once, as the accelerator's
        c.memory_bandwidth_gbs = d.sustained_gbs();
        return c;
    }
    c.model = d.model;
    c.memory_gb = d.memory_gb + d.second_memory_gb;  // HPL's matrix spans both tiers
    if (d.second_memory_gb > 0) c.fast_memory_gb = d.memory_gb;
    c.memory_bandwidth_gbs = d.sustained_gbs();
    c.gemm_efficiency = d.dgemm_efficiency();
    return c;
}

Accelerator accelerator_from_device(const Device& d, int packages, bool per_die) {
    const int dies = per_die ? d.dies : 1;
    const double share = 1.0 / dies;
    Accelerator a;
    a.device = d.name;
    a.model = d.model;
    a.apu = d.kind == DeviceKind::apu;
    a.dies = dies;
    a.count = packages * dies;
    a.fp64_vector_tflops = d.fp64_vector * share;
    a.fp64_matrix_tflops = d.fp64_matrix * share;
    a.clock_ghz = d.clock_ghz;
    a.rpeak_clock_ghz = d.clock_ghz;
    a.rpeak_vector = d.rpeak_vector;
    a.fp32_tflops = d.fp32 * share;
    a.tf32_tflops = d.tf32 * share;
    a.fp16_tflops = d.fp16 * share;
    a.bf16_tflops = d.bf16 * share;
    a.memory_gb = d.memory_gb * share;
    a.memory_bandwidth_gbs = d.sustained_gbs() * share;
    // An APU's CPU and GPU share one memory: no link to cross.
    a.host_link_gbs = a.apu ? a.memory_bandwidth_gbs : d.host_link_gbs * share;
    // A process's neighbours are on other packages as often as on its own: the slower link.
    a.peer_link_gbs = d.peer_link_gbs;
    a.die_link_gbs = d.die_link_gbs;
    a.gemm_efficiency = d.dgemm_efficiency();
    a.gemm16_efficiency = d.gemm16_efficiency();
    return a;
}

std::vector<std::string> device_notes(const Device& d, const std::string& prefix, bool dgemm, bool bandwidth) {
    std::vector<std::string> notes;
    if (dgemm) notes.push_back(fmt::format("{}{}: {}", prefix, d.name, d.dgemm_basis()));
    if (bandwidth && !d.stream.known())
        notes.push_back(fmt::format("{}{}: memory bandwidth {:.0f}% of its peak (no STREAM measurement)", prefix,
                                    d.name, 100 * default_stream_efficiency));
    return notes;
}

std::string dies_note(const Device& d, bool per_die) {
    return fmt::format("{}: {} dies per package; a process owns one {}", d.name, d.dies, per_die ? "die" : "package");
}

void append(std::vector<std::string>& to, const std::vector<std::string>& more) {
    to.insert(to.end(), more.begin(), more.end());
}

namespace {

/// Below this a host link is PCIe, not a coherent link like NVLink-C2C (450 GB/s per direction).
constexpr double coherent_link_gbs = 200;

/// Drops the assumptions about device or model `name` ("mi250x: ..." or "CPU mi250x: ...").
void forget(std::vector<std::string>& notes, const std::string& name) {
    if (name.empty()) return;
    std::erase_if(notes, [&](const std::string& n) { return n.starts_with(name + ":") || n.starts_with("CPU " + name + ":"); });
}

/// The catalog's power of one part of a node (its accelerators, or its CPUs): which devices,
/// how many, and their TDPs together; unknown where a device is not from the catalog.
struct PartPower {
    std::string devices;
    std::optional<double> watts;
    bool operator==(const PartPower&) const = default;
};

PartPower accelerator_power(const Module& m) {
    if (!m.has_accelerators()) return {"", 0.0};
    const int packages = std::max(1, m.accelerator.count / m.accelerator.dies);
    const std::string key = fmt::format("{} x {}", packages, m.accelerator.device);
    if (m.accelerator.device.empty()) return {key, std::nullopt};
    return {key, packages * find_device(m.accelerator.device).tdp_w};
}

/// An APU's CPU part, and a CPU inside a superchip's TDP (GH200's Grace), draw nothing more.
PartPower cpu_power(const Module& m) {
    if (m.accelerator.apu) return {"apu", 0.0};
    if (!m.accelerator.device.empty() && find_device(m.accelerator.device).tdp_includes_cpu)
        return {"in " + m.accelerator.device, 0.0};
    const std::string key = fmt::format("{} x {}", m.cpu.sockets, m.cpu.device);
    if (m.cpu.device.empty()) return {key, std::nullopt};
    return {key, m.cpu.sockets * find_device(m.cpu.device).tdp_w};
}

/// A node's power at load after a swap: the machine's figure plus the change in the catalog
/// TDPs of the parts that changed. Unknown (0) when a replaced part is not from the catalog.
void repower(Module& m, const PartPower& accel_before, const PartPower& cpu_before) {
    if (m.power.load_w <= 0) return;
    double delta = 0;
    for (const auto& [before, after] : {std::pair{accel_before, accelerator_power(m)}, {cpu_before, cpu_power(m)}}) {
        if (before == after) continue;
        if (!before.watts || !after.watts) {
            m.power = {};
            m.assumptions.push_back("power unknown: a replaced device has no catalog entry");
            return;
        }
        delta += *after.watts - *before.watts;
    }
    m.power.load_w = std::max(m.power.load_w + delta, 0.0);
}

}  // namespace

void swap_devices(Module& m, const Device* accelerator, const Device* cpu) {
    const PartPower accel_before = accelerator_power(m), cpu_before = cpu_power(m);
    if (accelerator) {
        const Device& d = *accelerator;
        if (d.kind == DeviceKind::cpu) throw InputError(fmt::format("--accelerator: {} is a CPU (use --cpu)", d.name));
        if (!m.has_accelerators())
            throw InputError(fmt::format("--accelerator: module {} has no accelerators to replace", m.name));
        const int packages = std::max(1, m.accelerator.count / m.accelerator.dies);
        const bool had_apu = m.accelerator.apu;
        const Accelerator before = m.accelerator;
        forget(m.assumptions, before.device);
        if (d.name != before.device) forget(m.assumptions, before.model);  // its clock notes
        m.accelerator = accelerator_from_device(d, packages, true);
        m.accelerator.launch_us = before.launch_us;
        if (d.name == before.device) {  // the same chip: keep the machine's clocks
            m.accelerator.rpeak_clock_ghz = before.rpeak_clock_ghz;
            m.accelerator.operating_clock_ghz = before.operating_clock_ghz;
        }
        append(m.assumptions, device_notes(d, ""));
        if (d.dies > 1) m.assumptions.push_back(dies_note(d, true));
        // Spilling the matrix to CPU memory pays only over a coherent link like NVLink-C2C.
        if (m.matrix_memory == MatrixMemory::gpu_cpu && d.host_link_gbs < coherent_link_gbs) {
            m.matrix_memory = MatrixMemory::gpu;
            m.assumptions.push_back("matrix in device memory (--matrix-memory gpu+cpu to spill into the CPU's)");
        }
        if (m.accelerator.apu) {
            forget(m.assumptions, m.cpu.device);
            m.cpu = cpu_from_device(d, packages);
        } else if (had_apu && !cpu) {
            throw InputError(fmt::format("--accelerator: module {} has APUs; a GPU needs a host CPU (give --cpu too)",
                                         m.name));
        }
    }
    if (cpu) {
        const Device& d = *cpu;
        if (d.kind != DeviceKind::cpu)
            throw InputError(fmt::format("--cpu: {} is a {} (use --accelerator)", d.name, device_kind_name(d.kind)));
        if (m.accelerator.apu)
            throw InputError(fmt::format("--cpu: module {} has APUs, whose CPU is part of the package", m.name));
        forget(m.assumptions, m.cpu.device);
        const bool from_apu = !m.cpu.device.empty() && find_device(m.cpu.device).kind == DeviceKind::apu;
        const int sockets = from_apu ? 1 : m.cpu.sockets;
        if (from_apu) m.assumptions.push_back(fmt::format("one {} socket per node", d.name));
        m.cpu = cpu_from_device(d, sockets);
        if (!m.has_accelerators()) append(m.assumptions, device_notes(d, "CPU "));
    }
    repower(m, accel_before, cpu_before);
}

}  // namespace exa::twin
