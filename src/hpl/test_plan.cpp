#include "hpl/test_plan.hpp"

namespace exa::hpl {

std::vector<Params> TestPlan::tests() const {
    std::vector<Params> out;
    for (auto [p, q] : grids)
        for (auto n : ns)
            for (auto nb : nbs)
                for (auto depth : depths)
                    for (auto bcast : bcasts)
                        for (auto rfact : rfacts)
                            for (auto pfact : pfacts)
                                for (auto nbmin : nbmins)
                                    for (auto ndiv : ndivs) {
                                        Params t;
                                        t.n = n;
                                        t.nb = nb;
                                        t.p = p;
                                        t.q = q;
                                        t.pmap = pmap;
                                        t.threshold = threshold;
                                        t.pfact = pfact;
                                        t.nbmin = nbmin;
                                        t.ndiv = ndiv;
                                        t.rfact = rfact;
                                        t.bcast = bcast;
                                        t.depth = depth;
                                        t.swap = swap;
                                        t.swap_threshold = swap_threshold;
                                        t.l1_transposed = l1_transposed;
                                        t.u_transposed = u_transposed;
                                        t.equil = equil;
                                        t.align = align;
                                        t.seed = seed;
                                        out.push_back(t);
                                    }
    return out;
}

TestPlan TestPlan::single(const Params& p) {
    TestPlan t;
    t.source = "command line";
    t.ns = {p.n};
    t.nbs = {p.nb};
    t.pmap = p.pmap;
    t.grids = {{p.p, p.q}};
    t.threshold = p.threshold;
    t.pfacts = {p.pfact};
    t.rfacts = {p.rfact};
    t.nbmins = {p.nbmin};
    t.ndivs = {p.ndiv};
    t.bcasts = {p.bcast};
    t.depths = {p.depth};
    t.swap = p.swap;
    t.swap_threshold = p.swap_threshold;
    t.l1_transposed = p.l1_transposed;
    t.u_transposed = p.u_transposed;
    t.equil = p.equil;
    t.align = p.align;
    t.seed = p.seed;
    return t;
}

}  // namespace exa::hpl
