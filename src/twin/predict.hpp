#pragma once
// A prediction of one HPL run on a machine: the choices a runner makes (processes per node,
// N to fill memory, NB, grid), the models built from the machine's description (or from
// calibration, for this machine), and the simulation's result.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "hpl/params.hpp"
#include "probe/calibration.hpp"
#include "twin/hpl_sim.hpp"
#include "twin/machine.hpp"

namespace exa::twin {

/// The precision of the LU factorization: HPL's FP64, or HPL-MxP's FP32 matrix with its
/// trailing GEMMs in FP32 or in 16-bit (FP16 and BF16 have the same peaks on every device).
enum class LuPrecision { fp64, fp32, fp16 };

/// The most processes a prediction models (a billion: ten times the largest machine built).
inline constexpr std::int64_t most_processes = 1'000'000'000;

struct PredictOptions {
    std::string module;               ///< empty: the machine's first module
    LuPrecision precision = LuPrecision::fp64;
    hpl::Params params;               ///< BCAST, DEPTH, SWAP, ... (N, NB, P, Q when given)
    bool n_given = false, nb_given = false, grid_given = false;
    int nodes = 0;                    ///< 0: the whole module
    int ranks_per_node = 0;           ///< 0: one per accelerator, else one per socket
    int threads = 0;                  ///< per process; 0: the node's cores over its processes
    double memory_fraction = 0.8;     ///< of the matrix memory that N fills
    std::optional<MatrixMemory> matrix_memory;  ///< else the module's
    const probe::Calibration* calibration = nullptr;   ///< kernels and links measured on this machine
    /// When set (one configuration, N, NB and the grid given), every process's simulated
    /// steps, as `exabench hpl --trace` records the executed ones.
    std::vector<hpl::TraceEvent>* trace = nullptr;
    /// Called after each configuration simulated while tuning: (done, of how many).
    std::function<void(std::size_t, std::size_t)> progress;
};

struct Prediction {
    std::string machine, module;
    int nodes = 0, ranks_per_node = 0, threads = 0;
    MatrixMemory matrix_memory = MatrixMemory::cpu;
    double host_fraction = 0;         ///< of each process's matrix held in CPU memory
    bool calibrated = false;          ///< kernels from calibration rather than specifications
    hpl::Params params;
    SimResult sim;
    LuPrecision precision = LuPrecision::fp64;
    double matvec_s = 0;              ///< one FP64 A x on the grid (HPL-MxP's refinement)
    double rpeak_gflops = 0;          ///< of the nodes used
    double power_kw = 0;              ///< at load, nodes used (0: unknown)
    double gflops_per_watt() const { return power_kw > 0 ? sim.gflops / (power_kw * 1e3) : 0; }
};

/// Predicts one run, choosing what the options leave open (the best of the candidates).
/// Throws InputError for a run that cannot be (a grid larger than the machine, N beyond memory).
Prediction predict_hpl(const Machine& m, const PredictOptions& opt);

/// Every candidate configuration that was simulated, best (fastest rate) first.
std::vector<Prediction> tune_hpl(const Machine& m, const PredictOptions& opt);

/// Predicts exactly the configuration given (N, NB, P, Q all set).
Prediction simulate_configuration(const Machine& m, const PredictOptions& opt);

}  // namespace exa::twin
