#pragma once
// HPL-MxP's linear system on this process: A from HPL's random matrix by the test's generator
// (mxp::Generator), b HPL's right-hand side, kept in FP64 for the refinement's products and
// the check, and room for the low-precision factors.
#include <cstdint>
#include <vector>

#include "common/matrix_storage.hpp"
#include "common/hpl_generator.hpp"
#include "hpl/local_matrix.hpp"
#include "mxp/params.hpp"

namespace exa::mxp {

/// The shifted generator's d over the expected 2-norm of HPL's random matrix, sqrt(N / 3)
/// (entries uniform in [-1/2, 1/2]: variance 1/12, norm 2 sqrt(N / 12)). At 2, every leading
/// block of A has its singular values in [d - ||R||, d + ||R||] = about [1, 3] sqrt(N / 3).
inline constexpr double shifted_diagonal_factor = 2.0;

class System {
public:
    /// Room for the system in be's memory.
    System(const Params& p, const layout::ProcessGrid& grid, Backend& be);
    /// Bytes a process at (my_row, my_col) needs: [A | b] in FP64, the factors, panels, vectors.
    static std::uint64_t bytes_needed(const Params& p, int my_row, int my_col);

    /// HPL's [A | b] from `gen`, then A's diagonal as the test's generator makes it; every
    /// process makes its own part. Collective over the grid.
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
    /// Rows whose diagonal dominates them (|A(i,i)| >= sum over j != i of |A(i,j)|), all ranks.
    [[nodiscard]] std::int64_t dominant_rows() const noexcept { return dominant_rows_; }
    /// What the generator added to each of this process's rows' diagonal entries: A = R + D,
    /// R HPL's random matrix.
    [[nodiscard]] const std::vector<double>& diagonal_added() const noexcept { return added_; }

private:
    Generator generator_;
    hpl::LocalMatrix a_;
    idx ldf_;
    Buffer<float> f_;
    std::vector<double> b_rows_;
    std::vector<double> added_;
    double a_inf_ = 0, b_inf_ = 0;
    std::int64_t dominant_rows_ = 0;
};

}  // namespace exa::mxp
