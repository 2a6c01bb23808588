#pragma once
// One HPCG 3.1 run, in the order of HPCG's driver: set-up, the reference CG that sets the
// target, the optimization step, validation, the optimized CG that must reach the target,
// then the timed sets and their rating.
#include <array>
#include <functional>
#include <string>
#include <vector>

#include "backend/backend.hpp"
#include "comm/communicator.hpp"
#include "common/timed_region.hpp"
#include "hpcg/geometry.hpp"
#include "hpcg/validation.hpp"
#include "hpcg/work.hpp"

namespace exa::hpcg {

inline constexpr double official_seconds = 1800;  ///< HPCG's minimum for an official result
inline constexpr int reference_iterations = 50;   ///< one CG set of the reference

struct Params {
    int nx = 104, ny = 104, nz = 104;  ///< local box of every rank
    double run_seconds = official_seconds;
    std::array<int, 3> grid{0, 0, 0};  ///< npx, npy, npz; zeros: HPCG's choice
    bool reference_kernels = false;    ///< time the reference kernels instead of the optimized
};

/// Checks a local box as HPCG does (each a multiple of 8 and at least 16, aspect ratio at
/// least 1/8); returns what is wrong, or an empty string.
std::string check_dimensions(int nx, int ny, int nz);

struct LevelInfo {
    global_int rows = 0, nonzeros = 0;
    int nx = 0, ny = 0, nz = 0, colors = 0;  ///< local box; colours (0: natural order)
};

struct Result {
    Params params;
    Geometry geom;
    std::vector<LevelInfo> levels;
    std::string kernels;                 ///< what the timed sets ran on
    double setup_s = 0, optimize_s = 0, reference_cg_s = 0, validation_s = 0;
    double reference_tolerance = 0;      ///< ||r|| / ||r0|| after 50 reference iterations
    int optimized_iterations = 0;        ///< the optimized CG's iterations to reach it (>= 50 counted)
    double optimized_reduction = 0;
    CgTest cg_test;
    SymmetryTest symmetry;
    std::vector<double> set_residuals;   ///< ||r|| / ||r0|| of each timed set
    double residual_mean = 0, residual_variance = 0;
    int sets = 0;
    KernelTimes times;                   ///< of the timed sets, slowest rank
    Work work;                           ///< HPCG's counts for the timed sets
    double gflops_raw = 0;               ///< counted flops over the timed sets' time
    double gflops_penalized = 0;         ///< with the extra-iteration penalty (50 / iterations)
    double gflops = 0;                   ///< the rating: and set-up and optimization charged
    double gflops_hpcg24 = 0;            ///< HPCG 2.4's rating (optimization time only)
    double bandwidth_gbs = 0;            ///< counted bytes over the timed sets' time
    double solution_error = 0;           ///< max |x - 1| after the last set
    bool valid = false, official = false;
    std::vector<std::string> failures;
};

/// Called at the start of each phase (its label and counted flops) and as it goes (0..1).
struct Observer {
    std::function<void(const std::string& phase, double flops)> phase;
    std::function<void(double fraction)> progress;
    TimedRegion timed;  ///< around the timed sets, the time the rating divides by
};

/// Runs HPCG on every rank of `comm` (collective), the optimized kernels the backend's.
/// Throws only on faults.
Result run(const Params& p, comm::Communicator& comm, const Backend& be, const Observer& observer = {});

}  // namespace exa::hpcg
