#pragma once
// Measured energy in the text summary and the JSON records.
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

namespace exa::report {

struct EnergyMeasurement {
    bool measured = false;
    double joules = 0;   ///< over the timed region, every node
    int nodes = 0;
    std::string source;  ///< "RAPL: package-0, dram"
    std::string why;     ///< when not measured
};

/// "Energy: 1.23 kJ over the timed region (RAPL: ...; 1 node): 245 W, 0.40 GFLOP/s per W",
/// or "Energy: not measured: why".
void print_energy(std::FILE* out, const EnergyMeasurement& e, double gflops, double seconds);
/// {"measured", "joules", "average_w", "gflops_per_watt", "source", "nodes"} or {"measured", "why"}.
nlohmann::json energy_json(const EnergyMeasurement& e, double gflops, double seconds);

}  // namespace exa::report
