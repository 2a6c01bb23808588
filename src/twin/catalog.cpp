#include "twin/catalog.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <thread>

#include "common/error.hpp"
#include "common/text_file.hpp"
#include "probe/host.hpp"
#include "twin/device.hpp"
#include "twin/device_machine.hpp"

namespace exa::twin {
namespace {

/// A line of /proc/cpuinfo's first processor ("flags", "cpu MHz"), or "".
std::string cpuinfo(const std::string& key) {
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(key, 0) != 0) continue;
        const auto colon = line.find(':');
        if (colon != std::string::npos) return line.substr(colon + 1);
    }
    return {};
}

double max_clock_ghz() {
    std::ifstream f("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq");
    double khz = 0;
    if (f >> khz && khz > 0) return khz / 1e6;
    const double mhz = std::atof(cpuinfo("cpu MHz").c_str());
    return mhz > 0 ? mhz / 1e3 : 2.0;
}

double flops_per_cycle() {
    const std::string flags = " " + cpuinfo("flags") + " ";
    auto has = [&](const char* f) { return flags.find(std::string(" ") + f + " ") != std::string::npos; };
    if (has("avx512f")) return 32;
    if (has("avx2") && has("fma")) return 16;
    if (has("avx")) return 8;
    if (has("asimd")) return 8;  // Arm NEON: 2 x 128-bit FMA
    return 4;
}

}  // namespace

std::vector<Machine> builtin_machines() {
    std::vector<Machine> out;
    for (const auto& f : builtin_machine_files()) out.push_back(parse_machine(f.text, std::string(f.file)));
    return out;
}

Machine describe_this_machine(const probe::Calibration* cal) {
    const auto info = probe::MachineInfo::detect();
    Machine m;
    m.name = "this";
    m.description = fmt::format("this machine ({}, {})", info.hostname, info.cpu_model);
    m.source = cal ? fmt::format("detected; kernels calibrated {} on {}", cal->date, cal->host)
                   : "detected; not calibrated (run exabench calibrate)";
    Module mod;
    mod.name = "node";
    mod.nodes = 1;
    auto& c = mod.cpu;
    c.model = info.cpu_model;
    c.cores = std::max(1, int(std::thread::hardware_concurrency()));
    c.clock_ghz = max_clock_ghz();
    c.fp64_flops_per_cycle = flops_per_cycle();
    c.memory_gb = info.memory_gib * double(1ULL << 30) / 1e9;
    c.memory_bandwidth_gbs = cal ? cal->triad_gbs * c.cores : 10.0 * c.cores;
    if (cal) {
        // The best measured one-core DGEMM rate over the core's peak.
        c.gemm_efficiency = std::min(1.0, cal->best_dgemm_gflops() / (c.clock_ghz * c.fp64_flops_per_cycle));
        mod.variability.temporal = cal->temporal_cv;
    }
    m.modules.push_back(mod);
    m.network.topology = Topology::single_node;
    m.network.intra_node_latency_us = cal && cal->mpi_latency_us > 0 ? cal->mpi_latency_us : 1.0;
    m.network.intra_node_gbs = cal && cal->mpi_bandwidth_gbs > 0 ? cal->mpi_bandwidth_gbs : c.memory_bandwidth_gbs / 2;
    return m;
}

std::string catalog_name_of_gpu(const std::string& cuda_name) {
    auto has = [&](const char* s) { return cuda_name.find(s) != std::string::npos; };
    if (has("GH200")) return "gh200";
    if (has("H200")) return "h200";
    if (has("H100")) return has("PCIe") ? "h100-pcie" : "h100-sxm";
    if (has("B200")) return "b200";
    if (has("A100")) return has("40GB") ? "a100-40gb" : "a100-80gb";
    return {};
}

Machine describe_this_machine_with_gpus(const probe::Calibration* cal, const std::string& device, int gpus) {
    Machine m = describe_this_machine(cal);
    Module& mod = m.modules.front();
    const Device d = find_device(device);
    mod.accelerator = accelerator_from_device(d, gpus, false);
    mod.matrix_memory = MatrixMemory::gpu;
    append(mod.assumptions, device_notes(d, "this machine's GPUs"));
    mod.assumptions.push_back("the GPUs' figures from the device catalog (exabench calibrate measures the CPU only)");
    m.description += fmt::format(", {} x {}", gpus, d.model);
    return m;
}

Machine find_machine(const std::string& what, const probe::Calibration* cal) {
    if (what == "this") return describe_this_machine(cal);
    const bool is_path = what.find('/') != std::string::npos ||
                         (what.size() > 5 && what.compare(what.size() - 5, 5, ".toml") == 0);
    if (is_path) {
        const auto text = read_text_file(what);
        if (!text) throw InputError(fmt::format("{}: cannot open the machine file", what));
        return parse_machine(*text, what);
    }
    std::vector<std::string> names{"this"};
    for (const auto& f : builtin_machine_files()) {
        Machine m = parse_machine(f.text, std::string(f.file));
        if (m.name == what) return m;
        names.push_back(m.name);
    }
    throw InputError(fmt::format("MACHINE: no machine \"{}\" in the catalog (known: {}; or give a .toml file)",
                                 what, fmt::join(names, ", ")));
}

}  // namespace exa::twin
