#include "report/hpcg_report.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "report/json_file.hpp"
#include "version.hpp"

namespace exa::report {
namespace {

const char* pass(bool ok) { return ok ? "PASSED" : "FAILED"; }

double rate(double flops, double seconds) { return seconds > 0 ? flops / seconds / 1e9 : 0.0; }

}  // namespace

void print_hpcg_report(std::FILE* out, const hpcg::Result& r, const probe::MachineInfo& m) {
    const auto& g = r.geom;
    const auto line = [&](const std::string& key, const auto& value) {
        fmt::print(out, "{}={}\n", key, value);
    };
    const std::string rule(80, '=');
    fmt::print(out, "{}\nexabench {}  --  HPCG 3.1 rules: multigrid-preconditioned CG, 27-point operator\n{}\n",
               rule, EXA_VERSION, rule);
    line("Machine Summary::Distributed Processes", g.size);
    line("Machine Summary::Threads per processes", m.threads_per_rank);
    line("Machine Summary::CPU", m.cpu_model);
    line("Global Problem Dimensions::Global nx", g.gnx());
    line("Global Problem Dimensions::Global ny", g.gny());
    line("Global Problem Dimensions::Global nz", g.gnz());
    line("Processor Dimensions::npx", g.npx);
    line("Processor Dimensions::npy", g.npy);
    line("Processor Dimensions::npz", g.npz);
    line("Local Domain Dimensions::nx", g.nx);
    line("Local Domain Dimensions::ny", g.ny);
    line("Local Domain Dimensions::nz", g.nz);
    line("Linear System Information::Number of Equations", r.levels[0].rows);
    line("Linear System Information::Number of Nonzero Terms", r.levels[0].nonzeros);
    line("Multigrid Information::Number of coarse grid levels", r.levels.size() - 1);
    for (std::size_t l = 1; l < r.levels.size(); ++l) {
        const auto key = fmt::format("Multigrid Information::Coarse Grids::Grid Level {}::", l);
        line(key + "Number of Equations", r.levels[l].rows);
        line(key + "Number of Nonzero Terms", r.levels[l].nonzeros);
    }
    line("Setup Information::Setup Time", r.setup_s);
    line("Optimization Information::Kernels", r.kernels);
    for (std::size_t l = 0; l < r.levels.size(); ++l)
        line(fmt::format("Optimization Information::Grid Level {}::SYMGS colours", l),
             r.levels[l].colors ? std::to_string(r.levels[l].colors) : std::string("natural order"));
    line("Optimization Information::Optimization Time", r.optimize_s);

    const auto& cg = r.cg_test;
    line("Spectral Convergence Tests::Result", pass(cg.failed == 0));
    line("Spectral Convergence Tests::Unpreconditioned::Maximum iteration count",
         *std::max_element(cg.unpreconditioned.begin(), cg.unpreconditioned.end()));
    line("Spectral Convergence Tests::Unpreconditioned::Expected iteration count", cg.expected_unpreconditioned);
    line("Spectral Convergence Tests::Preconditioned::Maximum iteration count",
         *std::max_element(cg.preconditioned.begin(), cg.preconditioned.end()));
    line("Spectral Convergence Tests::Preconditioned::Expected iteration count", cg.expected_preconditioned);
    line("Departure from Symmetry |x'Ay-y'Ax|/(2*||x||*||A||*||y||)/epsilon::Result", pass(r.symmetry.failed == 0));
    line("Departure from Symmetry |x'Ay-y'Ax|/(2*||x||*||A||*||y||)/epsilon::Departure for SpMV", r.symmetry.spmv_departure);
    line("Departure from Symmetry |x'Ay-y'Ax|/(2*||x||*||A||*||y||)/epsilon::Departure for MG", r.symmetry.mg_departure);
    line("Departure from Symmetry |x'Ay-y'Ax|/(2*||x||*||A||*||y||)/epsilon::max|A*xexact-b|", r.symmetry.spmv_exact_error);
    const bool reached = r.optimized_reduction <= r.reference_tolerance * (1 + 1e-6);
    line("Iteration Count Information::Result", pass(reached));
    line("Iteration Count Information::Reference CG iterations per set", hpcg::reference_iterations);
    line("Iteration Count Information::Optimized CG iterations per set", r.optimized_iterations);
    line("Iteration Count Information::Reference residual reduction", r.reference_tolerance);
    line("Iteration Count Information::Optimized residual reduction", r.optimized_reduction);
    line("Iteration Count Information::Total number of reference iterations", r.sets * hpcg::reference_iterations);
    line("Iteration Count Information::Total number of optimized iterations", r.sets * r.optimized_iterations);
    line("Reproducibility Information::Result", pass(r.residual_variance < 1e-6));
    line("Reproducibility Information::Scaled residual mean", r.residual_mean);
    line("Reproducibility Information::Scaled residual variance", r.residual_variance);
    line("Reproducibility Information::max|x-xexact| after the last set", r.solution_error);

    const auto& t = r.times;
    const auto& w = r.work;
    line("Benchmark Time Summary::Optimization phase", r.optimize_s);
    line("Benchmark Time Summary::DDOT", t.dot);
    line("Benchmark Time Summary::WAXPBY", t.waxpby);
    line("Benchmark Time Summary::SpMV", t.spmv);
    line("Benchmark Time Summary::MG", t.mg);
    line("Benchmark Time Summary::Total", t.total);
    line("Floating Point Operations Summary::Raw DDOT", w.dot.flops);
    line("Floating Point Operations Summary::Raw WAXPBY", w.waxpby.flops);
    line("Floating Point Operations Summary::Raw SpMV", w.spmv.flops);
    line("Floating Point Operations Summary::Raw MG", w.mg.flops);
    line("Floating Point Operations Summary::Total", w.flops());
    line("GFLOP/s Summary::Raw DDOT", rate(w.dot.flops, t.dot));
    line("GFLOP/s Summary::Raw WAXPBY", rate(w.waxpby.flops, t.waxpby));
    line("GFLOP/s Summary::Raw SpMV", rate(w.spmv.flops, t.spmv));
    line("GFLOP/s Summary::Raw MG", rate(w.mg.flops, t.mg));
    line("GFLOP/s Summary::Raw Total", r.gflops_raw);
    line("GFLOP/s Summary::Total with convergence overhead", r.gflops_penalized);
    line("GFLOP/s Summary::Total with convergence and optimization phase overhead", r.gflops);
    line("Memory Bandwidth Across Kernels::Total memory traffic (GB)", w.bytes() / 1e9);
    line("Memory Bandwidth Across Kernels::Raw Total B/W (GB/s)", r.bandwidth_gbs);
    line("Memory Bandwidth Across Kernels::Raw SpMV B/W (GB/s)", rate(w.spmv.bytes, t.spmv));
    line("Memory Bandwidth Across Kernels::Raw MG B/W (GB/s)", rate(w.mg.bytes, t.mg));
    line("Final Summary::Number of CG sets", r.sets);
    line("Final Summary::HPCG 2.4 rating for historical reasons", r.gflops_hpcg24);
    if (r.valid) {
        line("Final Summary::HPCG result is VALID with a GFLOP/s rating of", r.gflops);
        if (r.official) {
            line("Final Summary::Results are official: execution time (sec)", t.total);
        } else {
            line("Final Summary::Results are valid but execution time (sec) is", t.total);
            line("Final Summary::Official results execution time (sec) must be at least", hpcg::official_seconds);
        }
    } else {
        line("Final Summary::HPCG result is", "INVALID.");
        for (const auto& f : r.failures) line("Final Summary::Reason", f);
    }
    fmt::print(out, "{}\n", rule);
    std::fflush(out);
}

nlohmann::json hpcg_record(const hpcg::Result& r, const probe::MachineInfo& m) {
    const auto& g = r.geom;
    const auto& t = r.times;
    const auto& w = r.work;
    const auto kernel = [](const hpcg::KernelWork& k, double s) {
        return nlohmann::json{{"time_s", s}, {"flops", k.flops}, {"bytes", k.bytes},
                              {"gflops", rate(k.flops, s)}, {"bandwidth_gbs", rate(k.bytes, s)}};
    };
    nlohmann::json levels = nlohmann::json::array();
    for (const auto& l : r.levels)
        levels.push_back({{"rows", l.rows}, {"nonzeros", l.nonzeros}, {"nx", l.nx}, {"ny", l.ny},
                          {"nz", l.nz}, {"colors", l.colors}});
    return {
        {"benchmark", "hpcg"},
        {"exabench_version", EXA_VERSION},
        {"schema_version", result_schema_version},
        {"gflops", r.gflops},
        {"gflops_raw", r.gflops_raw},
        {"gflops_with_convergence_overhead", r.gflops_penalized},
        {"gflops_hpcg24", r.gflops_hpcg24},
        {"valid", r.valid},
        {"official", r.official},
        {"failures", r.failures},
        {"bandwidth_gbs", r.bandwidth_gbs},
        {"time_s", t.total},
        {"run_seconds_requested", r.params.run_seconds},
        {"sets", r.sets},
        {"nx", g.nx}, {"ny", g.ny}, {"nz", g.nz},
        {"npx", g.npx}, {"npy", g.npy}, {"npz", g.npz},
        {"global", {g.gnx(), g.gny(), g.gnz()}},
        {"levels", levels},
        {"optimized_kernels", r.kernels},
        {"kernels", {{"ddot", kernel(w.dot, t.dot)}, {"waxpby", kernel(w.waxpby, t.waxpby)},
                     {"spmv", kernel(w.spmv, t.spmv)}, {"mg", kernel(w.mg, t.mg)}}},
        {"flops", w.flops()},
        {"bytes", w.bytes()},
        {"setup_s", r.setup_s},
        {"optimize_s", r.optimize_s},
        {"reference_cg_s", r.reference_cg_s},
        {"validation_s", r.validation_s},
        {"iterations", {{"reference_per_set", hpcg::reference_iterations},
                        {"optimized_per_set", r.optimized_iterations},
                        {"reference_reduction", r.reference_tolerance},
                        {"optimized_reduction", r.optimized_reduction}}},
        {"validation", {{"cg_unpreconditioned_iterations", r.cg_test.unpreconditioned},
                        {"cg_preconditioned_iterations", r.cg_test.preconditioned},
                        {"cg_passed", r.cg_test.failed == 0},
                        {"symmetry_spmv", r.symmetry.spmv_departure},
                        {"symmetry_mg", r.symmetry.mg_departure},
                        {"symmetry_passed", r.symmetry.failed == 0},
                        {"spmv_exact_error", r.symmetry.spmv_exact_error},
                        {"residual_mean", r.residual_mean},
                        {"residual_variance", r.residual_variance},
                        {"set_residuals", r.set_residuals},
                        {"solution_error", r.solution_error}}},
        {"machine", m.to_json()},
    };
}

}  // namespace exa::report
