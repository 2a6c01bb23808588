#pragma once
// A machine as the twin sees it: modules of identical nodes (CPUs, accelerators, links,
// power) joined by one network. Read from TOML (docs/twin.md describes every key); the
// built-in catalog is the same TOML, compiled in.
#include <string>
#include <string_view>
#include <vector>

namespace exa::twin {

/// The CPUs of one node (all sockets alike).
struct Cpu {
    std::string model;
    std::string device;               ///< the catalog entry it came from ("" when written out)
    int sockets = 1;
    int cores = 1;                    ///< per socket
    double clock_ghz = 0;
    double fp64_flops_per_cycle = 0;  ///< per core
    double memory_gb = 0;             ///< per socket
    double fast_memory_gb = 0;        ///< per socket, of a fast tier when there are two (Xeon Max's HBM)
    double memory_bandwidth_gbs = 0;  ///< per socket, sustained
    int numa_domains = 1;             ///< per socket
    double gemm_efficiency = 0.9;     ///< large DGEMM, fraction of peak
    int node_cores() const { return sockets * cores; }
    double fp64_peak_gflops() const { return node_cores() * clock_ghz * fp64_flops_per_cycle; }
};

/// The accelerators of one node (count 0: none).
struct Accelerator {
    std::string model;
    std::string device;               ///< the catalog entry it came from ("" when written out)
    int count = 0;                    ///< devices a process can own: dies of multi-die packages
    int dies = 1;                     ///< of each package (count is packages x dies)
    bool apu = false;                 ///< CPU and GPU share one memory
    double fp64_vector_tflops = 0;
    double fp64_matrix_tflops = 0;    ///< tensor cores; HPL's DGEMM runs there when > 0
    double clock_ghz = 0;             ///< the clock the peaks above assume
    double rpeak_clock_ghz = 0;       ///< the clock the operator's Rpeak assumes (default: clock_ghz)
    double operating_clock_ghz = 0;   ///< the clock the kernels run at (default: clock_ghz)
    bool rpeak_vector = false;        ///< Rpeak counts the FP64 vector peak (AMD, Intel GPUs)
    double fp32_tflops = 0, tf32_tflops = 0, fp16_tflops = 0, bf16_tflops = 0;
    double memory_gb = 0;
    double memory_bandwidth_gbs = 0;
    double host_link_gbs = 0;         ///< CPU-GPU, per direction
    double peer_link_gbs = 0;         ///< GPU-GPU inside the node, per direction per pair
    double die_link_gbs = 0;          ///< between the dies of one package, per direction
    double gemm_efficiency = 0.8;     ///< large GEMM, fraction of the matrix peak (measured)
    double gemm16_efficiency = 0;     ///< large 16-bit GEMM, fraction of its peak (0: gemm_efficiency)
    double launch_us = 5;             ///< one dependent kernel step (launch + synchronisation)
    double fp64_gemm_tflops() const {
        return fp64_matrix_tflops > 0 ? fp64_matrix_tflops : fp64_vector_tflops;
    }
    double rpeak_tflops() const { return rpeak_vector ? fp64_vector_tflops : fp64_gemm_tflops(); }
    /// Kernel rates scale with the clock they run at.
    double clock_scale() const { return operating_clock_ghz > 0 ? operating_clock_ghz / clock_ghz : 1.0; }
};

struct Power {
    double load_w = 0;  ///< per node under HPL (0: unknown)
    double idle_w = 0;
};

/// Relative standard deviations of a device's speed: from device to device (spatial) and
/// from one moment to the next (temporal).
struct Variability {
    double spatial = 0;
    double temporal = 0;
};
/// Taken where a machine file of several nodes has no [variability]: devices under a power
/// cap spread a few percent from one another (published fleet studies).
inline constexpr Variability default_variability{0.02, 0.01};

/// Where HPL's matrix lives: device memory only, device plus host memory (Grace-Hopper's
/// coherent link), or host memory on a CPU-only node.
enum class MatrixMemory { gpu, gpu_cpu, cpu };

struct Module {
    std::string name;
    int nodes = 1;
    MatrixMemory matrix_memory = MatrixMemory::cpu;
    Cpu cpu;
    Accelerator accelerator;
    Power power;
    Variability variability;
    /// What the prediction rests on beyond the file's own figures: the catalog's measurements
    /// and the defaults taken where the file is silent. Printed with every prediction.
    std::vector<std::string> assumptions;
    bool has_accelerators() const { return accelerator.count > 0; }
    /// Rpeak of one node (GFLOP/s): accelerators at the Rpeak clock plus the CPUs.
    double node_rpeak_gflops() const;
};

enum class Topology { single_node, fat_tree, dragonfly, dragonfly_plus, torus };

struct Network {
    Topology topology = Topology::fat_tree;
    int links_per_node = 1;
    double link_gbs = 0;              ///< per link, per direction
    double latency_us = 0;            ///< MPI latency between nodes
    double intra_node_latency_us = 0; ///< between processes of one node
    double intra_node_gbs = 0;        ///< between processes of one node without accelerators
    int group_nodes = 0;              ///< dragonfly+: nodes per group; fat tree: per leaf switch
    double global_gbs_per_group = 0;  ///< dragonfly+: bandwidth out of a group (0: no taper)
    double taper = 1;                 ///< fat tree: bandwidth fraction between leaf switches
    double global_latency_us = 0;     ///< extra latency between groups (or leaf switches)
    std::vector<int> dimensions;      ///< torus / mesh: nodes along each dimension
    double hop_latency_us = 0;        ///< torus / mesh: latency added by each hop
};

/// A published HPL result of this machine, printed beside the prediction (never an input).
struct Published {
    double rmax_gflops = 0;  ///< 0: none
    double power_kw = 0;
    double mxp_gflops = 0;   ///< HPL-MxP (0: none)
    double hpcg_gflops = 0;  ///< HPCG (0: none)
    std::string list;        ///< "TOP500 November 2025"
};

struct Machine {
    std::string name;
    std::string description;
    std::string source;               ///< where its facts come from
    std::vector<Module> modules;
    Network network;
    Published published;

    /// The module called `name`, or the first when `name` is empty; throws InputError.
    const Module& module(std::string_view name = {}) const;
    Module& module(std::string_view name = {});
};

/// Parses a machine description. `origin` names it in errors ("jupiter.toml"); every error
/// is an InputError of one line: "origin:line: key: what is wrong".
Machine parse_machine(std::string_view toml_text, const std::string& origin);

const char* topology_name(Topology t);
const char* matrix_memory_name(MatrixMemory m);

}  // namespace exa::twin
