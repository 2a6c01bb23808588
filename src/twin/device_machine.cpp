#include "twin/device_machine.hpp"

#include <fmt/format.h>

#include <algorithm>

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

std::vector<std::string> device_notes(const Device& d, const std::string& prefix) {
    std::vector<std::string> notes{fmt::format("{}{}: {}", prefix, d.name, d.dgemm_basis())};
    if (!d.stream.known())
        notes.push_back(fmt::format("{}{}: memory bandwidth {:.0f}% of its peak (no STREAM measurement)", prefix,
                                    d.name, 100 * default_stream_efficiency));
    return notes;
}

void append(std::vector<std::string>& to, const std::vector<std::string>& more) {
    to.insert(to.end(), more.begin(), more.end());
}

namespace {

/// Drops the assumptions about device `name` ("mi250x: ..." or "CPU mi250x: ...").
void forget(std::vector<std::string>& notes, const std::string& name) {
    if (name.empty()) return;
    std::erase_if(notes, [&](const std::string& n) { return n.starts_with(name + ":") || n.starts_with("CPU " + name + ":"); });
}

/// A node's power at load with `count` devices `old` replaced by `count` of `now`: the
/// difference of their TDPs. Unknown (0) when the old device is not from the catalog.
void repower(Module& m, const std::string& old, const Device& now, int count) {
    if (m.power.load_w <= 0) return;
    if (old.empty()) {
        m.power = {};
        m.assumptions.push_back("power unknown: the replaced device has no catalog entry");
        return;
    }
    const Device before = find_device(old);
    m.power.load_w += count * (now.tdp_w - before.tdp_w);
    m.power.load_w = std::max(m.power.load_w, 0.0);
}

}  // namespace

void swap_devices(Module& m, const Device* accelerator, const Device* cpu) {
    if (accelerator) {
        const Device& d = *accelerator;
        if (d.kind == DeviceKind::cpu) throw InputError(fmt::format("--accelerator: {} is a CPU (use --cpu)", d.name));
        if (!m.has_accelerators())
            throw InputError(fmt::format("--accelerator: module {} has no accelerators to replace", m.name));
        const int packages = std::max(1, m.accelerator.count / m.accelerator.dies);
        const bool had_apu = m.accelerator.apu;
        repower(m, m.accelerator.device, d, packages);
        forget(m.assumptions, m.accelerator.device);
        const double launch_us = m.accelerator.launch_us;
        m.accelerator = accelerator_from_device(d, packages, true);
        m.accelerator.launch_us = launch_us;
        append(m.assumptions, device_notes(d, ""));
        if (d.dies > 1)
            m.assumptions.push_back(fmt::format("{}: {} dies per package; a process owns one die", d.name, d.dies));
        // Spilling the matrix to CPU memory pays only over a coherent link like NVLink-C2C.
        if (m.matrix_memory == MatrixMemory::gpu_cpu) {
            m.matrix_memory = MatrixMemory::gpu;
            m.assumptions.push_back("matrix in device memory (--matrix-memory gpu+cpu to spill into the CPU's)");
        }
        if (m.accelerator.apu) {
            forget(m.assumptions, m.cpu.device);
            repower(m, m.cpu.device, d, 0);
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
        const int sockets = m.cpu.device.empty() || find_device(m.cpu.device).kind == DeviceKind::cpu
                                ? m.cpu.sockets
                                : 1;
        repower(m, m.cpu.device, d, sockets);
        m.cpu = cpu_from_device(d, sockets);
        if (!m.has_accelerators()) append(m.assumptions, device_notes(d, "CPU "));
    }
}

}  // namespace exa::twin
