#pragma once
// HPCG's "optimize problem" step for threads: rows reordered by colour so that a threaded
// Gauss-Seidel runs one colour at a time (rows of a colour share no entry) and each colour
// streams contiguously. The colouring is greedy over the matrix graph: nothing about the
// stencil is assumed. Reordering is within HPCG's rules; the extra CG iterations it may
// cost are charged by the benchmark.
#include <vector>

#include "hpcg/problem.hpp"

namespace exa::hpcg {

/// Greedy colouring of A's local rows in natural order (columns >= nrow, the halo, are not
/// rows of this rank and do not count). Colour of each row, 0-based.
std::vector<int> greedy_colors(const EllMatrix& a);

/// Reorders every level of `pb` by colour, with b, x, xexact and the inter-level maps;
/// returns the number of colours of each level.
std::vector<int> reorder_by_color(Problem& pb);

}  // namespace exa::hpcg
