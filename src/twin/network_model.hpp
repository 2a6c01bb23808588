#pragma once
// Message times between the processes of an HPL grid placed on a machine's nodes: latency
// and bandwidth by locality (same node, same group or leaf switch, across groups), with each
// node's injection bandwidth shared by its processes (in HPL they all talk at once) and the
// taper between groups.
#include <cstdint>

#include "layout/process_grid.hpp"
#include "twin/machine.hpp"

namespace exa::twin {

struct Link {
    double latency_s = 0;
    double seconds_per_byte = 0;
    [[nodiscard]] double message(double bytes) const { return latency_s + bytes * seconds_per_byte; }
    /// The worse of two links in each respect.
    [[nodiscard]] Link worst(const Link& o) const;
};

/// Links of one node's processes to each other (machine-specific: NVLink, shared memory, or
/// what calibration measured).
struct NodeLinks {
    double latency_s = 0;
    double bandwidth_gbs = 0;
};

class NetworkModel {
public:
    NetworkModel(const Network& net, NodeLinks node, int ranks_per_node, int p, int q,
                 layout::ProcessMap map);
    /// The link between grid positions (row a_r, col a_c) and (b_r, b_c).
    [[nodiscard]] Link link(int ar, int ac, int br, int bc) const;
    /// The worst link between members of process column `c` (rows 0 .. P-1).
    [[nodiscard]] Link column_link(int c) const;
    /// A reduction or broadcast of `bytes` over `procs` processes: a binary tree.
    [[nodiscard]] static double tree(const Link& l, int procs, double bytes);

private:
    [[nodiscard]] int rank_of(int r, int c) const;
    [[nodiscard]] Link torus_link(std::int64_t node_a, std::int64_t node_b) const;
    Network net_;
    NodeLinks node_;
    int rpn_, p_, q_;
    layout::ProcessMap map_;
    Link intra_, inter_, global_;
};

}  // namespace exa::twin
