#include "report/hpl_text.hpp"

#include <cfloat>
#include <string>
#include <vector>

#include "report/value_list.hpp"
#include "version.hpp"

namespace exa::report {

void print_hpl_preamble(std::FILE* out, const hpl::TestPlan& plan) {
    std::fprintf(out, "%s\n", equals);
    std::fprintf(out, "exabench %s  --  HPL 2.3 rules, netlib-compatible input and output\n", EXA_VERSION);
    std::fprintf(out, "An open implementation of netlib HPL (A. Petitet, R. C. Whaley, J. Dongarra,\n");
    std::fprintf(out, "A. Cleary, P. Luszczek, Innovative Computing Laboratory, UTK)\n");
    std::fprintf(out, "%s\n\n", equals);
    std::fprintf(out, "An explanation of the input/output parameters follows:\n");
    std::fprintf(out, "T/V    : Wall time / encoded variant.\n");
    std::fprintf(out, "N      : The order of the coefficient matrix A.\n");
    std::fprintf(out, "NB     : The partitioning blocking factor.\n");
    std::fprintf(out, "P      : The number of process rows.\n");
    std::fprintf(out, "Q      : The number of process columns.\n");
    std::fprintf(out, "Time   : Time in seconds to solve the linear system.\n");
    std::fprintf(out, "Gflops : Rate of execution for solving the linear system.\n\n");
    std::fprintf(out, "The following parameter values will be used:\n\n");

    auto ints = [&](const char* label, const auto& v) { int_list(out, label, v); };
    ints("N", plan.ns);
    ints("NB", plan.nbs);
    std::fprintf(out, "PMAP   : %s\n", plan.base.pmap == layout::ProcessMap::row_major
                                           ? "Row-major process mapping"
                                           : "Column-major process mapping");
    std::vector<int> ps, qs;
    for (auto [p, q] : plan.grids) {
        ps.push_back(p);
        qs.push_back(q);
    }
    ints("P", ps);
    ints("Q", qs);
    auto names = [&](const char* label, const auto& v, auto name) {
        value_list(out, label, v, [&](auto x) { std::fprintf(out, "%8s ", name(x)); });
    };
    names("PFACT", plan.pfacts, hpl::factorization_name);
    ints("NBMIN", plan.nbmins);
    ints("NDIV", plan.ndivs);
    names("RFACT", plan.rfacts, hpl::factorization_name);
    names("BCAST", plan.bcasts, hpl::broadcast_name);
    ints("DEPTH", plan.depths);
    switch (plan.base.swap) {
        case hpl::SwapAlgo::binary_exchange: std::fprintf(out, "SWAP   : Binary-exchange\n"); break;
        case hpl::SwapAlgo::spread_roll: std::fprintf(out, "SWAP   : Spread-roll (long)\n"); break;
        case hpl::SwapAlgo::mix:
            std::fprintf(out, "SWAP   : Mix (threshold = %lld)\n", (long long)plan.base.swap_threshold);
            break;
    }
    std::fprintf(out, "L1     : %s form\n", plan.base.l1_transposed ? "transposed" : "no-transposed");
    std::fprintf(out, "U      : %s form\n", plan.base.u_transposed ? "transposed" : "no-transposed");
    std::fprintf(out, "EQUIL  : %s\n", plan.base.equil ? "yes" : "no");
    std::fprintf(out, "ALIGN  : %lld double precision words\n\n", (long long)plan.base.align);
    if (plan.base.threshold > 0) {
        std::fprintf(out, "%s\n\n", dashes);
        std::fprintf(out, "- The matrix A is randomly generated for each test.\n");
        print_residual_rule(out, plan.base.threshold);
    }
    std::fflush(out);
}

void print_residual_rule(std::FILE* out, double threshold) {
    std::fprintf(out, "- The following scaled residual check will be computed:\n");
    std::fprintf(out, "      ||Ax-b||_oo / ( eps * ( || x ||_oo * || A ||_oo + || b ||_oo ) * N )\n");
    std::fprintf(out, "- The relative machine precision (eps) is taken to be     %21.6e\n", DBL_EPSILON / 2);
    std::fprintf(out, "- Computational tests pass if scaled residuals are less than %11.1f\n\n", threshold);
}

void print_hpl_test(std::FILE* out, const hpl::TestResult& r) {
    const auto& p = r.params;
    std::fprintf(out, "%s\n", equals);
    std::fprintf(out, "T/V                N    NB     P     Q               Time                 Gflops\n");
    std::fprintf(out, "%s\n", dashes);
    if (r.info != 0) {
        std::fprintf(out, "HPL ERROR: exactly zero pivot in column %lld: the test is skipped.\n",
                     (long long)r.info);
        std::fflush(out);
        return;
    }
    std::fprintf(out, "%-8s%12lld %5lld %5d %5d %18.2f    %19.4e\n", hpl::tv_code(p).c_str(),
                 (long long)p.n, (long long)p.nb, p.p, p.q, r.time_s, r.gflops);
    std::fprintf(out, "HPL_pdgesv() start time %s\n", std::ctime(&r.start));
    std::fprintf(out, "HPL_pdgesv() end time   %s\n", std::ctime(&r.end));
    if (r.checked) {
        std::fprintf(out, "%s\n", dashes);
        std::fprintf(out, "||Ax-b||_oo/(eps*(||A||_oo*||x||_oo+||b||_oo)*N)= %16.8e ...... %s\n",
                     r.check.resid, r.passed ? "PASSED" : "FAILED");
        if (!r.passed) {
            std::fprintf(out, "||Ax-b||_oo  . . . . . . . . . . . . . . . . . = %18.6f\n", r.check.r_inf);
            std::fprintf(out, "||A||_oo . . . . . . . . . . . . . . . . . . . = %18.6f\n", r.check.a_inf);
            std::fprintf(out, "||A||_1  . . . . . . . . . . . . . . . . . . . = %18.6f\n", r.check.a_one);
            std::fprintf(out, "||x||_oo . . . . . . . . . . . . . . . . . . . = %18.6f\n", r.check.x_inf);
            std::fprintf(out, "||x||_1  . . . . . . . . . . . . . . . . . . . = %18.6f\n", r.check.x_one);
            std::fprintf(out, "||b||_oo . . . . . . . . . . . . . . . . . . . = %18.6f\n", r.check.b_inf);
        }
    }
    std::fflush(out);
}

void print_hpl_summary(std::FILE* out, const TestCounts& c, bool checked) {
    std::fprintf(out, "%s\n\n", equals);
    std::fprintf(out, "Finished %6d tests with the following results:\n", c.passed + c.failed + c.skipped);
    if (checked) {
        std::fprintf(out, "         %6d tests completed and passed residual checks,\n", c.passed);
        std::fprintf(out, "         %6d tests completed and failed residual checks,\n", c.failed);
        std::fprintf(out, "         %6d tests skipped because of illegal input values.\n", c.skipped);
    } else {
        std::fprintf(out, "         %6d tests completed without checking,\n", c.passed);
        std::fprintf(out, "         %6d tests skipped because of illegal input values.\n", c.skipped);
    }
    std::fprintf(out, "%s\n\nEnd of Tests.\n%s\n", dashes, equals);
    std::fflush(out);
}

}  // namespace exa::report
