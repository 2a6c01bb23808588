#pragma once
// Vectors of length N in "row form": each process holds the entries of its local rows of A
// (the block-cyclic row map), replicated along its process row. Reductions therefore run
// down the process columns. These are the refinement's FP64 vectors.
#include <vector>

#include "backend/backend.hpp"
#include "layout/block_cyclic.hpp"
#include "layout/process_grid.hpp"

namespace exa::mxp {

class RowVectors {
public:
    RowVectors(idx n, idx nb, const layout::ProcessGrid& grid)
        : grid_(grid), rows_{n, nb, grid.p(), grid.my_row()}, cols_{n, nb, grid.q(), grid.my_col()} {}

    [[nodiscard]] idx local_size() const noexcept { return rows_.count(); }
    [[nodiscard]] const layout::BlockCyclic1D& rows() const noexcept { return rows_; }

    [[nodiscard]] double dot(const double* x, const double* y) const;
    [[nodiscard]] double norm2(const double* x) const;
    [[nodiscard]] double norm_inf(const double* x) const;
    /// Several dot products <v[i], w> at once, in one reduction.
    void dots(const std::vector<const double*>& v, const double* w, double* out) const;

    /// The entries of x at this process's local columns (column form, for A x).
    void to_columns(const double* x, std::vector<double>& x_cols) const;
    /// y = A x; A is this process's FP64 block (mp x local columns of A), row-major with rows
    /// ld apart (hpl::LocalMatrix), in the backend's memory.
    void multiply(const double* a, idx ld, const double* x, double* y, Backend& be) const;
    /// y = A^T x, likewise (both in row form).
    void multiply_transposed(const double* a, idx ld, const double* x, double* y, Backend& be) const;
    /// The largest of each of `count` values over the process rows (a row-form quantity's
    /// extreme over all of N).
    void max_over_rows(double* values, int count) const;

private:
    const layout::ProcessGrid& grid_;
    layout::BlockCyclic1D rows_, cols_;
    mutable std::vector<double> full_, x_cols_;
};

}  // namespace exa::mxp
