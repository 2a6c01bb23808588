#include "report/energy_report.hpp"

#include <fmt/format.h>

namespace exa::report {

void print_energy(std::FILE* out, const EnergyMeasurement& e, double gflops, double seconds) {
    if (!e.measured) {
        fmt::print(out, "Energy: not measured: {}\n", e.why);
        return;
    }
    const double watts = seconds > 0 ? e.joules / seconds : 0;
    fmt::print(out, "Energy: {:.4g} kJ over the timed region ({}; {} node{}): {:.4g} W, {:.4g} GFLOP/s per W\n",
               e.joules / 1e3, e.source, e.nodes, e.nodes == 1 ? "" : "s", watts, watts > 0 ? gflops / watts : 0.0);
}

nlohmann::json energy_json(const EnergyMeasurement& e, double gflops, double seconds) {
    if (!e.measured) return {{"measured", false}, {"why", e.why}};
    const double watts = seconds > 0 ? e.joules / seconds : 0;
    return {{"measured", true},
            {"joules", e.joules},
            {"average_w", watts},
            {"gflops_per_watt", watts > 0 ? gflops / watts : 0.0},
            {"source", e.source},
            {"nodes", e.nodes}};
}

}  // namespace exa::report
