#pragma once
// The energy of each test's timed region, for hpl, mxp and hpcg: one reader per node (its
// first rank reads the node's RAPL counters), summed over the nodes. Measured only when every
// node can read its counters; otherwise the result says why not.
#include <memory>
#include <string>

#include "comm/communicator.hpp"
#include "common/timed_region.hpp"
#include "probe/energy.hpp"
#include "report/energy_report.hpp"

namespace exa::cli {

class EnergyWindow {
public:
    /// Collective over `world`.
    explicit EnergyWindow(comm::Communicator& world);
    /// Hooks for the benchmark's timed region (hpl::run_test, mxp::run_test, hpcg's observer).
    const TimedRegion& region() const { return region_; }
    /// Collective over the world, after a test: the energy of its timed region over every
    /// node; `took_part`: this rank was in the test's grid.
    report::EnergyMeasurement measurement(bool took_part);

private:
    comm::Communicator& world_;
    std::unique_ptr<probe::EnergyMeter> meter_;  ///< on each node's first rank
    int nodes_ = 0, nodes_with_counters_ = 0;
    std::string source_;                          ///< rank 0's counters
    TimedRegion region_;
};

}  // namespace exa::cli
