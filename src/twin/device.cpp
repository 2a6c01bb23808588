#include "twin/device.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "common/error.hpp"
#include "common/toml_reader.hpp"

namespace exa::twin {
namespace {

using Sign = TomlReader::Sign;

MeasuredRate read_rate(const TomlReader& r, std::string_view unit) {
    r.only({unit, "data", "power_w", "source"});
    MeasuredRate m;
    m.rate = r.number(unit);
    m.data = r.text_or("data", "");
    m.power_w = r.number_or("power_w", 0);
    m.source = r.text("source");
    return m;
}

}  // namespace

Device::DgemmSource Device::dgemm_source() const {
    if (dgemm.known()) return DgemmSource::dgemm;
    if (sgemm.known() && fp64_matrix > 0 && std::abs(fp32 / fp64_matrix - 1) < 0.02) return DgemmSource::sgemm;
    if (gemm16.known() && fp16_peak() > 0 && fp64_matrix > 0) return DgemmSource::gemm16;
    return DgemmSource::class_default;
}

const char* Device::dgemm_source_name(DgemmSource s) {
    switch (s) {
        case DgemmSource::dgemm: return "measured";
        case DgemmSource::sgemm: return "SGEMM on the same units";
        case DgemmSource::gemm16: return "16-bit GEMM efficiency";
        case DgemmSource::class_default: return "specification only";
    }
    return "?";
}

double Device::dgemm_efficiency() const {
    switch (dgemm_source()) {
        case DgemmSource::dgemm: return std::min(1.0, dgemm.rate / fp64_gemm_peak());
        case DgemmSource::sgemm: return std::min(1.0, sgemm.rate / fp32);
        // The matrix units' measured 16-bit efficiency stands in for FP64 on the same units.
        case DgemmSource::gemm16: return std::min(1.0, gemm16.rate / fp16_peak());
        case DgemmSource::class_default: break;
    }
    return kind == DeviceKind::cpu ? default_cpu_dgemm_efficiency : default_gpu_dgemm_efficiency;
}

std::string Device::dgemm_basis() const {
    const double eff = dgemm_efficiency();
    auto at_power = [](const MeasuredRate& r) { return r.power_w > 0 ? fmt::format(" at {:.0f} W", r.power_w) : ""; };
    switch (dgemm_source()) {
        case DgemmSource::dgemm:
            return fmt::format("DGEMM {:.3g} TFLOP/s measured, {:.0f}% of peak{}{} (devices/{}.toml {})", dgemm.rate,
                               100 * eff, dgemm.data.empty() ? "" : "; data: " + dgemm.data, at_power(dgemm), name,
                               dgemm.source);
        case DgemmSource::sgemm:
            return fmt::format("DGEMM at {:.0f}% of peak: SGEMM's measured efficiency on the same matrix units{} "
                               "stands in (devices/{}.toml {})",
                               100 * eff, at_power(sgemm), name, sgemm.source);
        case DgemmSource::gemm16:
            return fmt::format("DGEMM at {:.0f}% of peak: the matrix units' measured 16-bit GEMM efficiency{} "
                               "stands in (devices/{}.toml {})",
                               100 * eff, at_power(gemm16), name, gemm16.source);
        case DgemmSource::class_default: break;
    }
    return fmt::format("specification only: DGEMM at {:.0f}% of peak, the {} class default", 100 * eff,
                       device_kind_name(kind));
}

double Device::gemm16_efficiency() const {
    if (gemm16.known() && fp16_peak() > 0) return std::min(1.0, gemm16.rate / fp16_peak());
    return default_gpu_dgemm_efficiency;
}

double Device::sustained_gbs() const {
    return stream.known() ? stream.rate : default_stream_efficiency * memory_gbs;
}

Device parse_device(std::string_view text, const std::string& origin) {
    const toml::table doc = parse_toml(text, origin);
    const TomlReader r(doc, origin);
    r.only({"name", "kind", "model", "clock_ghz", "dies", "rpeak", "cores", "fp64_flops_per_cycle",
            "numa_domains", "cpu_cores", "cpu_fp64_flops_per_cycle", "peak", "memory", "links", "power",
            "measured"});
    Device d;
    d.name = r.text("name");
    const auto kind = r.choice("kind", {"gpu", "apu", "cpu"});
    d.kind = kind == "gpu" ? DeviceKind::gpu : kind == "apu" ? DeviceKind::apu : DeviceKind::cpu;
    d.model = r.text("model");
    d.clock_ghz = r.number("clock_ghz");
    if (d.clock_ghz > 10) r.fail("clock_ghz", "above 10 GHz: the unit is GHz");
    d.dies = r.integer_or("dies", 1, 1);
    if (d.dies > 64) r.fail("dies", "at most 64 per package");
    if (d.kind == DeviceKind::cpu) {
        d.cores = r.integer("cores");
        if (d.cores > 100000) r.fail("cores", "at most 100,000 per socket");
        d.fp64_flops_per_cycle = r.number("fp64_flops_per_cycle");
        d.numa_domains = r.integer_or("numa_domains", 1, 1);
        d.fp64_vector = d.cores * d.clock_ghz * d.fp64_flops_per_cycle / 1e3;
    } else {
        if (d.kind == DeviceKind::apu) {
            d.cores = r.integer("cpu_cores");
            if (d.cores > 100000) r.fail("cpu_cores", "at most 100,000 per package");
            d.fp64_flops_per_cycle = r.number("cpu_fp64_flops_per_cycle");
        }
        d.rpeak_vector = r.choice("rpeak", {"fp64_vector", "fp64_matrix"}) == "fp64_vector";
        const auto p = r.table("peak");
        p.only({"fp64_vector", "fp64_matrix", "fp32", "tf32", "fp16", "bf16", "fp8"});
        d.fp64_vector = p.number("fp64_vector");
        d.fp64_matrix = p.number_or("fp64_matrix", 0);
        d.fp32 = p.number("fp32");
        d.tf32 = p.number_or("tf32", 0);
        d.fp16 = p.number_or("fp16", 0);
        d.bf16 = p.number_or("bf16", 0);
        d.fp8 = p.number_or("fp8", 0);
        if (d.fp64_vector > 1e4) p.fail("fp64_vector", "above 10,000: the unit is TFLOP/s");
    }
    const auto mem = r.table("memory");
    mem.only({"gb", "gbs", "second"});
    d.memory_gb = mem.number("gb");
    d.memory_gbs = mem.number("gbs");
    if (mem.has("second")) {
        const auto s = mem.table("second");
        s.only({"gb", "gbs"});
        d.second_memory_gb = s.number("gb");
        d.second_memory_gbs = s.number("gbs");
    }
    if (r.has("links")) {
        const auto l = r.table("links");
        l.only({"host_gbs", "peer_gbs", "die_gbs"});
        d.host_link_gbs = l.number_or("host_gbs", 0);
        d.peer_link_gbs = l.number_or("peer_gbs", 0);
        d.die_link_gbs = l.number_or("die_gbs", 0);
        if (d.dies > 1 && d.die_link_gbs <= 0) l.fail("die_gbs", "missing key (needed with dies > 1)");
    }
    if (d.kind == DeviceKind::gpu && d.host_link_gbs <= 0) {
        if (r.has("links")) r.table("links").fail("host_gbs", "missing key (a GPU needs its link to the host)");
        r.fail("links", "missing table (a GPU needs [links] host_gbs)");
    }
    const auto pw = r.table("power");
    pw.only({"tdp_w", "includes_cpu"});
    d.tdp_w = pw.number("tdp_w");
    d.tdp_includes_cpu = pw.flag_or("includes_cpu", false);
    if (r.has("measured")) {
        const auto m = r.table("measured");
        m.only({"dgemm", "sgemm", "gemm16", "stream"});
        if (m.has("dgemm")) d.dgemm = read_rate(m.table("dgemm"), "tflops");
        if (m.has("sgemm")) d.sgemm = read_rate(m.table("sgemm"), "tflops");
        if (m.has("gemm16")) d.gemm16 = read_rate(m.table("gemm16"), "tflops");
        if (m.has("stream")) d.stream = read_rate(m.table("stream"), "gbs");
        if (d.dgemm.known() && d.dgemm.rate > d.fp64_gemm_peak() * 1.02)
            m.table("dgemm").fail("tflops", fmt::format("{} is above the FP64 peak {}", d.dgemm.rate, d.fp64_gemm_peak()));
        auto at_most = [&](const MeasuredRate& rate, const char* table, double peak, const char* what) {
            if (!rate.known()) return;
            if (peak <= 0) m.table(table).fail("tflops", fmt::format("the device has no {} peak ([peak])", what));
            if (rate.rate > peak * 1.02)
                m.table(table).fail("tflops", fmt::format("{} is above the {} peak {}", rate.rate, what, peak));
        };
        at_most(d.sgemm, "sgemm", d.fp32, "FP32");
        at_most(d.gemm16, "gemm16", d.fp16_peak(), "FP16/BF16");
        if (d.stream.known() && d.stream.rate > d.memory_gbs * 1.02)
            m.table("stream").fail("gbs", fmt::format("{} is above the memory's peak {}", d.stream.rate, d.memory_gbs));
    }
    return d;
}

const std::vector<Device>& builtin_devices() {
    static const std::vector<Device> devices = [] {
        std::vector<Device> out;
        for (const auto& f : builtin_device_files())
            out.push_back(parse_device(f.text, "devices/" + std::string(f.file)));
        return out;
    }();
    return devices;
}

Device find_device(const std::string& name) {
    std::vector<std::string> names;
    for (const auto& d : builtin_devices()) {
        if (d.name == name) return d;
        names.push_back(d.name);
    }
    throw InputError(fmt::format("no device \"{}\" in the catalog (known: {})", name, fmt::join(names, ", ")));
}

const char* device_kind_name(DeviceKind k) {
    switch (k) {
        case DeviceKind::gpu: return "GPU";
        case DeviceKind::apu: return "APU";
        case DeviceKind::cpu: return "CPU";
    }
    return "?";
}

}  // namespace exa::twin
