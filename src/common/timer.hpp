#pragma once
// Wall-clock time for the phases of a run.
#include <chrono>

namespace exa {

/// Seconds on a monotonic clock.
inline double wall_time() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

/// Adds the seconds of its scope to `sink`.
class ScopedTimer {
public:
    explicit ScopedTimer(double& sink) : sink_(sink), t0_(wall_time()) {}
    ~ScopedTimer() { sink_ += wall_time() - t0_; }
    ScopedTimer(const ScopedTimer&) = delete;
    ScopedTimer& operator=(const ScopedTimer&) = delete;

private:
    double& sink_;
    double t0_;
};

}  // namespace exa
