#pragma once
// The energy this node's CPU packages and their memory used, from Linux's powercap counters
// (RAPL, on Intel and AMD): /sys/class/powercap/intel-rapl:N (package N) and its "dram"
// subzone. Core and uncore subzones are inside their package and not added again; the
// platform ("psys") zone overlaps the rest and is left out. The counters are often readable
// by root only, and virtual machines rarely have them: then nothing is measured.
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace exa::probe {

class EnergyCounters {
public:
    /// The readable package and DRAM counters under `root` (empty: EXA_POWERCAP_ROOT if set,
    /// else /sys/class/powercap).
    static EnergyCounters find(const std::string& root = "");

    bool empty() const { return zones_.empty(); }
    /// "package-0, package-1, dram" (the zones' own names).
    std::string describe() const;
    /// Each counter in microjoules; a counter that stopped being readable reads as its last.
    std::vector<std::uint64_t> read();
    /// Joules from `from` to `to`, summed over the counters, each counter's wrap-around (at
    /// its max_energy_range_uj) undone once: read more often than a counter wraps.
    double joules(const std::vector<std::uint64_t>& from, const std::vector<std::uint64_t>& to) const;

private:
    struct Zone {
        std::string name, energy_file;
        std::uint64_t range_uj = 0;
        std::uint64_t last = 0;
    };
    std::vector<Zone> zones_;
};

/// Energy over a window, read by a thread every `interval_s` so that no counter wraps twice
/// between two readings (a package at 300 W wraps its 32-bit-joule range in about 15 minutes).
class EnergyMeter {
public:
    explicit EnergyMeter(EnergyCounters counters, double interval_s = 5);
    ~EnergyMeter();
    EnergyMeter(const EnergyMeter&) = delete;
    EnergyMeter& operator=(const EnergyMeter&) = delete;

    bool available() const { return !counters_.empty(); }
    std::string describe() const { return counters_.describe(); }
    void start();
    /// Ends the window; joules() then holds its energy.
    void stop();
    /// Joules of the window last started.
    double joules() const { return joules_; }

private:
    void sample();  // under mutex_
    EnergyCounters counters_;
    double interval_s_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool running_ = false;
    std::vector<std::uint64_t> previous_;
    double joules_ = 0;
    std::thread sampler_;
};

}  // namespace exa::probe
