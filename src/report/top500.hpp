#pragma once
// Published TOP500 figures that results are compared with (see shared/data/systems.md).

namespace exa::report {

struct PublishedSystem {
    const char* name;
    const char* list;        ///< which TOP500 list
    double rmax_gflops;
};

/// JUPITER Booster, Forschungszentrum Jülich: 1,000.0 PFlop/s on the November 2025 TOP500.
inline constexpr PublishedSystem jupiter{"JUPITER", "TOP500, November 2025", 1.0e9};

}  // namespace exa::report
