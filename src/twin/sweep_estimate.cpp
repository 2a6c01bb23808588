#include "twin/sweep_estimate.hpp"

#include <algorithm>

#include "common/error.hpp"

namespace exa::twin {

std::vector<double> expected_costs(const std::vector<std::vector<double>>& samples) {
    if (samples.empty()) return {};
    const std::size_t points = samples.front().size();
    for (const auto& sweep : samples)
        if (sweep.size() != points) throw Error("calibration: sweeps of different lengths");
    std::vector<double> median(points), column(samples.size());
    double spell = 0;  // sum over points of mean / median
    for (std::size_t i = 0; i < points; ++i) {
        double sum = 0;
        for (std::size_t s = 0; s < samples.size(); ++s) sum += column[s] = samples[s][i];
        std::sort(column.begin(), column.end());
        const std::size_t h = column.size() / 2;
        median[i] = column.size() % 2 ? column[h] : (column[h - 1] + column[h]) / 2;
        spell += median[i] > 0 ? sum / double(column.size()) / median[i] : 1.0;
    }
    const double factor = points ? spell / double(points) : 1.0;
    for (double& m : median) m *= factor;
    return median;
}

}  // namespace exa::twin
