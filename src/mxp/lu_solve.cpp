#include "mxp/lu_solve.hpp"

#include <algorithm>
#include <span>

namespace exa::mxp {

void LuSolve::apply(const double* v, double* z) {
    mid_.resize(std::size_t(rows_.count()));
    solve(true, v, mid_.data());
    solve(false, mid_.data(), z);
}

void LuSolve::solve(bool lower, const double* in, double* out) {
    const idx mp = rows_.count(), n = rows_.n;
    const idx blocks = (n + nb_ - 1) / nb_;
    auto& k = be_.fp32();
    const auto bytes = [](idx count) { return std::size_t(count) * sizeof(float); };
    // Sum over the solved blocks of L_ij y_j (or U_ij): in the backend's memory, beside the
    // factors; the pieces of y travel through the host.
    be_.fill_zero(partial_.data(), bytes(mp));
    std::vector<double> result(std::size_t(mp), 0.0);
    for (idx s = 0; s < blocks; ++s) {
        const idx b = lower ? s : blocks - 1 - s;
        const idx g0 = b * nb_, jb = std::min(nb_, n - g0);
        const int pr = int(b % grid_.p()), pc = int(b % grid_.q());
        const bool my_row = grid_.my_row() == pr, my_col = grid_.my_col() == pc;
        piece_.resize(std::size_t(jb));
        if (my_row) {
            const idx il = rows_.local(g0);
            partial_host_.resize(std::size_t(jb));
            be_.copy_to_host(partial_host_.data(), partial_.data() + il, bytes(jb));
            sum_.assign(partial_host_.begin(), partial_host_.end());
            if (grid_.q() > 1) grid_.row().reduce(sum_.data(), int(jb), comm::ReduceOp::sum, pc);
            if (my_col) {
                for (idx i = 0; i < jb; ++i) piece_[std::size_t(i)] = float(in[il + i] - sum_[std::size_t(i)]);
                be_.copy_from_host(piece_d_.data(), piece_.data(), bytes(jb));
                k.trsv(lower ? Uplo::lower : Uplo::upper, Op::no_trans, lower ? Diag::unit : Diag::non_unit, jb,
                       at(il, cols_.local(g0)), ldf_, piece_d_.data(), 1);
                be_.copy_to_host(piece_.data(), piece_d_.data(), bytes(jb));
                for (idx i = 0; i < jb; ++i) result[std::size_t(il + i)] = piece_[std::size_t(i)];
            }
        }
        if (my_col) {
            if (grid_.p() > 1) grid_.col().bcast(std::span(piece_), pr);
            // Rows still to solve: below the block (forward) or above it (backward).
            const idx first = lower ? rows_.count_before(g0 + jb) : 0;
            const idx last = lower ? mp : rows_.count_before(g0);
            be_.copy_from_host(piece_d_.data(), piece_.data(), bytes(jb));
            k.gemv(Op::no_trans, last - first, jb, 1.0f, at(first, cols_.local(g0)), ldf_, piece_d_.data(), 1,
                   1.0f, partial_.data() + first, 1);
        }
    }
    // Each block's solution sits on its diagonal process: share it along the process row.
    if (grid_.q() > 1 && mp > 0) grid_.row().allreduce(result.data(), int(mp), comm::ReduceOp::sum);
    std::copy(result.begin(), result.end(), out);
}

}  // namespace exa::mxp
