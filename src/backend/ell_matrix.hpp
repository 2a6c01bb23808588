#pragma once
// A general sparse matrix in ELL form: every row has `width` slots, of which the first
// row_nnz[i] are used. Rows stream contiguously (values, then column indices), which is what
// memory-bound kernels want; nothing here assumes a stencil.
#include <cstdint>
#include <span>
#include <vector>

#include "common/huge_vector.hpp"

namespace exa {

using local_int = std::int32_t;  ///< local row/column index (4 bytes: less traffic)

struct EllMatrix {
    local_int nrow = 0;  ///< rows owned here
    local_int ncol = 0;  ///< columns: nrow owned ones, then the halo's external ones
    int width = 0;       ///< slots per row
    std::vector<std::uint8_t> row_nnz;    ///< used slots of each row
    std::vector<std::uint8_t> diag_slot;  ///< slot of the diagonal entry in each row
    huge_vector<double> values;           ///< nrow * width, row i at i * width
    huge_vector<local_int> cols;          ///< nrow * width, local column indices
    /// Rows grouped by colour (no row depends on another of its colour): colour c is rows
    /// [color_start[c], color_start[c+1]). Empty: natural order, no colouring.
    std::vector<local_int> color_start;

    [[nodiscard]] double diagonal(local_int i) const {
        return values[std::size_t(i) * std::size_t(width) + diag_slot[std::size_t(i)]];
    }
    [[nodiscard]] double& diagonal(local_int i) {
        return values[std::size_t(i) * std::size_t(width) + diag_slot[std::size_t(i)]];
    }
    [[nodiscard]] std::int64_t nonzeros() const;
};

/// Orders each row's entries for Gauss-Seidel sweeps in natural order: the diagonal first,
/// then the others by their distance from it, farthest first (the halo's columns farthest of
/// all; at equal distance j > i before j < i). A sweep's row then adds x_{i-1} (the forward
/// sweep's newest value) last and x_{i+1} (the backward sweep's) next to last, so the rest of
/// its sum need not wait for the row before. Only the order within rows changes: the same
/// entries, values and diagonal.
void order_for_sweeps(EllMatrix& a);

/// `a` split at its diagonal, for a Gauss-Seidel step from x = 0 (SparseKernels::
/// symgs_from_zero). `lower` row i: the entries of local columns before i, then the diagonal
/// (last slot); `upper` row i: the diagonal (slot 0), then the entries of local columns after
/// i. The halo's columns are left out: from x = 0 their values are zero. Both keep a's colours.
struct SplitMatrix {
    EllMatrix lower, upper;
    [[nodiscard]] bool empty() const { return lower.nrow == 0; }
    [[nodiscard]] std::int64_t nonzeros() const { return lower.nonzeros() + upper.nonzeros(); }
};
SplitMatrix split_at_diagonal(const EllMatrix& a);

/// Rows `rows` of `a`, stored together in that order (row i of the result is row rows[i] of
/// `a`, with the same column indices): a kernel that reads only those rows streams them.
EllMatrix pick_rows(const EllMatrix& a, std::span<const local_int> rows);

}  // namespace exa
