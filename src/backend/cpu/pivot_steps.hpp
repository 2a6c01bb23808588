#pragma once
// The pivot step's bodies (backend/kernels/pivot.hpp) in plain loops, on host memory.
#include "backend/kernels/pivot.hpp"
#include "backend/panel_factor.hpp"

namespace exa::cpu {

class HostPivotSteps final : public PivotSteps {
public:
    void find(const PanelView& pn, idx j, double* msg) override {
        pivot::Candidate best;
        for (idx pos = 0, n = pivot::search_length(pn, j); pos < n; ++pos) {
            const pivot::Candidate c = pivot::candidate(pn, j, pos);
            if (pivot::wins(c, best)) best = c;
        }
        best = pivot::settled(best);
        msg[0] = best.abs;
        msg[1] = double(best.pos);
        for (idx c = 0; c < pn.jb; ++c) msg[2 + c] = *pivot::at(pn, j, best.pos, c);
    }
    void exchange(const PanelView& pn, idx j, idx prow, idx l_hit, const double* msg, double inv) override {
        for (idx c = 0; c < pn.jb; ++c) pivot::exchange_entry(pn, j, prow, l_hit, msg, c);
        if (inv == 0.0) return;
        for (idx t = 0, n = pivot::search_length(pn, j) - 1; t < n; ++t) pivot::scale_entry(pn, j, inv, t);
    }
};

}  // namespace exa::cpu
