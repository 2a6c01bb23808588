#include "cli/energy_window.hpp"

#include <fmt/format.h>

namespace exa::cli {

EnergyWindow::EnergyWindow(comm::Communicator& world) : world_(world) {
    const auto node = world.split_shared_node();
    const bool reader = node->rank() == 0;
    if (reader) meter_ = std::make_unique<probe::EnergyMeter>(probe::EnergyCounters::find());
    std::int64_t counts[2] = {reader ? 1 : 0, reader && meter_->available() ? 1 : 0};
    world.allreduce(counts, 2, comm::ReduceOp::sum);
    nodes_ = int(counts[0]);
    nodes_with_counters_ = int(counts[1]);
    if (world.rank() == 0 && meter_ && meter_->available()) source_ = "RAPL: " + meter_->describe();
    if (meter_ && meter_->available()) region_ = {[this] { meter_->start(); }, [this] { meter_->stop(); }};
}

report::EnergyMeasurement EnergyWindow::measurement(bool took_part) {
    report::EnergyMeasurement m;
    m.nodes = nodes_;
    // The region's end stopped the meter; a meter that is not running reads its last window.
    double joules = took_part && meter_ ? meter_->joules() : 0;
    double sums[2] = {joules, meter_ && took_part ? 1.0 : 0.0};
    world_.allreduce(sums, 2, comm::ReduceOp::sum);
    if (nodes_with_counters_ < nodes_) {
        m.why = nodes_with_counters_ == 0
                    ? "no readable RAPL counters in /sys/class/powercap (most virtual machines have none; "
                      "they are often readable by root only)"
                    : fmt::format("{} of {} nodes have readable RAPL counters", nodes_with_counters_, nodes_);
        return m;
    }
    if (int(sums[1]) < nodes_) {
        m.why = "a node's first rank is outside this test's grid";
        return m;
    }
    m.measured = true;
    m.joules = sums[0];
    m.source = source_;
    return m;
}

}  // namespace exa::cli
