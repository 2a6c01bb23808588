#pragma once
// Published TOP500 figures that results are compared with: the entries exabench can name a
// public source for (shared/data/systems.md; the list's announcement for its first four).
#include <array>

namespace exa::report {

struct PublishedSystem {
    const char* name;
    const char* list;        ///< which TOP500 list
    double rmax_gflops;
};

/// JUPITER Booster, Forschungszentrum Jülich: 1,000.0 PFlop/s on the November 2025 TOP500.
inline constexpr PublishedSystem jupiter{"JUPITER", "TOP500, November 2025", 1.0e9};

struct RankedSystem {
    int rank;
    PublishedSystem system;
};

/// The first four of the November 2025 list, as the list's announcement gives them (TOP500
/// and insideHPC, 2025-11-17: El Capitan remeasured at 1.809 EFlop/s, Frontier 1.353, Aurora
/// 1.012, JUPITER Booster 1.000). The other 496 rows are not carried.
inline constexpr std::array<RankedSystem, 4> top500_2025_11_first = {{
    {1, {"El Capitan (LLNL)", "TOP500, November 2025", 1.809e9}},
    {2, {"Frontier (ORNL)", "TOP500, November 2025", 1.353e9}},
    {3, {"Aurora (ANL)", "TOP500, November 2025", 1.012e9}},
    {4, {"JUPITER Booster (JSC)", "TOP500, November 2025", 1.000e9}},
}};

}  // namespace exa::report
