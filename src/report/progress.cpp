#include "report/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace exa::report {

Progress::Progress(std::string label, double total_flops, bool enabled)
    : label_(std::move(label)), total_flops_(total_flops), enabled_(enabled && terminal()),
      start_(clock::now()), last_draw_(start_), last_time_(start_) {}

Progress::Progress(std::string label, double total_work, bool enabled, std::string unit)
    : Progress(std::move(label), total_work, enabled) {
    unit_ = std::move(unit);
    unit_scale_ = 1;
}

Progress::~Progress() { finish(); }

bool Progress::terminal() { return isatty(STDERR_FILENO) == 1; }

void Progress::update(double fraction) {
    if (!enabled_) return;
    const auto t = clock::now();
    if (t - last_draw_ < std::chrono::milliseconds(250) && fraction < 1.0) return;
    const double dt = std::chrono::duration<double>(t - last_time_).count();
    const double elapsed = std::chrono::duration<double>(t - start_).count();
    // Current rate over the last interval; the remaining time from the average rate.
    const double rate = dt > 0 ? (fraction - last_fraction_) * total_flops_ / dt / unit_scale_ : 0.0;
    const double left = fraction > 0 ? elapsed * (1.0 - fraction) / fraction : 0.0;
    std::fprintf(stderr, "\r%s  %5.1f%%  %9.2f %s  %6.0f s left ", label_.c_str(), 100.0 * fraction, rate,
                 unit_.c_str(), left);
    std::fflush(stderr);
    drawn_ = true;
    last_draw_ = last_time_ = t;
    last_fraction_ = fraction;
}

void Progress::finish() {
    if (!drawn_) return;
    std::fprintf(stderr, "\r%*s\r", int(label_.size() + unit_.size()) + 48, "");
    std::fflush(stderr);
    drawn_ = false;
}

}  // namespace exa::report
