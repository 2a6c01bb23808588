#include "probe/energy.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace exa::probe {
namespace {

namespace fs = std::filesystem;

bool read_number(const fs::path& file, std::uint64_t& out) {
    std::ifstream in(file);
    return bool(in >> out);
}

std::string read_line(const fs::path& file) {
    std::ifstream in(file);
    std::string s;
    std::getline(in, s);
    return s;
}

/// intel-rapl:0 is a package zone; intel-rapl:0:1 one of its subzones.
bool is_package_zone(const std::string& dir) {
    return dir.starts_with("intel-rapl:") && dir.find(':', 11) == std::string::npos;
}

}  // namespace

EnergyCounters EnergyCounters::find(const std::string& root) {
    std::string base = root;
    if (base.empty()) {
        const char* env = std::getenv("EXA_POWERCAP_ROOT");
        base = env && *env ? env : "/sys/class/powercap";
    }
    EnergyCounters c;
    std::error_code ec;
    std::vector<fs::path> zones;
    for (const auto& e : fs::directory_iterator(base, ec)) zones.push_back(e.path());
    std::sort(zones.begin(), zones.end());
    for (const auto& zone : zones) {
        const std::string dir = zone.filename().string();
        if (!is_package_zone(dir)) continue;
        const std::string name = read_line(zone / "name");
        if (name.starts_with("psys")) continue;
        std::vector<fs::path> counted{zone};
        std::vector<fs::path> subzones;
        for (const auto& e : fs::directory_iterator(zone, ec))
            if (e.path().filename().string().starts_with(dir + ":")) subzones.push_back(e.path());
        std::sort(subzones.begin(), subzones.end());
        for (const auto& sub : subzones)
            if (read_line(sub / "name") == "dram") counted.push_back(sub);
        for (const auto& z : counted) {
            Zone entry{read_line(z / "name"), (z / "energy_uj").string(), 0, 0};
            if (!read_number(z / "max_energy_range_uj", entry.range_uj)) continue;
            if (!read_number(entry.energy_file, entry.last)) continue;  // root only, often
            c.zones_.push_back(std::move(entry));
        }
    }
    return c;
}

std::string EnergyCounters::describe() const {
    std::string s;
    for (const auto& z : zones_) s += (s.empty() ? "" : ", ") + z.name;
    return s;
}

std::vector<std::uint64_t> EnergyCounters::read() {
    std::vector<std::uint64_t> out;
    out.reserve(zones_.size());
    for (auto& z : zones_) {
        std::uint64_t v = 0;
        if (read_number(z.energy_file, v)) z.last = v;
        out.push_back(z.last);
    }
    return out;
}

double EnergyCounters::joules(const std::vector<std::uint64_t>& from, const std::vector<std::uint64_t>& to) const {
    double uj = 0;
    for (std::size_t i = 0; i < zones_.size() && i < from.size() && i < to.size(); ++i) {
        const std::uint64_t range = zones_[i].range_uj;
        if (to[i] >= from[i]) uj += double(to[i] - from[i]);
        else if (range >= from[i]) uj += double(range - from[i] + to[i] + 1);  // wrapped once
    }
    return uj * 1e-6;
}

EnergyMeter::EnergyMeter(EnergyCounters counters, double interval_s)
    : counters_(std::move(counters)), interval_s_(interval_s) {}

EnergyMeter::~EnergyMeter() {
    if (running_) stop();
}

void EnergyMeter::sample() {
    auto now = counters_.read();
    joules_ += counters_.joules(previous_, now);
    previous_ = std::move(now);
}

void EnergyMeter::start() {
    if (!available() || running_) return;
    std::unique_lock lock(mutex_);
    joules_ = 0;
    previous_ = counters_.read();
    running_ = true;
    sampler_ = std::thread([this] {
        std::unique_lock lock(mutex_);
        while (running_) {
            wake_.wait_for(lock, std::chrono::duration<double>(interval_s_), [this] { return !running_; });
            sample();
        }
    });
}

void EnergyMeter::stop() {
    if (!running_) return;
    {
        std::unique_lock lock(mutex_);
        running_ = false;
    }
    wake_.notify_all();
    sampler_.join();  // its last sample reads the counters at the end of the window
}

}  // namespace exa::probe
