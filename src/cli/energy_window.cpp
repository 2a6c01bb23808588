#include "cli/energy_window.hpp"

#include <fmt/format.h>

#include <vector>

#include "cli/sizing.hpp"

namespace exa::cli {

EnergyWindow::EnergyWindow(comm::Communicator& world, Backend* be) : world_(world) {
    const auto node = world.split_shared_node();
    const bool reader = node->rank() == 0;
    if (reader) meter_ = std::make_unique<probe::EnergyMeter>(probe::EnergyCounters::find());
    bool device_reader = false;
    if (be && be->memory_space() == MemorySpace::device) {
        device_reader = ranks_on_my_device(*node, *be)->rank() == 0;
        if (device_reader && be->device_energy_joules() >= 0) device_reader_ = be;
    }
    std::int64_t counts[4] = {reader ? 1 : 0, reader && meter_->available() ? 1 : 0, device_reader ? 1 : 0,
                              device_reader_ ? 1 : 0};
    world.allreduce(counts, 4, comm::ReduceOp::sum);
    nodes_ = int(counts[0]);
    nodes_with_counters_ = int(counts[1]);
    devices_ = int(counts[2]);
    devices_with_counters_ = int(counts[3]);
    if (world.rank() == 0) {
        std::vector<std::string> parts;
        if (meter_ && meter_->available()) parts.push_back("RAPL: " + meter_->describe());
        if (devices_with_counters_ > 0) parts.push_back(fmt::format("NVML: {} GPU(s)", devices_with_counters_));
        source_ = fmt::format("{}", fmt::join(parts, "; "));
    }
    const bool rapl = meter_ && meter_->available();
    if (rapl || device_reader_) region_ = {[this] { enter(); }, [this] { leave(); }};
}

void EnergyWindow::enter() {
    if (meter_ && meter_->available()) meter_->start();
    if (device_reader_) device_start_ = device_reader_->device_energy_joules();
}

void EnergyWindow::leave() {
    if (meter_ && meter_->available()) meter_->stop();
    if (device_reader_) device_joules_ = device_reader_->device_energy_joules() - device_start_;
}

report::EnergyMeasurement EnergyWindow::measurement(bool took_part) {
    report::EnergyMeasurement m;
    m.nodes = nodes_;
    // The region's end stopped the meters; a meter that is not running reads its last window.
    const bool node_reader = meter_ != nullptr, device_reader = device_reader_ != nullptr;
    double sums[4] = {took_part && node_reader ? meter_->joules() : 0, took_part && node_reader ? 1.0 : 0.0,
                      took_part && device_reader ? device_joules_ : 0, took_part && device_reader ? 1.0 : 0.0};
    world_.allreduce(sums, 4, comm::ReduceOp::sum);
    const bool cpus = nodes_with_counters_ == nodes_ && int(sums[1]) == nodes_;
    const bool gpus = devices_ > 0 && devices_with_counters_ == devices_ && int(sums[3]) == devices_;
    if (!cpus && !gpus) {
        if (nodes_with_counters_ == 0)
            m.why = "no readable RAPL counters in /sys/class/powercap (most virtual machines have none; "
                    "they are often readable by root only)";
        else if (nodes_with_counters_ < nodes_)
            m.why = fmt::format("{} of {} nodes have readable RAPL counters", nodes_with_counters_, nodes_);
        else
            m.why = "a node's first rank is outside this test's grid";
        if (devices_ > 0)
            m.why += devices_with_counters_ < devices_
                         ? fmt::format("; {} of {} GPUs have an NVML energy counter", devices_with_counters_, devices_)
                         : "; a GPU's first rank is outside this test's grid";
        return m;
    }
    m.measured = true;
    m.joules = (cpus ? sums[0] : 0) + (gpus ? sums[2] : 0);
    m.source = source_;
    if (!cpus) m.source += " (the CPUs not measured)";
    if (devices_ > 0 && !gpus) m.source += " (the GPUs not measured)";
    return m;
}

}  // namespace exa::cli
