#pragma once
// The preconditioner of HPL-MxP's refinement: z = U^-1 L^-1 v with the distributed
// low-precision factors, computed in FP32; v and z are FP64 row-form vectors.
//
// Block by block (forward, then backward): the owners of each diagonal block's process row
// sum their partial products across the row, the diagonal process solves with its block
// (TRSV) and sends the piece down its process column, whose processes fold it into their
// partial products (GEMV).
#include <vector>

#include "backend/backend.hpp"
#include "layout/block_cyclic.hpp"
#include "layout/process_grid.hpp"

namespace exa::mxp {

class LuSolve {
public:
    LuSolve(const float* f, idx ldf, idx n, idx nb, const layout::ProcessGrid& grid, Backend& be)
        : f_(f), ldf_(ldf), nb_(nb), grid_(grid), be_(be),
          rows_{n, nb, grid.p(), grid.my_row()}, cols_{n, nb, grid.q(), grid.my_col()},
          partial_(be, std::size_t(rows_.count())), piece_d_(be, std::size_t(nb)) {}

    /// z = (LU)^-1 v; both of this process's local rows. z may be v.
    void apply(const double* v, double* z);

private:
    /// One triangular solve: lower (unit diagonal) or upper, from `in` into `out`.
    void solve(bool lower, const double* in, double* out);
    const float* at(idx il, idx jl) const noexcept { return f_ + il + jl * ldf_; }

    const float* f_;
    idx ldf_, nb_;
    const layout::ProcessGrid& grid_;
    Backend& be_;
    layout::BlockCyclic1D rows_, cols_;
    Buffer<float> partial_, piece_d_;   ///< in the backend's memory
    std::vector<float> piece_, partial_host_;
    std::vector<double> sum_, mid_;
};

}  // namespace exa::mxp
