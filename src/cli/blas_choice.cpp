#include "cli/blas_choice.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "probe/blas_kernels.hpp"
#include "probe/gemm_rate.hpp"
#include "probe/host.hpp"

extern char** environ;

namespace exa::cli {
namespace {

constexpr const char* restarted_var = "EXABENCH_BLAS_RESTARTED";  ///< "core rate_new rate_old"

/// Launchers set these in each rank's environment.
bool under_launcher() {
    for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "SLURM_PROCID", "MV2_COMM_WORLD_SIZE"})
        if (std::getenv(v)) return true;
    return false;
}

/// The main job is `exabench` with flags only; its --blas-kernels value, if given.
bool main_job(int argc, char** argv, std::string& policy) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a.empty() || a[0] != '-') return false;  // a command
        if (a == "--help" || a == "-h" || a == "--version") return false;
        if (a == "--blas-kernels" && i + 1 < argc) policy = argv[++i];
        else if (a.rfind("--blas-kernels=", 0) == 0) policy = a.substr(15);
        else if (a.size() > 2 && a[1] == '-' && a.find('=') == std::string::npos && i + 1 < argc &&
                 argv[i + 1][0] != '-')
            ++i;  // a flag's value
    }
    return true;
}

/// The candidate kernels in a child process: its DGEMM rate, or a negative number when the
/// child failed (its reason in `why`).
double probe_in_child(const std::string& coretype, std::string& why) {
    int out[2];
    if (pipe(out) != 0) {
        why = "cannot start a child process";
        return -1;
    }
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e)
        if (std::strncmp(*e, "OPENBLAS_CORETYPE=", 18) != 0) env.emplace_back(*e);
    env.push_back("OPENBLAS_CORETYPE=" + coretype);
    std::vector<char*> envp;
    for (auto& s : env) envp.push_back(s.data());
    envp.push_back(nullptr);
    char self[] = "/proc/self/exe", cmd[] = "blas-probe";
    char* argv[] = {self, cmd, nullptr};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    pid_t pid = 0;
    const int err = posix_spawn(&pid, "/proc/self/exe", &fa, nullptr, argv, envp.data());
    posix_spawn_file_actions_destroy(&fa);
    close(out[1]);
    if (err != 0) {
        close(out[0]);
        why = std::string("cannot start a child process: ") + std::strerror(err);
        return -1;
    }
    std::string text;
    char buf[256];
    for (ssize_t k; (k = read(out[0], buf, sizeof buf)) > 0;) text.append(buf, std::size_t(k));
    close(out[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) {
        why = fmt::format("the child process died of signal {} ({})", WTERMSIG(status), strsignal(WTERMSIG(status)));
        return -1;
    }
    double rate = 0;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || std::sscanf(text.c_str(), "ok %lf", &rate) != 1) {
        why = "its DGEMM in a child process computed wrong results";
        return -1;
    }
    return rate;
}

}  // namespace

void choose_blas_kernels(int argc, char** argv) {
    if (const char* r = std::getenv(restarted_var)) {  // the second start: say what was done
        char core[64] = {};
        double now = 0, before = 0;
        if (std::sscanf(r, "%63s %lf %lf", core, &now, &before) == 3)
            fmt::print(stderr,
                       "exabench: OpenBLAS had chosen kernels below this CPU's; running with "
                       "OPENBLAS_CORETYPE={} (checked in a child process: DGEMM {:.1f} GFLOP/s against "
                       "{:.1f}). `--blas-kernels keep` runs OpenBLAS's own choice.\n",
                       core, now, before);
        unsetenv(restarted_var);
        return;
    }
    std::string policy;
    if (!main_job(argc, argv, policy)) return;
    if (policy.empty()) policy = std::getenv("OPENBLAS_CORETYPE") ? "keep" : "auto";
    if (policy != "auto" || under_launcher()) return;
    const auto blas = probe::detect_blas();
    const auto advice = probe::advise(blas, probe::detect_cpu_isa());
    if (!advice.below || advice.coretype.empty()) return;

    const auto be = make_cpu_backend(probe::usable_cores());
    const double before = probe::dgemm_gflops(*be, 1024, 2);
    std::string why;
    const double now = probe_in_child(advice.coretype, why);
    if (now < 0) {
        fmt::print(stderr, "exabench: warning: OpenBLAS's {} kernels run below this CPU, but its {} kernels "
                           "failed: {}; running the {} kernels\n",
                   blas.kernels, advice.coretype, why, blas.kernels);
        return;
    }
    if (now < 1.05 * before) return;  // no faster here: keep what OpenBLAS chose
    setenv("OPENBLAS_CORETYPE", advice.coretype.c_str(), 1);
    setenv(restarted_var, fmt::format("{} {:.3f} {:.3f}", advice.coretype, now, before).c_str(), 1);
    execv("/proc/self/exe", argv);
    fmt::print(stderr, "exabench: warning: cannot restart with OPENBLAS_CORETYPE={}: {}\n", advice.coretype,
               std::strerror(errno));
    unsetenv("OPENBLAS_CORETYPE");
    unsetenv(restarted_var);
}

int run_blas_probe() {
    const auto be = make_cpu_backend(probe::usable_cores());
    // A product checked entry by entry against a plain one in long double.
    const idx n = 192;
    std::mt19937_64 g(3);
    std::uniform_real_distribution<double> u(-1, 1);
    std::vector<double> a(std::size_t(n * n)), b(a.size()), c(a.size(), 0.0);
    for (auto& x : a) x = u(g);
    for (auto& x : b) x = u(g);
    be->fp64().gemm(Op::no_trans, Op::no_trans, n, n, n, 1.0, a.data(), n, b.data(), n, 0.0, c.data(), n);
    double worst = 0;
    for (idx j = 0; j < n; ++j)
        for (idx i = 0; i < n; ++i) {
            long double s = 0;
            for (idx k = 0; k < n; ++k) s += (long double)a[std::size_t(i + k * n)] * b[std::size_t(k + j * n)];
            worst = std::max(worst, double(std::fabs((long double)c[std::size_t(i + j * n)] - s)));
        }
    if (!(worst < 1e-12 * double(n))) return 1;
    std::printf("ok %.3f\n", probe::dgemm_gflops(*be, 1024, 2));
    return 0;
}

void warn_if_blas_below_cpu(Backend& be, double dgemm_gflops) {
    const auto blas = probe::detect_blas();
    const auto cpu = probe::detect_cpu_isa();
    const auto advice = probe::advise(blas, cpu);
    if (!advice.below) return;
    if (dgemm_gflops <= 0) dgemm_gflops = probe::dgemm_gflops(be, 1024, 2);
    if (advice.coretype.empty()) {
        fmt::print(stderr, "exabench: warning: {} run below this {} CPU: DGEMM {:.1f} GFLOP/s on {} thread(s)\n",
                   blas.describe(), cpu.describe(), dgemm_gflops, be.threads());
        return;
    }
    fmt::print(stderr,
               "exabench: warning: {} run below this {} CPU: DGEMM {:.1f} GFLOP/s on {} thread(s). "
               "OPENBLAS_CORETYPE={} would use the CPU's own kernels (export it, or mpirun -x "
               "OPENBLAS_CORETYPE={}; a run's residual check tells whether they compute right).\n",
               blas.describe(), cpu.describe(), dgemm_gflops, be.threads(), advice.coretype, advice.coretype);
}

}  // namespace exa::cli
