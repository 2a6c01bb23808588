#include "report/placement.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include <fmt/format.h>

namespace exa::report {

void print_placement(std::FILE* out, const std::vector<probe::RankPlace>& places) {
    if (places.empty()) return;
    std::vector<std::string> hosts;  // in the order of their first rank
    std::map<std::string, std::vector<const probe::RankPlace*>> by_host;
    std::set<int> threads;
    for (const auto& p : places) {
        if (!by_host.count(p.host)) hosts.push_back(p.host);
        by_host[p.host].push_back(&p);
        threads.insert(p.threads);
    }
    const std::string each = threads.size() == 1 ? fmt::format("{} thread(s) each", *threads.begin())
                                                 : fmt::format("{} to {} threads", *threads.begin(), *threads.rbegin());
    fmt::print(out, "Placement: {} rank(s) on {} node(s), {}\n", places.size(), hosts.size(), each);
    constexpr std::size_t shown_nodes = 4, shown_ranks = 8;
    for (std::size_t h = 0; h < std::min(hosts.size(), shown_nodes); ++h) {
        const auto& ranks = by_host[hosts[h]];
        std::string line;
        for (std::size_t i = 0; i < std::min(ranks.size(), shown_ranks); ++i)
            line += fmt::format("{}rank {} on cores {}", i ? ", " : "", ranks[i]->rank, probe::cores_text(ranks[i]->cores));
        if (ranks.size() > shown_ranks) line += fmt::format(", ... ({} ranks)", ranks.size());
        fmt::print(out, "  {}: {}\n", hosts[h], line);
    }
    if (hosts.size() > shown_nodes) fmt::print(out, "  ... and {} more node(s)\n", hosts.size() - shown_nodes);
    std::fflush(out);
    for (const auto& problem : probe::placement_problems(places)) fmt::print(stderr, "exabench: warning: {}\n", problem);
}

}  // namespace exa::report
