#include "common/interrupt.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <string>

namespace exa {
namespace {

std::atomic<int> g_signal{0};
constexpr unsigned grace_seconds = 5;

void on_stop(int sig) {
    if (g_signal.exchange(sig) != 0) _exit(128 + sig);  // a second one: now
    alarm(grace_seconds);
}

/// The grace ran out: clear the terminal's line, say why, and leave.
void on_grace_over(int) {
    const int sig = g_signal.load();
    static const char msg[] = "\r\033[Kexabench: stopped by a signal (no check came in time)\n";
    if (isatty(STDERR_FILENO)) {
        [[maybe_unused]] auto n = write(STDERR_FILENO, msg, sizeof msg - 1);
    } else {
        [[maybe_unused]] auto n = write(STDERR_FILENO, msg + 4, sizeof msg - 5);
    }
    _exit(128 + (sig ? sig : SIGTERM));
}

}  // namespace

Interrupted::Interrupted(int signal)
    : Error(std::string("stopped by ") + (signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : strsignal(signal))),
      signal_(signal) {}

void install_interrupt_handlers() {
    struct sigaction sa {};
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    struct sigaction alarm_sa {};
    alarm_sa.sa_handler = on_grace_over;
    sigemptyset(&alarm_sa.sa_mask);
    sigaction(SIGALRM, &alarm_sa, nullptr);
}

void check_interrupt() {
    if (const int sig = g_signal.load(std::memory_order_relaxed)) throw Interrupted(sig);
}

}  // namespace exa
