#pragma once
// The steps a process executed (or the twin simulated), with their times: what
// `--trace FILE` writes, what the tests compare between a run and its simulation, and what
// a report draws as a timeline.
#include <mutex>
#include <string>
#include <vector>

#include "comm/communicator.hpp"
#include "hpl/schedule.hpp"

namespace exa::hpl {

struct TraceEvent {
    int rank = 0;
    int worker = 0;          ///< the thread (lookahead by threads), else 0
    schedule::Step step;
    double t0 = 0, t1 = 0;   ///< seconds from the start of the timed region
};

/// Collects one process's events while it runs. A solver given none records nothing.
class StepTrace {
public:
    /// Times are counted from now on.
    explicit StepTrace(int rank);
    /// Counts times from now on, events kept.
    void restart();
    /// Safe from several threads at once.
    void record(const schedule::Step& step, double t0, double t1, int worker = 0);
    [[nodiscard]] double origin() const noexcept { return origin_; }
    [[nodiscard]] const std::vector<TraceEvent>& events() const noexcept { return events_; }

private:
    int rank_;
    double origin_;
    std::mutex mutex_;
    std::vector<TraceEvent> events_;
};

/// Every rank's events on rank 0 (collective over `all`), in rank order; empty elsewhere.
std::vector<TraceEvent> gather_events(comm::Communicator& all, const std::vector<TraceEvent>& mine);

/// Whether two traces list the same steps in the same order on every rank, times aside:
/// the steps of one pool of one stage are compared as a set (threads take them in any order).
/// Empty when they do; else where they first differ, in words.
std::string trace_difference(const std::vector<TraceEvent>& a, const std::vector<TraceEvent>& b);

}  // namespace exa::hpl
