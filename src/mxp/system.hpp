#pragma once
// HPL-MxP's linear system on this process: HPL's [A | b] made diagonally dominant, kept in
// FP64 for the refinement's products and the check, and room for the low-precision factors.
#include <cstdint>
#include <vector>

#include "common/matrix_storage.hpp"
#include "common/hpl_generator.hpp"
#include "hpl/local_matrix.hpp"
#include "mxp/params.hpp"

namespace exa::mxp {

class System {
public:
    /// Room for the system in be's memory.
    System(const Params& p, const layout::ProcessGrid& grid, Backend& be);
    /// Bytes a process at (my_row, my_col) needs: [A | b] in FP64, the factors, panels, vectors.
    static std::uint64_t bytes_needed(const Params& p, int my_row, int my_col);

    /// HPL's [A | b] from `gen`, then A(i,i) = sum over j != i of |A(i,j)| (unless the test-only
    /// option turns that off). Collective over the grid.
    void generate(const hpl::MatrixGenerator& gen, const layout::ProcessGrid& grid);

    /// The factors' starting point: A rounded to FP32 (HPL-MxP times this conversion).
    void round_into_factors(Backend& be);

    [[nodiscard]] hpl::LocalMatrix& a() noexcept { return a_; }
    [[nodiscard]] float* factors() noexcept { return f_.data(); }
    [[nodiscard]] idx ldf() const noexcept { return ldf_; }
    /// Local columns of A (b excluded).
    [[nodiscard]] idx local_cols() const noexcept { return a_.cols().count_before(a_.n()); }
    /// b's entries for this process's local rows.
    [[nodiscard]] const std::vector<double>& b_rows() const noexcept { return b_rows_; }
    [[nodiscard]] double a_inf() const noexcept { return a_inf_; }
    [[nodiscard]] double b_inf() const noexcept { return b_inf_; }
    /// The first global row whose diagonal does not dominate it (|A(i,i)| < sum over j != i
    /// of |A(i,j)|), or -1: the rules' matrix must factor stably without pivoting.
    [[nodiscard]] std::int64_t first_row_not_dominant() const noexcept { return not_dominant_row_; }

private:
    bool dominant_;
    hpl::LocalMatrix a_;
    idx ldf_;
    Buffer<float> f_;
    std::vector<double> b_rows_;
    double a_inf_ = 0, b_inf_ = 0;
    std::int64_t not_dominant_row_ = -1;
};

}  // namespace exa::mxp
