#include "report/benchmark_predictions.hpp"

#include <fmt/format.h>

#include "report/prediction_report.hpp"

namespace exa::report {
namespace {

void print_published(std::FILE* out, double published, double predicted, const std::string& list) {
    if (published > 0)
        fmt::print(out, "  Published   {} ({}); the prediction is {:+.1f}%\n", flops_with_unit(published), list,
                   100 * (predicted / published - 1));
}

}  // namespace

const char* precision_name(twin::LuPrecision p) {
    switch (p) {
        case twin::LuPrecision::fp64: return "fp64";
        case twin::LuPrecision::fp32: return "fp32";
        case twin::LuPrecision::fp16: return "fp16";
    }
    return "?";
}

void print_mxp_prediction(std::FILE* out, const twin::Machine& m, const twin::MxpPrediction& p) {
    const auto& lu = p.lu;
    fmt::print(out, "exabench predict: HPL-MxP on {} (module {}), simulated\n", m.name, lu.module);
    fmt::print(out, "  Processes   {} on {} nodes ({} per node), FP32 matrix in {} memory\n",
               grouped(double(lu.params.p) * lu.params.q), grouped(lu.nodes), lu.ranks_per_node,
               twin::matrix_memory_name(lu.matrix_memory));
    print_assumptions(out, m, lu.module);
    fmt::print(out, "  Assumes     {} GMRES iteration(s) after a {} factorization (exabench mxp, shifted matrix)\n",
               p.refine_iterations, precision_name(lu.precision));
    fmt::print(out, "  N {}  NB {}  P x Q {} x {}  GEMM in {}\n", lu.params.n, lu.params.nb, lu.params.p, lu.params.q,
               precision_name(lu.precision));
    fmt::print(out, "  Time        {} (factorization {:.1f} s, refinement {:.1f} s)\n", duration(p.time_s),
               p.time_s - p.refine_s, p.refine_s);
    const auto& b = lu.sim.breakdown;
    const double t = p.time_s;
    fmt::print(out, "  Time goes   update {:.1f}%, U broadcasts {:.1f}%, panel factorization {:.1f}%, "
                    "L broadcasts {:.1f}%, waiting {:.1f}%, refinement {:.1f}%\n",
               100 * b.update / t, 100 * b.row_swaps / t, 100 * b.panel_factorization / t, 100 * b.broadcast / t,
               100 * b.waiting / t, 100 * p.refine_s / t);
    fmt::print(out, "  Rate        {} (HPL's flop count); {:.2f}x the FP64 Rpeak\n", flops_with_unit(p.gflops),
               p.gflops / lu.rpeak_gflops);
    print_published(out, m.published.mxp_gflops, p.gflops, "HPL-MxP results");
    std::fflush(out);
}

void print_hpcg_prediction(std::FILE* out, const twin::Machine& m, const twin::HpcgPrediction& p) {
    fmt::print(out, "exabench predict: HPCG on {} (module {}), modelled\n", m.name, p.module);
    fmt::print(out, "  Processes   {} on {} nodes ({} per node), grid {} x {} x {}, local {}^3, {:.0f} GB/s each\n",
               grouped(double(p.nodes) * p.ranks_per_node), grouped(p.nodes), p.ranks_per_node, p.grid[0], p.grid[1],
               p.grid[2], p.local, p.memory_gbs);
    print_assumptions(out, m, p.module);
    fmt::print(out, "  Rating      {} (before HPCG's optimization-overhead adjustment)\n", flops_with_unit(p.gflops));
    std::string parts;
    for (const auto& part : p.parts)
        parts += fmt::format("{}{} {:.1f}%", parts.empty() ? "" : ", ", part.name, 100 * part.seconds / p.iteration_s);
    fmt::print(out, "  Time goes   {} (of {:.2f} ms per iteration)\n", parts, p.iteration_s * 1e3);
    print_published(out, m.published.hpcg_gflops, p.gflops, "HPCG list");
    std::fflush(out);
}

nlohmann::json mxp_record(const twin::Machine& m, const twin::MxpPrediction& p) {
    nlohmann::json j = prediction_record(m, p.lu);
    j["benchmark"] = "hpl-mxp";
    j["precision"] = precision_name(p.lu.precision);
    j["factorization_s"] = p.time_s - p.refine_s;
    j["refinement_s"] = p.refine_s;
    j["refinement_iterations"] = p.refine_iterations;
    j["time_s"] = p.time_s;
    j["gflops"] = p.gflops;
    // The factorization's parts and the refinement (which replaces HPL's back-solve) sum to time_s.
    j["breakdown"].erase("back_solve_s");
    j["breakdown"]["refinement_s"] = p.refine_s;
    if (p.lu.power_kw > 0) j["gflops_per_watt"] = p.gflops / (p.lu.power_kw * 1e3);
    j.erase("published");
    if (m.published.mxp_gflops > 0) j["published"] = {{"gflops", m.published.mxp_gflops}};
    return j;
}

nlohmann::json hpcg_record(const twin::Machine& m, const twin::HpcgPrediction& p) {
    nlohmann::json parts = nlohmann::json::object();
    for (const auto& part : p.parts) parts[part.name] = part.seconds;
    nlohmann::json j = {{"benchmark", "hpcg"},
                        {"machine", m.name},
                        {"module", p.module},
                        {"nodes", p.nodes},
                        {"ranks_per_node", p.ranks_per_node},
                        {"process_grid", p.grid},
                        {"local_size", p.local},
                        {"memory_gbs_per_rank", p.memory_gbs},
                        {"iteration_s", p.iteration_s},
                        {"gflops", p.gflops},
                        {"iteration_breakdown_s", parts},
                        {"assumptions", m.module(p.module).assumptions}};
    if (p.power_kw > 0) j["power_kw"] = p.power_kw;
    if (m.published.hpcg_gflops > 0) j["published"] = {{"gflops", m.published.hpcg_gflops}};
    return j;
}

ComparisonRow comparison_row(const twin::Machine& m, const twin::Prediction& p) {
    return {m.name, "HPL", p.nodes, p.sim.gflops, p.rpeak_gflops, p.sim.time_s, p.power_kw, m.published.rmax_gflops};
}

ComparisonRow comparison_row(const twin::Machine& m, const twin::MxpPrediction& p) {
    return {m.name, "HPL-MxP", p.lu.nodes, p.gflops, p.lu.rpeak_gflops, p.time_s, p.lu.power_kw, m.published.mxp_gflops};
}

ComparisonRow comparison_row(const twin::Machine& m, const twin::HpcgPrediction& p) {
    return {m.name, "HPCG", p.nodes, p.gflops, 0, p.iteration_s * twin::hpcg_set_iterations, p.power_kw, m.published.hpcg_gflops};
}

void print_comparison(std::FILE* out, const std::vector<ComparisonRow>& rows) {
    fmt::print(out, "\nComparison:\n  {:<48} {:<8} {:>8} {:>14} {:>14} {:>7} {:>10} {:>10} {:>7} {:>10}\n", "MACHINE",
               "BENCH", "NODES", "RATE", "RPEAK", "OF PEAK", "TIME", "POWER KW", "GF/W", "PUBLISHED");
    for (const auto& r : rows) {
        fmt::print(out, "  {:<48.48} {:<8} {:>8} {:>14} {:>14} {:>7} {:>10} {:>10} {:>7} {:>10}\n", r.machine,
                   r.benchmark, grouped(r.nodes), flops_with_unit(r.gflops),
                   r.rpeak_gflops > 0 ? flops_with_unit(r.rpeak_gflops) : "-",
                   r.rpeak_gflops > 0 ? fmt::format("{:.1f}%", 100 * r.gflops / r.rpeak_gflops) : "-",
                   r.benchmark == "HPCG" ? "-" : fmt::format("{:.0f} s", r.time_s),
                   r.power_kw > 0 ? grouped(r.power_kw) : "-",
                   r.power_kw > 0 ? fmt::format("{:.2f}", r.gflops / (r.power_kw * 1e3)) : "-",
                   r.published_gflops > 0 ? fmt::format("{:+.1f}%", 100 * (r.gflops / r.published_gflops - 1)) : "-");
    }
    std::fflush(out);
}

}  // namespace exa::report
