#include "hpl/test_plan.hpp"

namespace exa::hpl {

std::vector<Params> TestPlan::tests() const {
    std::vector<Params> out;
    Params t = base;
    for (auto [p, q] : grids)
        for (auto n : ns)
            for (auto nb : nbs)
                for (auto depth : depths)
                    for (auto bcast : bcasts)
                        for (auto rfact : rfacts)
                            for (auto pfact : pfacts)
                                for (auto nbmin : nbmins)
                                    for (auto ndiv : ndivs) {
                                        t.p = p;
                                        t.q = q;
                                        t.n = n;
                                        t.nb = nb;
                                        t.depth = depth;
                                        t.bcast = bcast;
                                        t.rfact = rfact;
                                        t.pfact = pfact;
                                        t.nbmin = nbmin;
                                        t.ndiv = ndiv;
                                        out.push_back(t);
                                    }
    return out;
}

TestPlan TestPlan::single(const Params& p) {
    TestPlan t;
    t.source = "command line";
    t.base = p;
    t.ns = {p.n};
    t.nbs = {p.nb};
    t.grids = {{p.p, p.q}};
    t.pfacts = {p.pfact};
    t.rfacts = {p.rfact};
    t.nbmins = {p.nbmin};
    t.ndivs = {p.ndiv};
    t.bcasts = {p.bcast};
    t.depths = {p.depth};
    return t;
}

}  // namespace exa::hpl
