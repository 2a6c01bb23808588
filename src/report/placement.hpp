#pragma once
// How a run's ranks are placed, printed once at its start (probe/placement.hpp).
#include <cstdio>
#include <vector>

#include "probe/placement.hpp"

namespace exa::report {

/// "Placement: 2 rank(s) on 1 node(s), 1 thread(s) each", then a line per node (the first
/// few nodes of a large job), then each problem as a warning on stderr.
void print_placement(std::FILE* out, const std::vector<probe::RankPlace>& places);

}  // namespace exa::report
