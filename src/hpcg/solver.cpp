#include "hpcg/solver.hpp"

#include <cmath>

#include "common/timer.hpp"

namespace exa::hpcg {

KernelTimes& KernelTimes::operator+=(const KernelTimes& o) {
    dot += o.dot;
    waxpby += o.waxpby;
    spmv += o.spmv;
    mg += o.mg;
    total += o.total;
    return *this;
}

void Solver::symgs(Level& lv, const double* r, double* x, bool x_is_zero) {
    // Every rank just zeroed its x, halo included: an exchange would bring zeros.
    if (!x_is_zero) exchange_halo(lv, x, comm_);
    k_.symgs(lv.a, r, x);
}

void Solver::mg(int l, const double* r, double* x) {
    Level& lv = pb_.levels[std::size_t(l)];
    // Pre-smoothing from x = 0 (the only smoothing on the coarsest level).
    if (k_.wants_split_matrix() && !lv.split.empty()) {
        k_.symgs_from_zero(lv.split, r, x);
    } else {
        k_.zero(lv.a.ncol, x);
        symgs(lv, r, x, true);
    }
    if (l + 1 == int(pb_.levels.size())) return;
    Level& coarse = pb_.levels[std::size_t(l + 1)];
    exchange_halo(lv, x, comm_);
    k_.restrict_residual(lv.a, lv.picked, coarse.a.nrow, lv.f2c.data(), r, x, coarse.r.data());
    mg(l + 1, coarse.r.data(), coarse.x.data());
    k_.prolong(coarse.a.nrow, lv.f2c.data(), coarse.x.data(), x);
    symgs(lv, r, x, false);  // post-smoothing
}

void Solver::spmv(double* x, double* y) {
    exchange_halo(pb_.fine(), x, comm_);
    k_.spmv(pb_.fine().a, x, y);
}

double Solver::dot(const double* x, const double* y) {
    return comm_.allreduce_sum(k_.dot(pb_.fine().a.nrow, x, y));
}

CgResult Solver::cg(const Vector& b, Vector& x, int max_iterations,
                    double tolerance, bool precondition) {
    CgResult res;
    KernelTimes& t = res.times;
    const double start = wall_time();
    Level& fine = pb_.fine();
    const std::int64_t n = fine.a.nrow;
    double *r = pb_.r.data(), *z = pb_.z.data(), *p = pb_.p.data(), *ap = pb_.ap.data();

    // r = b - A x (x copied into p, which has room for the halo).
    {
        ScopedTimer s(t.waxpby);
        k_.waxpby(n, 1.0, x.data(), 0.0, x.data(), p);
    }
    {
        ScopedTimer s(t.spmv);
        spmv(p, ap);
    }
    double normr = 0;
    {
        ScopedTimer s(t.waxpby);
        k_.waxpby(n, 1.0, b.data(), -1.0, ap, r);
    }
    {
        ScopedTimer s(t.dot);
        normr = std::sqrt(dot(r, r));
    }
    res.normr0 = normr;
    double rtz = 0;
    for (int k = 1; k <= max_iterations && normr / res.normr0 > tolerance; ++k) {
        if (precondition) {
            ScopedTimer s(t.mg);
            mg(0, r, z);
        } else {
            ScopedTimer s(t.waxpby);
            k_.waxpby(n, 1.0, r, 0.0, r, z);
        }
        const double old_rtz = rtz;
        {
            ScopedTimer s(t.dot);
            rtz = dot(r, z);
        }
        {
            ScopedTimer s(t.waxpby);
            if (k == 1) k_.waxpby(n, 1.0, z, 0.0, z, p);
            else k_.waxpby(n, 1.0, z, rtz / old_rtz, p, p);
        }
        double pap = 0;
        {
            ScopedTimer s(t.spmv);  // with p'Ap in the same pass (its reduction is dot's)
            exchange_halo(fine, p, comm_);
            pap = k_.spmv_dot(fine.a, p, ap);
        }
        {
            ScopedTimer s(t.dot);
            pap = comm_.allreduce_sum(pap);
        }
        const double alpha = rtz / pap;
        double rr = 0;
        {
            ScopedTimer s(t.waxpby);  // x += alpha p, r -= alpha Ap, with r'r in the same pass
            rr = k_.cg_update(n, alpha, p, ap, x.data(), r);
        }
        {
            ScopedTimer s(t.dot);
            normr = std::sqrt(comm_.allreduce_sum(rr));
        }
        res.iterations = k;
        res.history.push_back(normr / res.normr0);
        if (on_iteration) on_iteration(k);
    }
    res.normr = normr;
    t.total = wall_time() - start;
    return res;
}

}  // namespace exa::hpcg
