#pragma once
// One chip as the device catalog (devices/*.toml, compiled in) describes it: its peaks per
// precision, memory, links and power from specifications, and the kernel rates measured on
// it (DGEMM, SGEMM, 16-bit GEMM, STREAM), each with its source. Machine files name devices
// and override any field (docs/twin.md).
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "twin/catalog.hpp"

namespace exa::twin {

enum class DeviceKind { gpu, apu, cpu };

/// A kernel rate measured on the device (whole package): TFLOP/s for GEMMs, GB/s for STREAM.
struct MeasuredRate {
    double rate = 0;       ///< 0: not measured
    double power_w = 0;    ///< the power it ran at, when the source says (0: the device's TDP)
    std::string data;      ///< the data it multiplied ("random"): rates depend on it
    std::string source;
    bool known() const { return rate > 0; }
};

/// Efficiencies of a device class where no measurement exists ("specification only").
/// Typical of vendor BLAS on large shapes and of STREAM against the memory's peak.
inline constexpr double default_gpu_dgemm_efficiency = 0.70;
inline constexpr double default_cpu_dgemm_efficiency = 0.85;
inline constexpr double default_stream_efficiency = 0.80;

struct Device {
    std::string name;                 ///< catalog key: "mi250x"
    std::string model;
    DeviceKind kind = DeviceKind::gpu;
    double clock_ghz = 0;             ///< the clock the peaks assume
    int dies = 1;                     ///< dies a process can own (MI250X: 2 GCDs)
    bool rpeak_vector = false;        ///< Rpeak counts the FP64 vector peak, not the matrix one
    // Peaks of the package, TFLOP/s, dense (0: no such unit).
    double fp64_vector = 0, fp64_matrix = 0, fp32 = 0, tf32 = 0, fp16 = 0, bf16 = 0, fp8 = 0;
    double memory_gb = 0, memory_gbs = 0;              ///< the fast tier
    double second_memory_gb = 0, second_memory_gbs = 0; ///< a slower tier (Xeon Max's DDR5)
    double host_link_gbs = 0;         ///< to the host CPU, per direction
    double peer_link_gbs = 0;         ///< to another package of the node, per direction
    double die_link_gbs = 0;          ///< between the dies of one package, per direction
    double tdp_w = 0;
    bool tdp_includes_cpu = false;  ///< a superchip's TDP that covers its CPU (GH200)
    // CPUs: per socket. APUs: the CPU part.
    int cores = 0;
    double fp64_flops_per_cycle = 0;
    int numa_domains = 1;
    MeasuredRate dgemm, sgemm, gemm16, stream;

    double fp64_gemm_peak() const { return fp64_matrix > 0 ? fp64_matrix : fp64_vector; }
    double fp16_peak() const { return std::max(fp16, bf16); }
    /// Where the DGEMM rate comes from: a DGEMM measurement; an SGEMM on matrix units whose
    /// FP32 and FP64 peaks are one rate (MI300X); the matrix units' 16-bit GEMM efficiency;
    /// or the class default.
    enum class DgemmSource { dgemm, sgemm, gemm16, class_default };
    DgemmSource dgemm_source() const;
    static const char* dgemm_source_name(DgemmSource s);
    /// Large DGEMM as a fraction of fp64_gemm_peak(), and where that figure comes from.
    double dgemm_efficiency() const;
    std::string dgemm_basis() const;
    /// Large 16-bit GEMM as a fraction of its peak: measured, else the GPU class default.
    double gemm16_efficiency() const;
    /// Sustained memory bandwidth (GB/s): STREAM where measured, else the class default.
    double sustained_gbs() const;
    /// No kernel measured: every figure is specification times a class default.
    bool specification_only() const { return !dgemm.known() && !gemm16.known() && !stream.known(); }
};

/// Parses one device entry; errors are one line, "origin:line: key: what is wrong".
Device parse_device(std::string_view toml_text, const std::string& origin);

/// The built-in device files (generated from devices/ at build time).
std::span<const CatalogFile> builtin_device_files();
/// The built-in devices, parsed once.
const std::vector<Device>& builtin_devices();
/// The catalog device `name`; throws InputError naming the known ones.
Device find_device(const std::string& name);

const char* device_kind_name(DeviceKind k);

}  // namespace exa::twin
