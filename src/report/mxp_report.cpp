#include "report/mxp_report.hpp"

#include <algorithm>

#include "hpl/run.hpp"
#include "mxp/system.hpp"
#include "report/hpl_text.hpp"
#include "report/value_list.hpp"
#include "version.hpp"

namespace exa::report {
namespace {

/// The distinct values of one field over the tests, in order of first appearance.
template <class F>
auto distinct(const std::vector<mxp::Params>& tests, F field) {
    std::vector<decltype(field(tests.front()))> v;
    for (const auto& t : tests)
        if (std::find(v.begin(), v.end(), field(t)) == v.end()) v.push_back(field(t));
    return v;
}

nlohmann::json phases_json(const mxp::LuTimes& t) {
    return {{"panel_factorization", t.panel}, {"broadcast_wait", t.bcast}, {"update", t.update}};
}

}  // namespace

void print_mxp_preamble(std::FILE* out, const hpl::TestPlan& plan, const std::vector<mxp::Params>& tests,
                        const std::string& lowp_gemm) {
    std::fprintf(out, "%s\n", equals);
    std::fprintf(out, "exabench %s  --  HPL-MxP rules: low-precision LU, FP64 GMRES refinement\n", EXA_VERSION);
    std::fprintf(out, "The mixed-precision benchmark of hpl-mxp.org, on netlib HPL's input and output\n");
    std::fprintf(out, "%s\n\n", equals);
    std::fprintf(out, "T/V    : Wall time / encoded variant (M, PMAP, DEPTH, BCAST, precision S/B/H).\n");
    std::fprintf(out, "Time   : Time in seconds of conversion, factorization and refinement.\n");
    std::fprintf(out, "Gflops : HPL's operation count (2/3 N^3 + 3/2 N^2) over that time.\n\n");
    std::fprintf(out, "The following parameter values will be used:\n\n");
    if (tests.empty()) return;
    int_list(out, "N", distinct(tests, [](const mxp::Params& t) { return t.n; }));
    int_list(out, "NB", distinct(tests, [](const mxp::Params& t) { return t.nb; }));
    std::fprintf(out, "PMAP   : %s\n", plan.base.pmap == layout::ProcessMap::row_major
                                           ? "Row-major process mapping"
                                           : "Column-major process mapping");
    int_list(out, "P", distinct(tests, [](const mxp::Params& t) { return t.p; }));
    int_list(out, "Q", distinct(tests, [](const mxp::Params& t) { return t.q; }));
    value_list(out, "BCAST", distinct(tests, [](const mxp::Params& t) { return t.bcast; }),
               [&](hpl::Broadcast b) { std::fprintf(out, "%8s ", hpl::broadcast_name(b)); });
    int_list(out, "DEPTH", distinct(tests, [](const mxp::Params& t) { return t.depth; }));
    const auto& t = tests.front();
    std::fprintf(out, "LU     : without pivoting, %s (update: %s)\n", mxp::precision_name(t.precision),
                 lowp_gemm.c_str());
    std::fprintf(out, "REFINE : FGMRES in FP64, restart %d, at most %d iterations\n", t.restart,
                 t.max_iterations);
    std::fprintf(out, "ALIGN  : %lld words\n\n", (long long)t.align);
    std::fprintf(out, "%s\n\n", dashes);
    switch (t.generator) {
        case mxp::Generator::shifted:
            std::fprintf(out, "- The matrix A is HPL's random matrix R plus %.0f sqrt(N/3) on its diagonal\n"
                              "  (generator shifted: not diagonally dominant, stable without pivoting).\n",
                         mxp::shifted_diagonal_factor);
            break;
        case mxp::Generator::dominant:
            std::fprintf(out, "- The matrix A is HPL's random matrix with A(i,i) = sum over j != i of |A(i,j)|\n"
                              "  (generator dominant): %s.\n", mxp::testing_only_label);
            break;
        case mxp::Generator::plain:
            std::fprintf(out, "- The matrix A is HPL's random matrix itself (generator plain): %s.\n",
                         mxp::testing_only_label);
            break;
    }
    print_residual_rule(out, t.threshold);
    std::fflush(out);
}

void print_mxp_test(std::FILE* out, const mxp::TestResult& r) {
    const auto& p = r.params;
    const auto& f = r.refinement;
    std::fprintf(out, "%s\n", equals);
    std::fprintf(out, "T/V                N    NB     P     Q               Time                 Gflops\n");
    std::fprintf(out, "%s\n", dashes);
    std::fprintf(out, "%-8s%12lld %5lld %5d %5d %18.2f    %19.4e\n", mxp::tv_code(p).c_str(),
                 (long long)p.n, (long long)p.nb, p.p, p.q, r.time_s, r.gflops);
    std::fprintf(out, "  LU (%s)      %10.2f s  %12.4e Gflops\n", mxp::precision_name(p.precision),
                 r.lu_s, r.lu_gflops);
    std::fprintf(out, "  refinement     %10.2f s  %d GMRES iteration(s), %d restart(s), %.1f%% of the time\n",
                 r.refine_s, f.iterations, f.restarts, r.time_s > 0 ? 100.0 * r.refine_s / r.time_s : 0.0);
    std::fprintf(out, "  conversion     %10.2f s  FP64 -> FP32 copy of A\n", r.convert_s);
    std::fprintf(out, "  matrix         %-10s  kappa_2 about %.3g, %lld row(s) diagonally dominant\n",
                 mxp::generator_name(p.generator), r.condition_estimate, (long long)r.dominant_rows);
    if (mxp::testing_only(p.generator)) std::fprintf(out, "  %s\n", mxp::testing_only_label);
    std::fprintf(out, "  backward error after each GMRES iteration (estimate):");
    for (double e : f.iteration_history) std::fprintf(out, " %.2e", e);
    std::fprintf(out, "\n");
    std::fprintf(out, "HPL-MxP start time %s\n", std::ctime(&r.start));
    std::fprintf(out, "HPL-MxP end time   %s\n", std::ctime(&r.end));
    std::fprintf(out, "%s\n", dashes);
    std::fprintf(out, "||Ax-b||_oo/(eps*(||A||_oo*||x||_oo+||b||_oo)*N)= %16.8e ...... %s\n",
                 r.check.resid, r.passed ? "PASSED" : "FAILED");
    if (!r.passed) std::fprintf(out, "HPL-MxP: FAILED: %s\n", r.failure.c_str());
    std::fflush(out);
}

nlohmann::json mxp_run_record(const mxp::TestResult& r) {
    const auto& p = r.params;
    const auto& f = r.refinement;
    nlohmann::json j = {
        {"tv", mxp::tv_code(p)},
        {"n", p.n},
        {"nb", p.nb},
        {"p", p.p},
        {"q", p.q},
        {"pmap", p.pmap == layout::ProcessMap::row_major ? "row" : "column"},
        {"bcast", hpl::broadcast_name(p.bcast)},
        {"depth", p.depth},
        {"precision", mxp::precision_name(p.precision)},
        {"update_gemm", r.lowp_gemm},
        {"align", p.align},
        {"seed", p.seed},
        {"threshold", p.threshold},
        {"generator", mxp::generator_name(p.generator)},
        {"testing_only", mxp::testing_only(p.generator)},
        {"condition_estimate", r.condition_estimate},
        {"dominant_rows", r.dominant_rows},
        {"time_s", r.time_s},
        {"gflops", r.gflops},
        {"lu_time_s", r.lu_s},
        {"lu_gflops", r.lu_gflops},
        {"convert_time_s", r.convert_s},
        {"refine_time_s", r.refine_s},
        {"refine_fraction", r.time_s > 0 ? r.refine_s / r.time_s : 0.0},
        {"refinement",
         {{"method", "FGMRES"},
          {"restart", p.restart},
          {"max_iterations", p.max_iterations},
          {"iterations", f.iterations},
          {"restarts", f.restarts},
          {"converged", f.converged},
          {"scaled_residual_history", f.history},
          {"iteration_history", f.iteration_history}}},
        {"phases_s", phases_json(r.lu_phases)},
        {"phases_max_s", phases_json(r.lu_phases_max)},
        {"scaled_residual", r.check.resid},
        {"norms", {{"r_inf", r.check.r_inf}, {"a_inf", r.check.a_inf}, {"a_one", r.check.a_one},
                   {"x_inf", r.check.x_inf}, {"x_one", r.check.x_one}, {"b_inf", r.check.b_inf},
                   {"eps", r.check.eps}}},
        {"status", r.passed ? "PASSED" : "FAILED"},
        {"passed", r.passed},
        {"generate_s", r.generate_s},
        {"check_s", r.check_s},
        {"start_unix", r.start},
        {"end_unix", r.end},
    };
    if (!r.passed) j["failure"] = r.failure;
    if (mxp::testing_only(p.generator)) j["label"] = mxp::testing_only_label;
    if (r.info) j["breakdown_column"] = r.info;
    return j;
}

}  // namespace exa::report
