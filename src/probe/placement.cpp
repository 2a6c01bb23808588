#include "probe/placement.hpp"

#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

namespace exa::probe {
namespace {

constexpr int placement_tag = 41;

/// One string per rank: "host|threads|c0,c1,...".
std::string encode(const RankPlace& p) {
    std::string s = p.host + "|" + std::to_string(p.threads) + "|";
    for (std::size_t i = 0; i < p.cores.size(); ++i) s += (i ? "," : "") + std::to_string(p.cores[i]);
    return s;
}

RankPlace decode(int rank, const std::string& s) {
    RankPlace p;
    p.rank = rank;
    const auto a = s.find('|'), b = s.find('|', a + 1);
    p.host = s.substr(0, a);
    p.threads = std::stoi(s.substr(a + 1, b - a - 1));
    for (std::size_t i = b + 1; i < s.size();) {
        const auto e = std::min(s.find(',', i), s.size());
        p.cores.push_back(std::stoi(s.substr(i, e - i)));
        i = e + 1;
    }
    return p;
}

}  // namespace

RankPlace my_place(int rank, int threads) {
    RankPlace p;
    p.rank = rank;
    p.threads = threads;
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    p.host = host;
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        for (int c = 0; c < CPU_SETSIZE; ++c)
            if (CPU_ISSET(c, &set)) p.cores.push_back(c);
    return p;
}

std::vector<RankPlace> gather_places(comm::Communicator& world, const RankPlace& mine) {
    const std::string text = encode(mine);
    if (world.rank() != 0) {
        const std::int64_t len = std::int64_t(text.size());
        world.send(std::span<const std::int64_t>(&len, 1), 0, placement_tag);
        world.send(std::span<const char>(text.data(), text.size()), 0, placement_tag);
        return {};
    }
    std::vector<RankPlace> all{mine};
    for (int r = 1; r < world.size(); ++r) {
        std::int64_t len = 0;
        world.recv(std::span<std::int64_t>(&len, 1), r, placement_tag);
        std::string s(std::size_t(len), '\0');
        world.recv(std::span<char>(s.data(), s.size()), r, placement_tag);
        all.push_back(decode(r, s));
    }
    return all;
}

std::vector<std::string> placement_problems(const std::vector<RankPlace>& places) {
    std::vector<std::string> out;
    std::map<std::string, std::vector<const RankPlace*>> by_host;
    for (const auto& p : places) by_host[p.host].push_back(&p);
    for (const auto& [host, ranks] : by_host) {
        std::map<int, std::vector<int>> users;  // core -> ranks that may run on it
        for (const auto* p : ranks)
            for (int c : p->cores) users[c].push_back(p->rank);
        std::set<std::pair<int, int>> pairs;
        std::set<int> shared;
        for (const auto& [core, rs] : users)
            if (rs.size() > 1) {
                shared.insert(core);
                pairs.insert({rs[0], rs[1]});
            }
        if (!shared.empty()) {
            const auto [a, b] = *pairs.begin();
            out.push_back(fmt::format("ranks {} and {}{} on {} share cores {}: bind one rank to its own cores "
                                      "(mpirun --bind-to core or --map-by slot:PE=n; srun --cpu-bind=cores)",
                                      a, b, pairs.size() > 1 ? " (and others)" : "", host,
                                      cores_text({shared.begin(), shared.end()})));
        }
    }
    for (const auto& p : places)
        if (p.threads > int(p.cores.size())) {
            out.push_back(fmt::format("rank {} on {} runs {} threads on {} core(s): give it more cores "
                                      "(--cpus-per-task, --map-by slot:PE=n) or fewer threads (--threads)",
                                      p.rank, p.host, p.threads, p.cores.size()));
            break;
        }
    return out;
}

std::string cores_text(const std::vector<int>& cores) {
    std::string s;
    for (std::size_t i = 0; i < cores.size();) {
        std::size_t j = i;
        while (j + 1 < cores.size() && cores[j + 1] == cores[j] + 1) ++j;
        if (!s.empty()) s += ",";
        s += j == i ? std::to_string(cores[i]) : fmt::format("{}-{}", cores[i], cores[j]);
        i = j + 1;
    }
    return s.empty() ? "none" : s;
}

nlohmann::json placement_json(const std::vector<RankPlace>& places) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& p : places)
        a.push_back({{"rank", p.rank}, {"host", p.host}, {"cores", cores_text(p.cores)}, {"threads", p.threads}});
    return a;
}

}  // namespace exa::probe
