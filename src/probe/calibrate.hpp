#pragma once
// `exabench calibrate`'s measurements: every rank measures HPL's kernels on one core at the
// same time (so each sees the memory and caches shared as in HPL), then the ranks' figures
// are averaged; ranks 0 and 1 measure MPI between them.
#include <functional>

#include "backend/backend.hpp"
#include "comm/communicator.hpp"
#include "probe/calibration.hpp"

namespace exa::probe {

struct CalibrateOptions {
    bool quick = false;  ///< a smaller grid of shapes (tests)
};

/// Collective over `world`. `progress(fraction)` is called on rank 0.
Calibration measure_calibration(comm::Communicator& world, Backend& be, const CalibrateOptions& opt,
                                const std::function<void(double)>& progress = {});

}  // namespace exa::probe
