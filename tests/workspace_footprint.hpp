#pragma once
// Where a solver workspace's buffers live and how long they are: equal before and after a
// solve only if the solve grew none of them.
#include <cstddef>
#include <utility>
#include <vector>

#include "hpl/pdgesv.hpp"

namespace exa::test {

inline std::vector<std::pair<const double*, std::size_t>> footprint(const hpl::SolverWorkspace& ws) {
    std::vector<std::pair<const double*, std::size_t>> f{{ws.u.data(), ws.u.capacity()},
                                                         {ws.work.data(), ws.work.capacity()}};
    for (const auto& pn : ws.panels) f.emplace_back(pn.buffer.data(), pn.buffer.capacity());
    return f;
}

}  // namespace exa::test
