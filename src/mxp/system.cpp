#include "mxp/system.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace exa::mxp {

System::System(const Params& p, const layout::ProcessGrid& grid, Backend& be)
    : generator_(p.generator),
      a_(p.n, p.nb, grid, p.align, be),
      ldf_(padded_leading_dimension(a_.local_rows(), p.align, sizeof(float))),
      // Zero-filled now: page faults are allocation, not the timed conversion.
      f_(be, std::size_t(ldf_) * std::size_t(std::max<idx>(1, local_cols())), "the low-precision factors") {}

std::uint64_t System::bytes_needed(const Params& p, int my_row, int my_col) {
    const layout::BlockCyclic1D rows{p.n, p.nb, p.p, my_row}, cols{p.n, p.nb, p.q, my_col};
    const auto mp = std::uint64_t(rows.count()), nq = std::uint64_t(cols.count()),
               nb = std::uint64_t(p.nb), n = std::uint64_t(p.n);
    const std::uint64_t fp64 =
        hpl::LocalMatrix::bytes_needed(p.n, p.nb, p.p, p.q, my_row, my_col, p.align);
    const std::uint64_t factors = std::uint64_t(padded_leading_dimension(idx(mp), p.align, sizeof(float))) * nq * 4;
    const std::uint64_t panels = 4 * (2 * (nb * nb + mp * nb) + nb * nq);
    const std::uint64_t vectors = 8 * (2 * std::uint64_t(p.restart + 2) * mp + 2 * n);
    return fp64 + factors + panels + vectors;
}

void System::generate(const hpl::MatrixGenerator& gen, const layout::ProcessGrid& grid) {
    a_.generate(gen);
    Backend& be = a_.backend();
    const idx n = a_.n(), mp = a_.local_rows(), nqa = local_cols();
    const auto& rows = a_.rows();
    const auto& cols = a_.cols();
    // Sums of |R| over each whole row: local part (the row-major matrix seen as R^T), then
    // across the process row.
    std::vector<double> row_abs(std::size_t(mp), 0.0);
    {
        Buffer<double> sums(be, std::size_t(mp));
        if (mp > 0 && nqa > 0) be.abs_sums(nqa, mp, a_.data(), a_.ld(), nullptr, sums.data());
        be.copy_to_host(row_abs.data(), sums.data(), row_abs.size() * sizeof(double));
    }
    if (mp > 0) grid.row().allreduce(row_abs.data(), int(mp), comm::ReduceOp::sum);

    // The diagonal: R's entry plus what the generator adds (docs/mxp.md, "The matrix").
    const double shift = shifted_diagonal_factor * std::sqrt(double(n) / 3.0);
    added_.assign(std::size_t(mp), 0.0);
    double a_inf = 0, b_inf = 0;
    std::int64_t dominant = 0;
    b_rows_.resize(std::size_t(mp));
    for (idx il = 0; il < mp; ++il) {
        const idx i = rows.global(il);
        const double r_ii = gen.entry(i, i), off = row_abs[std::size_t(il)] - std::abs(r_ii);
        double& add = added_[std::size_t(il)];
        if (generator_ == Generator::shifted) add = shift;
        if (generator_ == Generator::dominant) add = off - r_ii;
        const double a_ii = r_ii + add;
        if (add != 0 && cols.owner(i) == grid.my_col())
            be.copy_from_host(a_.at(il, cols.local(i)), &a_ii, sizeof a_ii);
        if (std::abs(a_ii) >= off) ++dominant;
        a_inf = std::max(a_inf, off + std::abs(a_ii));
        b_rows_[std::size_t(il)] = gen.entry(i, n);
        b_inf = std::max(b_inf, std::abs(b_rows_[std::size_t(il)]));
    }
    double norms[2] = {a_inf, b_inf};
    grid.col().allreduce(norms, 2, comm::ReduceOp::max);
    a_inf_ = norms[0];
    b_inf_ = norms[1];
    dominant_rows_ = grid.col().allreduce_sum(dominant);  // each process row counts its rows once
}

void System::round_into_factors(Backend& be) {
    // A is row-major (hpl::LocalMatrix), the factors column-major: the copy transposes.
    be.convert(Op::trans, a_.local_rows(), local_cols(), a_.data(), a_.ld(), f_.data(), ldf_);
}

}  // namespace exa::mxp
