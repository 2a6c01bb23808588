#include "cli/mxp_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "probe/gemm_rate.hpp"
#include "cli/flags.hpp"
#include "cli/hpl_dat.hpp"
#include "cli/test_loop.hpp"
#include "common/error.hpp"
#include "mxp/run.hpp"
#include "mxp/system.hpp"
#include "report/hpl_text.hpp"
#include "report/json_file.hpp"
#include "report/mxp_report.hpp"
#include "report/progress.hpp"
#include "version.hpp"

namespace exa::cli {
namespace {

/// HPL-MxP's tests of a plan: HPL.dat's pivoting variants (PFACT, RFACT, NBMIN, NDIV, SWAP)
/// do not apply, so tests that differ only in them are one test.
std::vector<mxp::Params> mxp_tests(const hpl::TestPlan& plan, const MxpOptions& mx) {
    std::vector<mxp::Params> out;
    for (const auto& h : plan.tests()) {
        mxp::Params t = mx.settings;
        static_cast<hpl::Params&>(t) = h;
        const bool seen = std::any_of(out.begin(), out.end(), [&](const mxp::Params& o) {
            return o.n == t.n && o.nb == t.nb && o.p == t.p && o.q == t.q && o.bcast == t.bcast &&
                   o.depth == t.depth;
        });
        if (!seen) out.push_back(t);
    }
    return out;
}

}  // namespace

void add_mxp_flags(CLI::App& app, RunOptions& opt, MxpOptions& mx) {
    add_problem_flags(app, opt);
    app.add_option("--precision", mx.settings.precision,
                   "Precision of the LU: fp32, or bf16/fp16 for the update's operands (FP32 sums)")
        ->transform(CLI::CheckedTransformer(names<LowPrecision>({{"fp32", LowPrecision::fp32},
                                                                 {"bf16", LowPrecision::bf16},
                                                                 {"fp16", LowPrecision::fp16}}),
                                            CLI::ignore_case))
        ->default_str("fp32");
    app.add_option("--max-iterations", mx.settings.max_iterations,
                   "GMRES iterations before the run fails (the rules allow 50)")
        ->check(at_least(1))->capture_default_str();
    app.add_option("--restart", mx.settings.restart, "GMRES restart length")
        ->check(at_least(1))->capture_default_str();
    app.add_option("--generator", mx.settings.generator,
                   "The matrix: shifted (HPL's plus 2 sqrt(N/3) on the diagonal, the default); "
                   "dominant or plain (testing only: not a valid HPL-MxP submission)")
        ->transform(CLI::CheckedTransformer(names<mxp::Generator>({{"shifted", mxp::Generator::shifted},
                                                                   {"dominant", mxp::Generator::dominant},
                                                                   {"plain", mxp::Generator::plain}}),
                                            CLI::ignore_case))
        ->default_str("shifted");
}

int run_mxp(comm::Communicator& world, RunOptions opt, const MxpOptions& mx) {
    const bool root = world.rank() == 0;
    const Sizing sizing{[](Backend& be) { return probe::sgemm_gflops(be); }, 0.85, 12};
    Job job = prepare_job(world, opt, sizing);
    const auto tests = mxp_tests(job.plan, mx);
    for (const auto& t : tests) {
        if (!(t.threshold > 0))
            throw InputError(opt.dat.empty()
                                 ? std::string("--threshold: HPL-MxP needs a positive threshold (it ends the refinement)")
                                 : fmt::format("{}:13: threshold: HPL-MxP needs a positive threshold (it ends the refinement)", opt.dat));
        job.check_grid(t.p, t.q);
    }
    check_output_files(world, opt, job.plan);
    for (const auto& t : tests)
        check_memory(world, t.n, t.p, t.q, t.pmap,
                     [&](int r, int c) { return mxp::System::bytes_needed(t, r, c); }, job.process_memory, job.shape,
                     job.n_where);

    std::FILE* out = root ? open_output(job.plan) : nullptr;
    if (root) report::print_mxp_preamble(out, job.plan, tests, job.be->lowp_gemm_kind(mx.settings.precision));

    Benchmark<mxp::Params, mxp::TestResult> bench;
    bench.name = "mxp";
    bench.title = "HPL-MxP";
    bench.run = [&](const mxp::Params& t, const layout::ProcessGrid& grid, const hpl::ProgressFn& progress,
                    hpl::StepTrace* trace, const TimedRegion* region) {
        return mxp::run_test(t, grid, *job.be, progress, trace, region);
    };
    bench.skipped = [](const mxp::TestResult&) { return false; };
    bench.passed = [](const mxp::TestResult& r) { return r.passed; };
    bench.report = [](std::FILE* o, const mxp::TestResult& r) {
        report::print_mxp_test(o, r);
        return report::mxp_run_record(r);
    };
    nlohmann::json doc = nlohmann::json::object();
    if (job.probe_gflops > 0) doc["sgemm_gflops"] = job.probe_gflops;
    const int status = run_tests(world, job, opt, tests, bench, out, std::move(doc));
    if (root) close_output(out);
    return status;
}

}  // namespace exa::cli
