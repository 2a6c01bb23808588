#include "probe/blas_kernels.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

namespace exa::probe {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

/// The words after the colon of the first line of `text` that starts with `key`.
std::set<std::string> words_of_line(const std::string& text, const std::string& key) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(key, 0) != 0) continue;
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::istringstream w(line.substr(colon + 1));
        std::set<std::string> out;
        for (std::string s; w >> s;) out.insert(s);
        return out;
    }
    return {};
}

template <class Fn>
Fn symbol(const char* name) {
    return reinterpret_cast<Fn>(dlsym(RTLD_DEFAULT, name));
}

bool is_arm(Isa i) { return i == Isa::asimd || i == Isa::sve || i == Isa::sve2; }

}  // namespace

const char* isa_name(Isa i) {
    switch (i) {
        case Isa::unknown: return "unknown";
        case Isa::sse2: return "SSE2";
        case Isa::sse3: return "SSE3";
        case Isa::sse4: return "SSE4";
        case Isa::avx: return "AVX";
        case Isa::avx2: return "AVX2";
        case Isa::avx512: return "AVX-512";
        case Isa::asimd: return "ASIMD";
        case Isa::sve: return "SVE";
        case Isa::sve2: return "SVE2";
    }
    return "unknown";
}

std::string CpuIsa::describe() const {
    std::string s = isa_name(isa);
    for (const auto& e : extras) s += " + " + e;
    return s;
}

CpuIsa cpu_isa_from_cpuinfo(const std::string& cpuinfo) {
    CpuIsa c;
    if (const auto f = words_of_line(cpuinfo, "flags"); !f.empty()) {  // x86
        auto has = [&](const char* w) { return f.count(w) > 0; };
        c.isa = has("avx512f") ? Isa::avx512 : has("avx2") ? Isa::avx2 : has("avx") ? Isa::avx
                : has("sse4_2") ? Isa::sse4 : has("pni") ? Isa::sse3 : Isa::sse2;
        if (has("fma")) c.extras.push_back("FMA");
        if (has("avx512_bf16")) c.extras.push_back("AVX512-BF16");
        if (has("avx512_fp16")) c.extras.push_back("AVX512-FP16");
        if (has("amx_tile")) c.extras.push_back("AMX");
        return c;
    }
    if (const auto f = words_of_line(cpuinfo, "Features"); !f.empty()) {  // Arm
        auto has = [&](const char* w) { return f.count(w) > 0; };
        c.isa = has("sve2") ? Isa::sve2 : has("sve") ? Isa::sve : has("asimd") ? Isa::asimd : Isa::unknown;
        if (has("bf16") || has("svebf16")) c.extras.push_back("BF16");
        if (has("sme")) c.extras.push_back("SME");
    }
    return c;
}

CpuIsa detect_cpu_isa() {
    std::ifstream in("/proc/cpuinfo");
    std::stringstream all;
    all << in.rdbuf();
    return cpu_isa_from_cpuinfo(all.str());
}

Isa openblas_core_isa(const std::string& core) {
    const std::string c = lower(core);
    for (const char* n : {"skylakex", "cooperlake", "sapphirerapids"})
        if (c == n) return Isa::avx512;
    for (const char* n : {"haswell", "zen"})
        if (c == n) return Isa::avx2;
    for (const char* n : {"sandybridge", "bulldozer", "piledriver", "steamroller", "excavator"})
        if (c == n) return Isa::avx;
    for (const char* n : {"nehalem", "dunnington", "penryn"})
        if (c == n) return Isa::sse4;
    for (const char* n : {"prescott", "core2", "atom", "opteron_sse3", "barcelona", "bobcat", "nano"})
        if (c == n) return Isa::sse3;
    for (const char* n : {"katmai", "coppermine", "northwood", "banias", "athlon", "opteron"})
        if (c == n) return Isa::sse2;
    for (const char* n : {"a64fx", "armv8sve", "neoversev1"})
        if (c == n) return Isa::sve;
    if (c == "neoversen2" || c == "neoversev2") return Isa::sve2;
    for (const char* n : {"armv8", "cortexa53", "cortexa55", "cortexa57", "cortexa72", "cortexa73",
                          "neoversen1", "thunderx", "thunderx2t99", "thunderx3t110", "tsv110",
                          "emag8180", "falkor", "vortex"})
        if (c == n) return Isa::asimd;
    return Isa::unknown;
}

std::string BlasKernels::describe() const {
    std::string s = library;
    if (!version.empty()) s += " " + version;
    if (!kernels.empty()) s += ", " + kernels + " kernels";
    if (isa != Isa::unknown) s += fmt::format(" ({})", isa_name(isa));
    return s;
}

BlasKernels detect_blas() {
    BlasKernels b;
    using str_fn = char* (*)();
    if (auto config = symbol<str_fn>("openblas_get_config")) {
        b.library = "OpenBLAS";
        b.config = config();  // "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Cooperlake ..."
        std::istringstream w(b.config);
        std::string first, second;
        w >> first >> second;
        b.version = first == "OpenBLAS" ? second : first;
        // The kernels that run: the core chosen at load time (or named by OPENBLAS_CORETYPE).
        if (auto core = symbol<str_fn>("openblas_get_corename")) b.kernels = core();
        b.isa = openblas_core_isa(b.kernels);
        return b;
    }
    using mkl_version_fn = void (*)(char*, int);
    if (auto mkl = symbol<mkl_version_fn>("mkl_get_version_string")) {
        char text[256] = {};
        mkl(text, sizeof text - 1);
        b.library = "Intel MKL";
        b.config = text;
        // MKL dispatches on the CPU by itself (MKL_ENABLE_INSTRUCTIONS can cap it).
        b.kernels = "dispatched by MKL";
        return b;
    }
    using blis_str_fn = const char* (*)();
    if (auto version = symbol<blis_str_fn>("bli_info_get_version_str")) {
        b.library = "BLIS";
        b.version = version();
        using arch_id_fn = int (*)();
        using arch_name_fn = const char* (*)(int);
        auto id = symbol<arch_id_fn>("bli_arch_query_id");
        auto name = symbol<arch_name_fn>("bli_arch_string");
        if (id && name) b.kernels = name(id());
        b.config = "BLIS " + b.version;
        return b;
    }
    Dl_info info{};
    if (void* sym = dlsym(RTLD_DEFAULT, "dgemm_"); sym && dladdr(sym, &info) && info.dli_fname)
        b.library = info.dli_fname;
    else
        b.library = "unknown";
    b.config = b.library;
    return b;
}

KernelAdvice advise(const BlasKernels& blas, const CpuIsa& cpu) {
    KernelAdvice a;
    if (blas.library != "OpenBLAS" || blas.isa == Isa::unknown || cpu.isa == Isa::unknown) return a;
    if (is_arm(blas.isa) != is_arm(cpu.isa) || int(blas.isa) >= int(cpu.isa)) return a;
    a.below = true;
    switch (cpu.isa) {
        case Isa::avx512: a.coretype = "SkylakeX"; break;
        case Isa::avx2: a.coretype = "Haswell"; break;
        case Isa::avx: a.coretype = "Sandybridge"; break;
        case Isa::sve:
        case Isa::sve2: a.coretype = "ARMV8SVE"; break;
        case Isa::asimd: a.coretype = "ARMV8"; break;
        default: break;
    }
    return a;
}

}  // namespace exa::probe
