#pragma once
// HPCG predicted: every kernel's bytes (hpcg/work.hpp, the count the benchmark reports
// against) over the memory's sustained bandwidth, level by level of the multigrid, plus the
// halo exchanges before each SpMV and Gauss-Seidel sweep, the all-reduces of the dot
// products and, on accelerators, a launch per kernel (per colour for Gauss-Seidel). One
// interior process, the most loaded, sets the pace.
#include <array>
#include <string>
#include <vector>

#include "twin/machine.hpp"
#include "twin/predict.hpp"

namespace exa::twin {

struct HpcgPart {
    std::string name;   ///< "MG level 0", "halo exchanges", ...
    double seconds = 0; ///< per CG iteration
};

struct HpcgPrediction {
    std::string machine, module;
    int nodes = 0, ranks_per_node = 0;
    std::array<int, 3> grid{};      ///< npx, npy, npz
    int local = 0;                  ///< the local box is local^3
    double memory_gbs = 0;          ///< sustained, per process
    double iteration_s = 0;         ///< one CG iteration
    double gflops = 0;              ///< HPCG's flop count over the time (before its overhead penalty)
    std::vector<HpcgPart> parts;    ///< where an iteration's time goes
    double power_kw = 0;
};

/// CG iterations in one of HPCG's sets (the reference's 50).
inline constexpr int hpcg_set_iterations = 50;

/// Local boxes fill at most this fraction of a process's memory (HPCG asks at least 1/4).
inline constexpr double hpcg_memory_fraction = 0.5;

HpcgPrediction predict_hpcg(const Machine& m, const PredictOptions& o);

}  // namespace exa::twin
