#include "report/top500.hpp"

#include <fmt/format.h>

namespace exa::report {

std::string top500_place(double gflops) {
    // The last carried row above the rate and the first below it: the rank lies between.
    int above = 0, below = 0;
    for (const auto& [rank, sys] : top500_2025_11) {
        if (sys.rmax_gflops > gflops) above = rank;
        else if (below == 0) below = rank;
    }
    if (below == 0) return fmt::format("below #{}", above);
    if (below == above + 1) return fmt::format("#{}", below);
    if (below == above + 2) return fmt::format("#{} or #{}", above + 1, below);
    return fmt::format("#{} to #{}", above + 1, below);
}

std::string top500_rows_carried() {
    std::string s;
    int run_start = 0, previous = 0;
    auto close_run = [&] {
        if (run_start == 0) return;
        if (!s.empty()) s += ", ";
        s += previous > run_start ? fmt::format("{}-{}", run_start, previous) : fmt::format("{}", run_start);
    };
    for (const auto& [rank, sys] : top500_2025_11) {
        if (run_start == 0 || rank != previous + 1) {
            close_run();
            run_start = rank;
        }
        previous = rank;
    }
    close_run();
    const auto last = s.rfind(", ");
    if (last != std::string::npos) s.replace(last, 2, " and ");
    return "ranks " + s;
}

}  // namespace exa::report
