#include "probe/host.hpp"

#include "probe/blas_kernels.hpp"

#include <sched.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

namespace exa::probe {
namespace {

std::uint64_t meminfo_kib(const std::string& key) {
    std::ifstream in("/proc/meminfo");
    std::string k;
    std::uint64_t v = 0;
    std::string unit;
    while (in >> k >> v >> unit)
        if (k == key + ":") return v;
    return 0;
}

std::string read_cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) {
            auto pos = line.find(':');
            return pos == std::string::npos ? line : line.substr(pos + 2);
        }
    return "unknown";
}

}  // namespace

std::uint64_t available_memory_bytes() {
    if (auto kib = meminfo_kib("MemAvailable")) return kib * 1024;
    return std::uint64_t(sysconf(_SC_AVPHYS_PAGES)) * std::uint64_t(sysconf(_SC_PAGESIZE));
}

int usable_cores() {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof(set), &set) == 0) return CPU_COUNT(&set);
    return int(std::thread::hardware_concurrency());
}

MachineInfo MachineInfo::detect() {
    MachineInfo m;
    char host[256] = {};
    gethostname(host, sizeof(host) - 1);
    m.hostname = host;
    m.cpu_model = read_cpu_model();
    m.cores = usable_cores();
    m.memory_gib = double(meminfo_kib("MemTotal")) / (1024.0 * 1024.0);
    m.available_gib = double(available_memory_bytes()) / double(1ULL << 30);
    const auto blas = detect_blas();
    m.blas = blas.config;
    m.blas_kernels = blas.describe();
    m.cpu_isa = detect_cpu_isa().describe();
    return m;
}

nlohmann::json MachineInfo::to_json() const {
    return {{"hostname", hostname},     {"cpu", cpu_model},
            {"cores", cores},           {"memory_gib", memory_gib},
            {"available_gib", available_gib},
            {"ranks", ranks},           {"ranks_per_node", ranks_per_node},
            {"threads_per_rank", threads_per_rank},
            {"blas", blas},             {"blas_kernels", blas_kernels},
            {"cpu_isa", cpu_isa},       {"mpi", mpi},
            {"backend", backend},       {"accelerator", accelerator},
            {"placement", placement_json(placement)}};
}

}  // namespace exa::probe
