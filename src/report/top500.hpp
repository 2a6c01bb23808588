#pragma once
// Published TOP500 figures that results are compared with: the rows of the November 2025
// list that exabench can name a public source for, and where a rate would stand among them.
#include <array>
#include <string>

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

/// The November 2025 list's rows with a public source: ranks 1 to 10 whole, then 12, 60 and
/// 465; the other 487 rows are not carried (no public copy of the whole list was found).
/// Sources: ranks 1-4 from the list's announcement (insideHPC, 2025-11-17: El Capitan
/// remeasured at 1.809 EFlop/s, Frontier 1.353, Aurora 1.012, JUPITER Booster 1.000); 5-10
/// from bebeez.eu (2025-11-19: Eagle 561.2, HPC6 477.9, Fugaku 442.01 PFlop/s) and
/// top500.org/lists/top500/list/2025/11/ as quoted by TU Wien's 057.020 course register
/// (entry S22: Alps about 435, LUMI 379.70, Leonardo 241.20, MUSICA Phase 1 at #60 with
/// 31.84, VSC-4 at #465 with 2.73); Alps's 434.9 from CSCS's own figures; Tuolumne at #12
/// (JST Science Japan, 2025-12) with 208.1 (LLNL).
inline constexpr std::array<RankedSystem, 13> top500_2025_11 = {{
    {1, {"El Capitan (LLNL)", "TOP500, November 2025", 1.809e9}},
    {2, {"Frontier (ORNL)", "TOP500, November 2025", 1.353e9}},
    {3, {"Aurora (ANL)", "TOP500, November 2025", 1.012e9}},
    {4, {"JUPITER Booster (JSC)", "TOP500, November 2025", 1.000e9}},
    {5, {"Eagle (Microsoft Azure)", "TOP500, November 2025", 561.20e6}},
    {6, {"HPC6 (Eni)", "TOP500, November 2025", 477.90e6}},
    {7, {"Fugaku (RIKEN R-CCS)", "TOP500, November 2025", 442.01e6}},
    {8, {"Alps (CSCS)", "TOP500, November 2025", 434.90e6}},
    {9, {"LUMI (EuroHPC/CSC)", "TOP500, November 2025", 379.70e6}},
    {10, {"Leonardo (EuroHPC/CINECA)", "TOP500, November 2025", 241.20e6}},
    {12, {"Tuolumne (LLNL)", "TOP500, November 2025", 208.10e6}},
    {60, {"MUSICA Phase 1 (ASC, Austria)", "TOP500, November 2025", 31.84e6}},
    {465, {"VSC-4 (ASC, Austria)", "TOP500, November 2025", 2.73e6}},
}};

/// Where a rate would stand on the November 2025 list, from the rows carried: "#5" where
/// the rows around it are known, "#11 or #12" or "#13 to #60" between known rows, "below
/// #465" past the last.
std::string top500_place(double gflops);

/// "ranks 1-10, 12, 60 and 465": the rows carried, for the page to say which part it has.
std::string top500_rows_carried();

}  // namespace exa::report
