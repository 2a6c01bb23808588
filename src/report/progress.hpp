#pragma once
// A one-line progress display on a terminal: percent done, current rate, time left.
// Silent when standard error is not a terminal, so logs and pipes stay clean.
#include <chrono>
#include <string>

namespace exa::report {

class Progress {
public:
    /// `total_flops` is the work of the whole run; `label` names it ("HPL N=20000").
    Progress(std::string label, double total_flops, bool enabled);
    /// The same for work counted in other units: the rate shows as "x.xx `unit`".
    Progress(std::string label, double total_work, bool enabled, std::string unit);
    ~Progress();
    /// Fraction of the work done, 0..1 (rate-limited: redraws at most a few times a second).
    void update(double fraction);
    /// Clears the line.
    void finish();
    /// True when standard error is a terminal.
    static bool terminal();

private:
    using clock = std::chrono::steady_clock;
    std::string label_;
    double total_flops_;
    std::string unit_ = "GFLOP/s";
    double unit_scale_ = 1e9;
    bool enabled_, drawn_ = false;
    clock::time_point start_, last_draw_;
    double last_fraction_ = 0;
    clock::time_point last_time_;
};

}  // namespace exa::report
