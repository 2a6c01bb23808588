#pragma once
// Stopping a run on SIGINT or SIGTERM. The handler only notes the signal; the runs call
// check_interrupt() between their steps, which throws Interrupted, so the stack unwinds: the
// progress line is cleared and no result file is written (they are written whole, at the
// end). A run that does not reach a check within a few seconds (a single long kernel) is
// ended from the handler's timer, the terminal line cleared first.
#include "common/error.hpp"

namespace exa {

class Interrupted : public Error {
public:
    explicit Interrupted(int signal);
    [[nodiscard]] int signal() const noexcept { return signal_; }

private:
    int signal_;
};

/// Installs the handlers for SIGINT and SIGTERM (once, at start).
void install_interrupt_handlers();
/// Throws Interrupted once a signal has come.
void check_interrupt();

}  // namespace exa
