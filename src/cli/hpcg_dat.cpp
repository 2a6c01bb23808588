#include "cli/hpcg_dat.hpp"

#include <fmt/format.h>

#include <cmath>
#include <sstream>
#include <vector>

#include "common/error.hpp"

namespace exa::cli {

HpcgDat parse_hpcg_dat(const std::string& text, const std::string& path) {
    std::istringstream in(text);
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    const auto values = [&](int line, const char* field, int count, bool optional) {
        std::vector<double> v;
        if (int(lines.size()) < line) {
            if (optional) return v;
            throw InputError(fmt::format("{}:{}: {}: missing line (the file has {} lines)", path, line, field,
                                         lines.size()));
        }
        std::istringstream words(lines[std::size_t(line - 1)]);
        for (int i = 0; i < count; ++i) {
            double x = 0;
            if (!(words >> x)) {
                if (optional && i == 0) return v;
                throw InputError(fmt::format("{}:{}: {}: expected {} numbers, read '{}'", path, line, field, count,
                                             lines[std::size_t(line - 1)]));
            }
            v.push_back(x);
        }
        return v;
    };
    // A count of grid points or processes: a whole number a run could use.
    const auto count = [&](double x, int line, const char* field) {
        if (!(x >= 0 && x <= 1e6) || x != std::floor(x))
            throw InputError(fmt::format("{}:{}: {}: {} is not a whole number from 0 to 1000000", path, line, field, x));
        return int(x);
    };
    HpcgDat d;
    const auto dims = values(3, "nx ny nz", 3, false);
    d.nx = count(dims[0], 3, "nx");
    d.ny = count(dims[1], 3, "ny");
    d.nz = count(dims[2], 3, "nz");
    const auto rt = values(4, "run time", 1, false);
    if (!std::isfinite(rt[0])) throw InputError(fmt::format("{}:4: run time: {} is not a number of seconds", path, rt[0]));
    d.rt = rt[0];
    const auto grid = values(5, "npx npy npz", 3, true);
    if (grid.size() == 3) {
        d.npx = count(grid[0], 5, "npx");
        d.npy = count(grid[1], 5, "npy");
        d.npz = count(grid[2], 5, "npz");
    }
    return d;
}

}  // namespace exa::cli
