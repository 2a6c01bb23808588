#include "twin/network_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace exa::twin {

Link Link::worst(const Link& o) const {
    return {std::max(latency_s, o.latency_s), std::max(seconds_per_byte, o.seconds_per_byte)};
}

NetworkModel::NetworkModel(const Network& net, NodeLinks node, int ranks_per_node, int p, int q,
                           layout::ProcessMap map)
    : net_(net), node_(node), rpn_(std::max(1, ranks_per_node)), p_(p), q_(q), map_(map) {
    intra_ = {node_.latency_s, 1.0 / (node_.bandwidth_gbs * 1e9)};
    if (net_.topology == Topology::single_node) {
        inter_ = global_ = intra_;
        return;
    }
    // A node's links are shared by its processes, which all communicate at once in HPL.
    const double per_rank = net_.links_per_node * net_.link_gbs / rpn_;
    inter_ = {net_.latency_us * 1e-6, 1.0 / (per_rank * 1e9)};
    double across = per_rank;
    // Dragonfly and dragonfly+ differ inside a group (all-to-all switches or a fat tree), not
    // in what HPL sees: full bandwidth inside a group, the global links' share between groups.
    const bool grouped = net_.topology == Topology::dragonfly || net_.topology == Topology::dragonfly_plus;
    if (grouped && net_.global_gbs_per_group > 0)
        across = std::min(per_rank, net_.global_gbs_per_group / (double(net_.group_nodes) * rpn_));
    if (net_.topology == Topology::fat_tree) across = per_rank * net_.taper;
    global_ = {(net_.latency_us + net_.global_latency_us) * 1e-6, 1.0 / (across * 1e9)};
}

int NetworkModel::rank_of(int r, int c) const { return layout::rank_of(r, c, p_, q_, map_); }

Link NetworkModel::link(int ar, int ac, int br, int bc) const {
    const int na = rank_of(ar, ac) / rpn_, nb = rank_of(br, bc) / rpn_;
    if (na == nb) return intra_;
    if (net_.topology == Topology::torus) return torus_link(na, nb);
    const int g = net_.group_nodes;
    if (g <= 0 || na / g == nb / g) return inter_;
    return global_;
}

Link NetworkModel::torus_link(std::int64_t a, std::int64_t b) const {
    // Nodes are numbered along the first dimension first; a message takes the shorter way
    // round each ring.
    std::int64_t hops = 0;
    for (int d : net_.dimensions) {
        const std::int64_t da = a % d, db = b % d, step = da > db ? da - db : db - da;
        hops += std::min<std::int64_t>(step, d - step);
        a /= d;
        b /= d;
    }
    return {inter_.latency_s + double(hops) * net_.hop_latency_us * 1e-6, inter_.seconds_per_byte};
}

Link NetworkModel::column_link(int c) const {
    if (p_ == 1) return intra_;
    // Neighbours are the nearest; the ends the farthest.
    return link(0, c, 1, c).worst(link(0, c, p_ - 1, c));
}

double NetworkModel::tree(const Link& l, int procs, double bytes) {
    if (procs <= 1) return 0;
    return std::ceil(std::log2(double(procs))) * l.message(bytes);
}

}  // namespace exa::twin
