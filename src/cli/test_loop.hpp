#pragma once
// The loop `exabench hpl` and `exabench mxp` share: every test of the plan on its grid, with
// progress on a terminal, its result in netlib's lines and as a JSON record, its steps traced
// when asked; then the closing summary, the result and trace files (whole or not at all),
// and the exit status every rank agrees on.
#include <fmt/format.h>

#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backend/staged_communicator.hpp"
#include "cli/energy_window.hpp"
#include "cli/job.hpp"
#include "common/interrupt.hpp"
#include "hpl/trace.hpp"
#include "report/hpl_text.hpp"
#include "report/html_report.hpp"
#include "report/json_file.hpp"
#include "report/progress.hpp"
#include "report/trace_json.hpp"
#include "version.hpp"

namespace exa::cli {

/// What the loop needs of a benchmark. Test is hpl::Params or a type derived from it.
template <class Test, class Result>
struct Benchmark {
    std::string name;   ///< "hpl", "mxp": the JSON's and the trace's "benchmark"
    std::string title;  ///< "HPL", "HPL-MxP": the progress line
    std::function<Result(const Test&, const layout::ProcessGrid&, const hpl::ProgressFn&, hpl::StepTrace*,
                         const TimedRegion*)>
        run;
    std::function<bool(const Result&)> skipped, passed;
    /// On rank 0: prints the result and returns its JSON record.
    std::function<nlohmann::json(std::FILE* out, const Result&)> report;
};

/// Runs the tests; on rank 0 prints into `out` and writes the files the options ask for.
/// Returns the exit status: 0 all passed, 2 some test failed or was skipped.
template <class Test, class Result>
int run_tests(comm::Communicator& world, const Job& job, const RunOptions& opt, const std::vector<Test>& tests,
              const Benchmark<Test, Result>& bench, std::FILE* out, nlohmann::json doc) {
    const bool root = world.rank() == 0;
    report::TestCounts counts;
    nlohmann::json runs = nlohmann::json::array(), traces = nlohmann::json::array();
    // The grid's messages: device buffers go through the host (MPI need not read a GPU's memory).
    std::unique_ptr<comm::Communicator> staged;
    GridOfTest grids(communicator_for(*job.be, world, staged));
    EnergyWindow energy(world, job.be.get());
    for (const Test& t : tests) {
        const auto* grid = grids.get(t.p, t.q, t.pmap);
        if (!grid) {
            energy.measurement(false);  // collective: the ranks of the grid measure
            continue;
        }
        inject_fault_for_tests(world);
        check_interrupt();
        report::Progress bar(fmt::format("{} N={} NB={} {}x{}", bench.title, t.n, t.nb, t.p, t.q),
                             hpl::hpl_flops(double(t.n)), root && opt.progress);
        std::optional<hpl::StepTrace> trace;
        if (!opt.trace.empty()) trace.emplace(grid->all().rank());
        const Result r = bench.run(t, *grid, [&](double f) { bar.update(f); }, trace ? &*trace : nullptr,
                                   &energy.region());
        bar.finish();
        const auto joules = energy.measurement(true);
        if (bench.skipped(r)) ++counts.skipped;
        else if (bench.passed(r)) ++counts.passed;
        else ++counts.failed;
        if (trace) {
            const auto events = hpl::gather_events(grid->all(), trace->events());
            if (root) traces.push_back(report::trace_test(t, job.shape.threads, events));
        }
        if (root) {
            runs.push_back(bench.report(out, r));
            const double gflops = runs.back().value("gflops", 0.0), seconds = runs.back().value("time_s", 0.0);
            report::print_energy(out, joules, gflops, seconds);
            runs.back()["energy"] = report::energy_json(joules, gflops, seconds);
        }
    }
    grids.release();
    world.barrier();
    if (root) {
        report::print_hpl_summary(out, counts, job.plan.base.threshold > 0);
        doc["benchmark"] = bench.name;
        doc["exabench_version"] = EXA_VERSION;
        doc["schema_version"] = report::result_schema_version;
        doc["source"] = job.plan.source;
        doc["runs"] = std::move(runs);
        doc["machine"] = job.machine.to_json();
        if (!opt.json.empty()) report::write_json_atomically(opt.json, doc);
        nlohmann::json trace_doc;
        if (!opt.trace.empty()) {
            trace_doc = report::trace_document(bench.name, "run", std::move(traces));
            report::write_json_atomically(opt.trace, trace_doc);
        }
        if (!opt.html.empty()) {
            std::vector<std::pair<std::string, nlohmann::json>> page{
                {opt.json.empty() ? "this run" : opt.json, std::move(doc)}};
            if (!opt.trace.empty()) page.emplace_back(opt.trace, std::move(trace_doc));
            report::write_html_page(opt.html, std::move(page));
        }
    }
    // Rank 0 saw every result; tell the others how it went.
    std::int64_t bad = root ? counts.failed + counts.skipped : 0;
    bad = world.allreduce_sum(bad);
    return bad ? 2 : 0;
}

}  // namespace exa::cli
