#pragma once
// What the run ran on, for result files and summaries.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "probe/placement.hpp"

namespace exa::probe {

struct MachineInfo {
    std::string hostname;
    std::string cpu_model;
    int cores = 0;                 ///< cores this process may run on
    double memory_gib = 0;         ///< physical memory of the node
    double available_gib = 0;      ///< available when the run started
    int ranks = 1;                 ///< processes in the job
    int ranks_per_node = 1;
    int threads_per_rank = 1;
    std::string blas;              ///< the BLAS library actually loaded, in its own words
    std::string blas_kernels;      ///< library, version and the kernel set that runs
    std::string cpu_isa;           ///< the CPU's vector instruction sets
    std::string mpi;
    std::string backend = "cpu";   ///< what ran the kernels (--backend)
    std::string accelerator;       ///< its device, where not the CPU (rank 0's)
    std::vector<RankPlace> placement;  ///< every rank's (on rank 0)

    static MachineInfo detect();
    [[nodiscard]] nlohmann::json to_json() const;
};

/// Bytes of memory available for new allocations on this node (MemAvailable).
std::uint64_t available_memory_bytes();
/// Cores this process may run on (its CPU affinity).
int usable_cores();

}  // namespace exa::probe
