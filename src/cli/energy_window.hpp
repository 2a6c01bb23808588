#pragma once
// The energy of each test's timed region, for hpl, mxp and hpcg: one reader per node (its
// first rank reads the node's RAPL counters) and, on a GPU backend, one per GPU (the first
// of the ranks that share it reads its NVML counter), summed over the job. A part (CPU or
// GPU) counts only when every node or GPU can read its counters; where neither can, the
// result says why not.
#include <memory>
#include <string>

#include "backend/backend.hpp"
#include "comm/communicator.hpp"
#include "common/timed_region.hpp"
#include "probe/energy.hpp"
#include "report/energy_report.hpp"

namespace exa::cli {

class EnergyWindow {
public:
    /// Collective over `world`. `be`: the backend whose devices are measured too (null or a
    /// host backend: none).
    explicit EnergyWindow(comm::Communicator& world, Backend* be = nullptr);
    /// Hooks for the benchmark's timed region (hpl::run_test, mxp::run_test, hpcg's observer).
    const TimedRegion& region() const { return region_; }
    /// Collective over the world, after a test: the energy of its timed region over every
    /// node; `took_part`: this rank was in the test's grid.
    report::EnergyMeasurement measurement(bool took_part);

private:
    void enter();
    void leave();

    comm::Communicator& world_;
    std::unique_ptr<probe::EnergyMeter> meter_;  ///< on each node's first rank
    Backend* device_reader_ = nullptr;           ///< on each GPU's first rank
    double device_start_ = 0, device_joules_ = 0;
    int nodes_ = 0, nodes_with_counters_ = 0, devices_ = 0, devices_with_counters_ = 0;
    std::string source_;                          ///< rank 0's counters
    TimedRegion region_;
};

}  // namespace exa::cli
