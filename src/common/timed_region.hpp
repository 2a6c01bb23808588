#pragma once
// Hooks around a benchmark's timed region, called on every rank after the barrier that opens
// it and before the reduction that closes it: what they measure (energy) covers exactly what
// the reported time covers.
#include <functional>

namespace exa {

struct TimedRegion {
    std::function<void()> begin, end;
    void enter() const {
        if (begin) begin();
    }
    void leave() const {
        if (end) end();
    }
};

}  // namespace exa
