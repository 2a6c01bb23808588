#include "probe/sweep_estimate.hpp"

#include <algorithm>
#include <cmath>

#include "common/error.hpp"

namespace exa::probe {

double median(std::vector<double> samples) {
    if (samples.empty()) throw Error("calibration: the median of no samples");
    const auto mid = samples.begin() + std::ptrdiff_t(samples.size() / 2);
    std::nth_element(samples.begin(), mid, samples.end());
    return *mid;
}

double relative_spread(std::vector<double> samples) {
    const double mid = median(samples);
    if (!(mid > 0)) return 0;
    for (double& x : samples) x = std::abs(x - mid);
    return 1.4826 * median(std::move(samples)) / mid;
}

std::vector<double> expected_costs(const std::vector<std::vector<double>>& samples) {
    if (samples.empty()) return {};
    const std::size_t points = samples.front().size();
    for (const auto& sweep : samples)
        if (sweep.size() != points) throw Error("calibration: sweeps of different lengths");
    std::vector<double> mid(points), column(samples.size());
    double spell = 0;  // sum over points of mean / median
    for (std::size_t i = 0; i < points; ++i) {
        double sum = 0;
        for (std::size_t s = 0; s < samples.size(); ++s) sum += column[s] = samples[s][i];
        mid[i] = median(column);
        spell += mid[i] > 0 ? sum / double(column.size()) / mid[i] : 1.0;
    }
    const double factor = points ? spell / double(points) : 1.0;
    for (double& m : mid) m *= factor;
    return mid;
}

}  // namespace exa::probe
