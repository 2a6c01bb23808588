#include "hpl/trace.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string>
#include <tuple>

#include "common/timer.hpp"

namespace exa::hpl {

using schedule::idx;

StepTrace::StepTrace(int rank) : rank_(rank), origin_(wall_time()) {}

void StepTrace::restart() { origin_ = wall_time(); }

void StepTrace::record(const schedule::Step& step, double t0, double t1, int worker) {
    const std::lock_guard lock(mutex_);
    events_.push_back({rank_, worker, step, t0 - origin_, t1 - origin_});
}

namespace {

constexpr std::size_t fields = 12;

void pack(const TraceEvent& e, std::vector<double>& out) {
    const auto& s = e.step;
    for (double v : {double(e.rank), double(e.worker), double(int(s.kind)), double(s.panel),
                     double(s.col0), double(s.col1), double(s.row0), double(s.row1),
                     double(s.pool), double(s.poll), e.t0, e.t1})
        out.push_back(v);
}

TraceEvent unpack(const double* v) {
    TraceEvent e;
    e.rank = int(v[0]);
    e.worker = int(v[1]);
    e.step = {schedule::StepKind(int(v[2])), idx(v[3]), idx(v[4]), idx(v[5]), idx(v[6]),
              idx(v[7]), int(v[8]), idx(v[9])};
    e.t0 = v[10];
    e.t1 = v[11];
    return e;
}

constexpr int trace_tag = 31;

}  // namespace

std::vector<TraceEvent> gather_events(comm::Communicator& all, const std::vector<TraceEvent>& mine) {
    std::vector<double> buf;
    buf.reserve(mine.size() * fields);
    for (const auto& e : mine) pack(e, buf);
    if (all.rank() != 0) {
        const std::int64_t count = std::int64_t(buf.size());
        all.send(std::span<const std::int64_t>(&count, 1), 0, trace_tag);
        all.send(std::span<const double>(buf), 0, trace_tag);
        return {};
    }
    std::vector<TraceEvent> out(mine);
    for (int r = 1; r < all.size(); ++r) {
        std::int64_t count = 0;
        all.recv(std::span<std::int64_t>(&count, 1), r, trace_tag);
        buf.resize(std::size_t(count));
        all.recv(std::span<double>(buf), r, trace_tag);
        for (std::size_t i = 0; i + fields <= buf.size(); i += fields) out.push_back(unpack(&buf[i]));
    }
    return out;
}

namespace {

/// A rank's steps as compared: those outside pools in the order they ran, then the pools'
/// steps sorted (threads take them in any order, beside the lane's steps).
std::vector<schedule::Step> canonical(const std::vector<schedule::Step>& steps) {
    std::vector<schedule::Step> out, pooled;
    for (const auto& s : steps) (s.pool >= 0 ? pooled : out).push_back(s);
    auto key = [](const schedule::Step& s) {
        return std::tuple(s.panel, s.pool, s.col0, s.row0, int(s.kind), s.col1, s.row1, s.poll);
    };
    std::sort(pooled.begin(), pooled.end(), [&](const auto& x, const auto& y) { return key(x) < key(y); });
    out.insert(out.end(), pooled.begin(), pooled.end());
    return out;
}

std::string describe(const schedule::Step& s) {
    return fmt::format("{} panel {} cols [{}, {}) rows [{}, {}){}", schedule::step_name(s.kind),
                       s.panel, s.col0, s.col1, s.row0, s.row1,
                       s.pool >= 0 ? fmt::format(" pool {}", s.pool) : std::string());
}

std::map<int, std::vector<schedule::Step>> by_rank(const std::vector<TraceEvent>& t) {
    std::map<int, std::vector<schedule::Step>> out;
    for (const auto& e : t) out[e.rank].push_back(e.step);
    return out;
}

}  // namespace

std::string trace_difference(const std::vector<TraceEvent>& a, const std::vector<TraceEvent>& b) {
    auto ra = by_rank(a), rb = by_rank(b);
    for (const auto& [rank, steps] : ra)
        if (!rb.count(rank)) return fmt::format("rank {} is in the first trace only", rank);
    for (const auto& [rank, steps] : rb) {
        if (!ra.count(rank)) return fmt::format("rank {} is in the second trace only", rank);
        const auto x = canonical(ra[rank]), y = canonical(steps);
        for (std::size_t i = 0; i < std::max(x.size(), y.size()); ++i) {
            if (i < x.size() && i < y.size() && x[i] == y[i]) continue;
            return fmt::format("rank {}, step {} of {} and {}: {} against {}", rank, i, x.size(),
                               y.size(), i < x.size() ? describe(x[i]) : "nothing",
                               i < y.size() ? describe(y[i]) : "nothing");
        }
    }
    return {};
}

}  // namespace exa::hpl
