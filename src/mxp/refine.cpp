#include "mxp/refine.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>

#include <fmt/format.h>

namespace exa::mxp {
namespace {

/// Givens rotation that zeroes b in (a, b).
void rotation(double a, double b, double& c, double& s) {
    if (b == 0) {
        c = 1;
        s = 0;
        return;
    }
    const double r = std::hypot(a, b);
    c = a / r;
    s = b / r;
}

}  // namespace

RefineOutcome refine(System& sys, LuSolve& lu, const RowVectors& vec, const Params& p,
                     Backend& be, std::vector<double>& x) {
    RefineOutcome out;
    const auto mp = static_cast<std::size_t>(vec.local_size());
    const double eps = DBL_EPSILON / 2, n = double(p.n);
    const double* a = sys.a().data();
    const idx ld = sys.a().ld();
    const double* b = sys.b_rows().data();
    const auto scaled = [&](double r_inf, double x_inf) {
        return r_inf / (eps * (sys.a_inf() * x_inf + sys.b_inf()) * n);
    };

    x.resize(mp);
    lu.apply(b, x.data());
    std::vector<double> r(mp), w(mp);
    std::vector<std::vector<double>> v, z;  // Krylov basis and preconditioned directions
    const auto m = static_cast<std::size_t>(std::max(1, p.restart));
    // H is (m+1) x m, column-major; g the rotated right-hand side; cs, sn the rotations.
    std::vector<double> h((m + 1) * m), g(m + 1), cs(m), sn(m), y(m + 1);
    auto H = [&](std::size_t i, std::size_t j) -> double& { return h[i + j * (m + 1)]; };

    for (;;) {
        // The true residual decides: HPL's check with this x.
        vec.multiply(a, ld, x.data(), r.data(), be);
        for (std::size_t i = 0; i < mp; ++i) r[i] = b[i] - r[i];
        const double x_inf = vec.norm_inf(x.data());
        const double r_inf = vec.norm_inf(r.data());
        out.scaled_residual = scaled(r_inf, x_inf);
        out.history.push_back(out.scaled_residual);
        if (!std::isfinite(out.scaled_residual)) {
            out.reason = "the residual is not finite: the low-precision factors are unusable";
            return out;
        }
        if (out.scaled_residual < p.threshold) {
            out.converged = true;
            return out;
        }
        if (out.iterations >= p.max_iterations) {
            out.reason = fmt::format("no convergence in {} GMRES iterations (scaled residual {:.3e})",
                                     p.max_iterations, out.scaled_residual);
            return out;
        }
        if (!v.empty()) ++out.restarts;

        // One cycle of FGMRES(m). Stop once the residual estimate, a 2-norm and so a bound
        // on the infinity norm, is under half of what the check allows.
        const double target = 0.5 * p.threshold * eps * (sys.a_inf() * x_inf + sys.b_inf()) * n;
        const double beta = vec.norm2(r.data());
        if (v.empty()) v.emplace_back(mp);
        for (std::size_t i = 0; i < mp; ++i) v[0][i] = r[i] / beta;
        std::fill(g.begin(), g.end(), 0.0);
        g[0] = beta;
        std::size_t j = 0;
        while (j < m && out.iterations < p.max_iterations) {
            if (z.size() <= j) z.emplace_back(mp);
            if (v.size() <= j + 1) v.emplace_back(mp);
            lu.apply(v[j].data(), z[j].data());
            vec.multiply(a, ld, z[j].data(), w.data(), be);
            ++out.iterations;
            // Classical Gram-Schmidt twice: two reductions per iteration, orthogonal enough.
            std::vector<const double*> basis;
            for (std::size_t i = 0; i <= j; ++i) basis.push_back(v[i].data());
            for (std::size_t i = 0; i <= j; ++i) H(i, j) = 0;
            for (int pass = 0; pass < 2; ++pass) {
                vec.dots(basis, w.data(), y.data());
                for (std::size_t i = 0; i <= j; ++i) {
                    H(i, j) += y[i];
                    for (std::size_t q = 0; q < mp; ++q) w[q] -= y[i] * basis[i][q];
                }
            }
            const double hn = vec.norm2(w.data());
            H(j + 1, j) = hn;
            if (hn > 0)
                for (std::size_t q = 0; q < mp; ++q) v[j + 1][q] = w[q] / hn;
            // Previous rotations on the new column, then one that zeroes its subdiagonal.
            for (std::size_t i = 0; i < j; ++i) {
                const double t = cs[i] * H(i, j) + sn[i] * H(i + 1, j);
                H(i + 1, j) = -sn[i] * H(i, j) + cs[i] * H(i + 1, j);
                H(i, j) = t;
            }
            rotation(H(j, j), H(j + 1, j), cs[j], sn[j]);
            H(j, j) = cs[j] * H(j, j) + sn[j] * H(j + 1, j);
            H(j + 1, j) = 0;
            g[j + 1] = -sn[j] * g[j];
            g[j] *= cs[j];
            out.iteration_history.push_back(scaled(std::abs(g[j + 1]), x_inf));
            ++j;
            if (std::abs(g[j]) <= target || hn == 0 || !std::isfinite(hn)) break;
        }
        // x += Z y, with H y = g (upper triangular, j x j).
        for (std::size_t i = j; i-- > 0;) {
            double s = g[i];
            for (std::size_t c = i + 1; c < j; ++c) s -= H(i, c) * y[c];
            y[i] = s / H(i, i);
        }
        for (std::size_t i = 0; i < j; ++i)
            for (std::size_t q = 0; q < mp; ++q) x[q] += y[i] * z[i][q];
    }
}

}  // namespace exa::mxp
