#include "report/prediction_report.hpp"

#include <fmt/format.h>

#include <cmath>

namespace exa::report {

std::string duration(double s) {
    if (s < 120) return fmt::format("{:.2f} s", s);
    if (s < 7200) return fmt::format("{:.0f} s ({:.1f} min)", s, s / 60);
    return fmt::format("{:.0f} s ({:.0f} h {:02.0f} min)", s, std::floor(s / 3600), std::floor(std::fmod(s, 3600) / 60));
}

std::string grouped(double v) {
    std::string s = fmt::format("{:.0f}", std::abs(v));
    if (!std::isfinite(v)) return s;
    for (int i = int(s.size()) - 3; i > 0; i -= 3) s.insert(std::size_t(i), ",");
    return v < 0 ? "-" + s : s;
}

std::string flops_with_unit(double gflops) {
    static const char* units[] = {"GFlop/s", "TFlop/s", "PFlop/s", "EFlop/s"};
    int u = 0;
    while (u < 3 && std::abs(gflops) >= 1000) {
        gflops /= 1000;
        ++u;
    }
    return fmt::format("{:.{}f} {}", gflops, gflops < 10 ? 3 : gflops < 100 ? 2 : 1, units[u]);
}

void print_assumptions(std::FILE* out, const twin::Machine& m, const std::string& module) {
    for (const auto& a : m.module(module).assumptions) fmt::print(out, "  Assumes     {}\n", a);
}

void print_prediction(std::FILE* out, const twin::Machine& m, const twin::Prediction& p) {
    const auto& prm = p.params;
    const auto& b = p.sim.breakdown;
    const int procs = prm.p * prm.q;
    fmt::print(out, "exabench predict: HPL on {} (module {}), simulated\n", m.name, p.module);
    fmt::print(out, "  Machine     {}\n", m.description);
    fmt::print(out, "  Processes   {} on {} nodes ({} per node{}), matrix in {} memory",
               grouped(procs), grouped(p.nodes), p.ranks_per_node,
               p.threads > 1 ? fmt::format(", {} threads each", p.threads) : "",
               twin::matrix_memory_name(p.matrix_memory));
    if (p.host_fraction > 0) fmt::print(out, " ({:.0f}% of it in CPU memory)", 100 * p.host_fraction);
    fmt::print(out, "\n  Kernels     {}\n",
               p.calibrated ? "calibrated on this machine" : "from specifications (roofline x efficiency by shape)");
    print_assumptions(out, m, p.module);
    fmt::print(out, "\n{:<10} {:>12} {:>6} {:>6} {:>6} {:>16} {:>16}\n", "T/V", "N", "NB", "P", "Q", "Time", "Gflops");
    fmt::print(out, "{:<10} {:>12} {:>6} {:>6} {:>6} {:>16.2f} {:>16.4e}   (predicted)\n\n",
               hpl::tv_code(prm), prm.n, prm.nb, prm.p, prm.q, p.sim.time_s, p.sim.gflops);
    fmt::print(out, "  Time        {}\n", duration(p.sim.time_s));
    fmt::print(out, "  Rmax        {}\n", flops_with_unit(p.sim.gflops));
    fmt::print(out, "  Rpeak       {} (nodes used); Rmax/Rpeak {:.1f}%\n", flops_with_unit(p.rpeak_gflops),
               100 * p.sim.gflops / p.rpeak_gflops);
    if (p.power_kw > 0)
        fmt::print(out, "  Power       {} kW at load; {:.2f} GFlops/W\n", grouped(p.power_kw), p.gflops_per_watt());
    const double t = p.sim.time_s;
    fmt::print(out, "  Time goes   update {:.1f}%, row swaps {:.1f}%, panel factorization {:.1f}%, "
                    "broadcast {:.1f}%, waiting {:.1f}%, back-solve {:.1f}%\n",
               100 * b.update / t, 100 * b.row_swaps / t, 100 * b.panel_factorization / t,
               100 * b.broadcast / t, 100 * b.waiting / t, 100 * b.back_solve / t);
    if (m.published.rmax_gflops > 0) {
        fmt::print(out, "  Published   {} ({}); the prediction is {:+.1f}%\n",
                   flops_with_unit(m.published.rmax_gflops), m.published.list,
                   100 * (p.sim.gflops / m.published.rmax_gflops - 1));
        if (m.published.power_kw > 0 && p.power_kw > 0)
            fmt::print(out, "  Published   {} kW; the prediction is {:+.1f}%\n", grouped(m.published.power_kw),
                       100 * (p.power_kw / m.published.power_kw - 1));
    }
    std::fflush(out);
}

void print_scaling(std::FILE* out, const std::vector<twin::Prediction>& points) {
    fmt::print(out, "  Scaling     {:>8} {:>12} {:>6} {:>12} {:>16} {:>8}\n", "nodes", "N", "NB", "P x Q", "Rmax",
               "of Rpeak");
    for (const auto& p : points)
        fmt::print(out, "              {:>8} {:>12} {:>6} {:>12} {:>16} {:>7.1f}%\n", grouped(p.nodes), p.params.n,
                   p.params.nb, fmt::format("{} x {}", p.params.p, p.params.q), flops_with_unit(p.sim.gflops),
                   100 * p.sim.gflops / p.rpeak_gflops);
    std::fflush(out);
}

nlohmann::json scaling_record(const std::vector<twin::Prediction>& points) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : points)
        out.push_back({{"nodes", p.nodes}, {"n", p.params.n}, {"nb", p.params.nb}, {"p", p.params.p},
                       {"q", p.params.q}, {"time_s", p.sim.time_s}, {"gflops", p.sim.gflops},
                       {"rpeak_gflops", p.rpeak_gflops}});
    return out;
}

void print_tuning(std::FILE* out, const std::vector<twin::Prediction>& c, std::size_t keep) {
    fmt::print(out, "\nBest configurations (of {} simulated):\n", c.size());
    fmt::print(out, "  {:>4} {:>12} {:>6} {:>12} {:>14} {:>16} {:>8}\n", "", "N", "NB", "P x Q", "Time (s)", "Rmax", "of best");
    for (std::size_t i = 0; i < std::min(keep, c.size()); ++i) {
        const auto& p = c[i];
        fmt::print(out, "  {:>4} {:>12} {:>6} {:>12} {:>14.1f} {:>16} {:>7.1f}%\n", i + 1, p.params.n, p.params.nb,
                   fmt::format("{} x {}", p.params.p, p.params.q), p.sim.time_s, flops_with_unit(p.sim.gflops),
                   100 * p.sim.gflops / c.front().sim.gflops);
    }
    std::fflush(out);
}

void print_catalog(std::FILE* out, const std::vector<twin::Machine>& machines) {
    fmt::print(out, "{:<32} {:>7}  {:<34} {:>14}  {}\n", "MACHINE", "NODES", "NODE", "RPEAK", "DESCRIPTION");
    for (const auto& m : machines) {
        for (const auto& mod : m.modules) {
            const std::string node = mod.has_accelerators()
                                         ? fmt::format("{} x {}", mod.accelerator.count, mod.accelerator.model)
                                         : fmt::format("{} x {}", mod.cpu.sockets, mod.cpu.model);
            const std::string name = m.modules.size() > 1 ? m.name + ":" + mod.name : m.name;
            fmt::print(out, "{:<32} {:>7}  {:<34.34} {:>14}  {}\n", name, grouped(mod.nodes), node,
                       flops_with_unit(mod.nodes * mod.node_rpeak_gflops()),
                       &mod == &m.modules.front() ? m.description : "");
        }
    }
    std::fflush(out);
}

void print_devices(std::FILE* out, const std::vector<twin::Device>& devices) {
    fmt::print(out, "{:<14} {:<4} {:<36} {:>9} {:>9} {:>7} {:>8} {:>6}  {}\n", "DEVICE", "KIND", "MODEL", "FP64 TF",
               "DGEMM TF", "MEM GB", "GB/S", "TDP W", "DGEMM FROM");
    for (const auto& d : devices) {
        const char* basis = twin::Device::dgemm_source_name(d.dgemm_source());
        fmt::print(out, "{:<14} {:<4} {:<36.36} {:>9.1f} {:>9.1f} {:>7.0f} {:>8.0f} {:>6.0f}  {}\n", d.name,
                   twin::device_kind_name(d.kind), d.model, d.fp64_gemm_peak(), d.fp64_gemm_peak() * d.dgemm_efficiency(),
                   d.memory_gb + d.second_memory_gb, d.sustained_gbs(), d.tdp_w, basis);
    }
    std::fflush(out);
}

void print_prediction_beside(std::FILE* out, const twin::Prediction& p, double measured_s) {
    fmt::print(out, "Twin prediction ({}): {:.2f} s, {:.4e} Gflops; measured {:.2f} s: the prediction is {:+.1f}%\n",
               p.calibrated ? "calibrated" : "not calibrated: run exabench calibrate", p.sim.time_s,
               p.sim.gflops, measured_s, 100 * (p.sim.time_s / measured_s - 1));
    std::fflush(out);
}

nlohmann::json prediction_record(const twin::Machine& m, const twin::Prediction& p) {
    const auto& b = p.sim.breakdown;
    nlohmann::json j = {
        {"benchmark", "hpl"},
        {"machine", m.name},
        {"module", p.module},
        {"nodes", p.nodes},
        {"ranks_per_node", p.ranks_per_node},
        {"threads_per_rank", p.threads},
        {"matrix_memory", twin::matrix_memory_name(p.matrix_memory)},
        {"n", p.params.n},
        {"nb", p.params.nb},
        {"p", p.params.p},
        {"q", p.params.q},
        {"tv", hpl::tv_code(p.params)},
        {"time_s", p.sim.time_s},
        {"gflops", p.sim.gflops},
        {"rpeak_gflops", p.rpeak_gflops},
        {"calibrated", p.calibrated},
        {"assumptions", m.module(p.module).assumptions},
        {"breakdown",
         {{"panel_factorization_s", b.panel_factorization},
          {"broadcast_s", b.broadcast},
          {"waiting_s", b.waiting},
          {"row_swaps_s", b.row_swaps},
          {"update_s", b.update},
          {"back_solve_s", b.back_solve}}}};
    if (p.power_kw > 0) {
        j["power_kw"] = p.power_kw;
        j["gflops_per_watt"] = p.gflops_per_watt();
    }
    if (m.published.rmax_gflops > 0)
        j["published"] = {{"list", m.published.list},
                          {"rmax_gflops", m.published.rmax_gflops},
                          {"power_kw", m.published.power_kw}};
    return j;
}

}  // namespace exa::report
