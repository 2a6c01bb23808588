// The panel's factorization. Every process of the owning column keeps an identical copy of
// the top block W and factors its own rows L below it; one exchange per column finds the
// pivot and brings its row to everyone, so the row exchange needs no second message.
#include "backend/panel_factor.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace exa {
namespace {

class PanelFactorizer {
public:
    PanelFactorizer(DenseKernels<double>& k, PivotSteps& steps, const PanelView& pn,
                    const PanelVariant& prm, const PivotExchange& exchange)
        : pn_(pn), l_rows_(pn.l_rows), prm_(prm), exchange_(exchange), be_(k), steps_(steps), jb_(pn.jb), ml_(pn.ml),
          ldl_(pn.ldl), w_(pn.w), l_(pn.l), msg_(std::size_t(2 + jb_)), tmp_(std::size_t(2 + jb_)) {}

    idx run() {
        rfact(0, jb_);
        return info_;
    }

private:
    double& W(idx i, idx j) { return w_[i + j * jb_]; }
    double& L(idx i, idx j) { return l_[i + j * ldl_]; }

    /// Finds the pivot of column j, swaps it into row j, and scales the column below it.
    void pivot(idx j) {
        steps_.find(pn_, j, msg_.data());
        const idx pos = idx(msg_[1]), wrows = jb_ - j;
        msg_[1] = double(pos < wrows ? pn_.j0 + j + pos : l_rows_[pos - wrows]);
        exchange_(msg_.data(), tmp_.data(), 2 + jb_);

        const idx prow = idx(msg_[1]);
        idx l_hit = -1;
        if (prow >= pn_.j0 + jb_) {
            const idx* hit = std::lower_bound(l_rows_, l_rows_ + ml_, prow);
            if (hit != l_rows_ + ml_ && *hit == prow) l_hit = hit - l_rows_;
        }
        const double piv = msg_[2 + j];  // the pivot row's entry in this column
        if (piv == 0.0 && info_ == 0) info_ = pn_.j0 + j + 1;
        steps_.exchange(pn_, j, prow, l_hit, msg_.data() + 2, piv == 0.0 ? 0.0 : 1.0 / piv);
    }

    // Unblocked variants on columns [off, off+n) (HPL_pdpanllN, _pdpancrN, _pdpanrlN).
    void pfact(idx off, idx n) {
        for (idx j = off; j < off + n; ++j) {
            const idx k = j - off, rest = off + n - j - 1;
            switch (prm_.pfact) {
                case Factorization::left:
                    if (k > 0) {
                        be_.trsv(Uplo::lower, Op::no_trans, Diag::unit, k, &W(off, off), jb_, &W(off, j), 1);
                        update_column(off, j, k);
                    }
                    pivot(j);
                    break;
                case Factorization::crout:
                    if (k > 0) update_column(off, j, k);
                    pivot(j);
                    if (k > 0 && rest > 0)
                        be_.gemv(Op::trans, k, rest, -1.0, &W(off, j + 1), jb_, &W(j, off), jb_, 1.0,
                                 &W(j, j + 1), jb_);
                    break;
                case Factorization::right:
                    pivot(j);
                    if (rest > 0) {
                        be_.ger(jb_ - j - 1, rest, -1.0, &W(j + 1, j), 1, &W(j, j + 1), jb_,
                                &W(j + 1, j + 1), jb_);
                        be_.ger(ml_, rest, -1.0, &L(0, j), 1, &W(j, j + 1), jb_, &L(0, j + 1), ldl_);
                    }
                    break;
            }
        }
    }

    /// Column j, rows j and below, minus the k columns from `off` times their U entries.
    void update_column(idx off, idx j, idx k) {
        be_.gemv(Op::no_trans, jb_ - j, k, -1.0, &W(j, off), jb_, &W(off, j), 1, 1.0, &W(j, j), 1);
        be_.gemv(Op::no_trans, ml_, k, -1.0, &L(0, off), ldl_, &W(off, j), 1, 1.0, &L(0, j), 1);
    }

    /// Columns [c0, c0+w), rows from `r0` down, minus columns [src, src+k) times W(src.., c0..).
    void update_block(idx r0, idx c0, idx w, idx src, idx k) {
        be_.gemm(Op::no_trans, Op::no_trans, jb_ - r0, w, k, -1.0, &W(r0, src), jb_, &W(src, c0),
                 jb_, 1.0, &W(r0, c0), jb_);
        be_.gemm(Op::no_trans, Op::no_trans, ml_, w, k, -1.0, &L(0, src), ldl_, &W(src, c0), jb_,
                 1.0, &L(0, c0), ldl_);
    }

    // Recursive variants on columns [off, off+n) (HPL_pdrpanllN, _pdrpancrN, _pdrpanrlN).
    void rfact(idx off, idx n) {
        if (n <= prm_.nbmin) {
            pfact(off, n);
            return;
        }
        const idx nbmin = prm_.nbmin;
        const idx nbdiv = ((((n + nbmin - 1) / nbmin) + prm_.ndiv - 1) / prm_.ndiv) * nbmin;
        const idx end = off + n;
        for (idx jj = 0; jj < n; jj += nbdiv) {
            const idx w = std::min(n - jj, nbdiv), c0 = off + jj, rest = end - c0 - w;
            switch (prm_.rfact) {
                case Factorization::left:
                    if (jj > 0) {
                        be_.trsm(Side::left, Uplo::lower, Op::no_trans, Diag::unit, jj, w, 1.0,
                                 &W(off, off), jb_, &W(off, c0), jb_);
                        update_block(c0, c0, w, off, jj);
                    }
                    rfact(c0, w);
                    break;
                case Factorization::crout:
                    if (jj > 0) update_block(c0, c0, w, off, jj);
                    rfact(c0, w);
                    if (rest > 0) {
                        if (jj > 0)
                            be_.gemm(Op::no_trans, Op::no_trans, w, rest, jj, -1.0, &W(c0, off), jb_,
                                     &W(off, c0 + w), jb_, 1.0, &W(c0, c0 + w), jb_);
                        be_.trsm(Side::left, Uplo::lower, Op::no_trans, Diag::unit, w, rest, 1.0,
                                 &W(c0, c0), jb_, &W(c0, c0 + w), jb_);
                    }
                    break;
                case Factorization::right:
                    rfact(c0, w);
                    if (rest > 0) {
                        be_.trsm(Side::left, Uplo::lower, Op::no_trans, Diag::unit, w, rest, 1.0,
                                 &W(c0, c0), jb_, &W(c0, c0 + w), jb_);
                        update_block(c0 + w, c0 + w, rest, c0, w);
                    }
                    break;
            }
        }
    }

    const PanelView& pn_;
    const idx* l_rows_;
    const PanelVariant& prm_;
    const PivotExchange& exchange_;
    DenseKernels<double>& be_;
    PivotSteps& steps_;
    idx jb_, ml_, ldl_;
    double* w_;
    double* l_;
    std::vector<double> msg_, tmp_;
    idx info_ = 0;
};

}  // namespace

idx factor_panel(DenseKernels<double>& k, PivotSteps& steps, const PanelView& panel,
                 const PanelVariant& variant, const PivotExchange& exchange) {
    return PanelFactorizer(k, steps, panel, variant, exchange).run();
}

}  // namespace exa
