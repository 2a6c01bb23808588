#include "mxp/row_vectors.hpp"

#include <algorithm>
#include <cmath>

namespace exa::mxp {

double RowVectors::dot(const double* x, const double* y) const {
    double s = 0;
    for (idx i = 0; i < rows_.count(); ++i) s += x[i] * y[i];
    return grid_.col().allreduce_sum(s);
}

double RowVectors::norm2(const double* x) const { return std::sqrt(dot(x, x)); }

double RowVectors::norm_inf(const double* x) const {
    double m[2] = {0.0, 0.0};  // max |x_i|, and 1 if some x_i is NaN (max() would drop it)
    for (idx i = 0; i < rows_.count(); ++i) {
        if (std::isnan(x[i])) m[1] = 1;
        else m[0] = std::max(m[0], std::abs(x[i]));
    }
    grid_.col().allreduce(m, 2, comm::ReduceOp::max);
    return m[1] > 0 ? NAN : m[0];
}

void RowVectors::dots(const std::vector<const double*>& v, const double* w, double* out) const {
    const idx mp = rows_.count();
    for (std::size_t i = 0; i < v.size(); ++i) {
        double s = 0;
        for (idx r = 0; r < mp; ++r) s += v[i][r] * w[r];
        out[i] = s;
    }
    if (!v.empty()) grid_.col().allreduce(out, int(v.size()), comm::ReduceOp::sum);
}

void RowVectors::to_columns(const double* x, std::vector<double>& x_cols) const {
    // Each process row contributes its rows once (its processes all hold the same values).
    full_.assign(std::size_t(rows_.n), 0.0);
    for (idx il = 0; il < rows_.count(); ++il) full_[std::size_t(rows_.global(il))] = x[il];
    grid_.col().allreduce(full_.data(), int(full_.size()), comm::ReduceOp::sum);
    x_cols.resize(std::size_t(cols_.count()));
    for (idx jl = 0; jl < cols_.count(); ++jl) x_cols[std::size_t(jl)] = full_[std::size_t(cols_.global(jl))];
}

void RowVectors::multiply(const double* a, idx ld, const double* x, double* y, Backend& be) const {
    to_columns(x, x_cols_);
    const idx mp = rows_.count(), nq = cols_.count();
    // A is in the backend's memory, row-major: the kernel sees A^T.
    Buffer<double> x_d(be, std::size_t(nq)), y_d(be, std::size_t(mp));
    be.copy_from_host(x_d.data(), x_cols_.data(), std::size_t(nq) * sizeof(double));
    be.fp64().gemv(Op::trans, nq, mp, 1.0, a, ld, x_d.data(), 1, 0.0, y_d.data(), 1);
    be.copy_to_host(y, y_d.data(), std::size_t(mp) * sizeof(double));
    if (mp > 0) grid_.row().allreduce(y, int(mp), comm::ReduceOp::sum);
}

void RowVectors::multiply_transposed(const double* a, idx ld, const double* x, double* y, Backend& be) const {
    const idx mp = rows_.count(), nq = cols_.count();
    // The local product A_local^T x gives this process's columns of A^T x, in part: summed
    // down the process column, then spread into row form across the process row.
    std::vector<double> part(std::size_t(nq), 0.0);
    {
        Buffer<double> x_d(be, std::size_t(mp)), p_d(be, std::size_t(nq));
        be.copy_from_host(x_d.data(), x, std::size_t(mp) * sizeof(double));
        be.fp64().gemv(Op::no_trans, nq, mp, 1.0, a, ld, x_d.data(), 1, 0.0, p_d.data(), 1);
        be.copy_to_host(part.data(), p_d.data(), part.size() * sizeof(double));
    }
    if (nq > 0) grid_.col().allreduce(part.data(), int(nq), comm::ReduceOp::sum);
    full_.assign(std::size_t(cols_.n), 0.0);
    for (idx jl = 0; jl < nq; ++jl) full_[std::size_t(cols_.global(jl))] = part[std::size_t(jl)];
    grid_.row().allreduce(full_.data(), int(full_.size()), comm::ReduceOp::sum);
    for (idx il = 0; il < mp; ++il) y[il] = full_[std::size_t(rows_.global(il))];
}

void RowVectors::max_over_rows(double* values, int count) const {
    grid_.col().allreduce(values, count, comm::ReduceOp::max);
}

}  // namespace exa::mxp
