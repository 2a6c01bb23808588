#include "cli/hpl_command.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "backend/backend.hpp"
#include "probe/gemm_rate.hpp"
#include "cli/flags.hpp"
#include "cli/predict_command.hpp"
#include "cli/sizing.hpp"
#include "cli/test_loop.hpp"
#include "common/error.hpp"
#include "hpl/run.hpp"
#include "hpl/test_plan.hpp"
#include "report/hpl_text.hpp"
#include "report/json_file.hpp"
#include "report/prediction_report.hpp"
#include "probe/host.hpp"
#include "report/progress.hpp"
#include "report/top500.hpp"
#include "twin/catalog.hpp"
#include "twin/predict.hpp"
#include "version.hpp"

namespace exa::cli {
namespace {

void print_main_summary(std::FILE* out, const hpl::TestResult& r, double dgemm_gflops,
                        const probe::MachineInfo& m) {
    const auto& p = r.params;
    const auto& ref = report::jupiter;
    std::fprintf(out, "\nexabench summary: HPL on %s (%s)\n", m.hostname.c_str(), m.cpu_model.c_str());
    std::fprintf(out, "  Rmax       %10.2f GFLOP/s   N = %lld, NB = %lld, grid %d x %d, %d rank(s) x %d thread(s)\n",
                 r.gflops, (long long)p.n, (long long)p.nb, p.p, p.q, m.ranks, m.threads_per_rank);
    if (dgemm_gflops > 0)
        std::fprintf(out, "  DGEMM      %10.2f GFLOP/s   measured at start; HPL reached %.1f%% of it\n",
                     dgemm_gflops, 100.0 * r.gflops / dgemm_gflops);
    // Whose kernels set that ceiling, beside what the CPU can do.
    if (!m.accelerator.empty()) std::fprintf(out, "  Device     %s\n", m.accelerator.c_str());
    else std::fprintf(out, "  BLAS       %s on this %s CPU\n", m.blas_kernels.c_str(), m.cpu_isa.c_str());
    if (r.info)
        std::fprintf(out, "  Residual   SKIPPED (zero pivot in column %lld)\n", (long long)r.info);
    else if (r.checked)
        std::fprintf(out, "  Residual   %10.3e        %s (threshold %.1f)\n", r.check.resid,
                     r.passed ? "PASSED" : "FAILED", p.threshold);
    if (r.gflops > 0)
        std::fprintf(out, "  TOP500     would place %s on the November 2025 list (from its %s)\n",
                     report::top500_place(r.gflops).c_str(), report::top500_rows_carried().c_str());
    if (r.gflops > 0)
        std::fprintf(out, "  JUPITER    %s (%.3f EFlop/s, %s) equals %s of this machine\n", ref.name,
                     ref.rmax_gflops / 1e9, ref.list, with_thousands(ref.rmax_gflops / r.gflops).c_str());
    std::fflush(out);
}

/// The twin's prediction of test `t` on this machine `m` with the job's shape; null when
/// the job spans several nodes (the twin knows this node, not the network between nodes).
std::unique_ptr<twin::Prediction> predict_test(const twin::Machine& m, const hpl::Params& t,
                                               const JobShape& shape, const probe::Calibration* cal) {
    if (shape.ranks > shape.ranks_per_node) return nullptr;
    twin::PredictOptions o;
    o.params = t;
    o.n_given = o.nb_given = o.grid_given = true;
    o.ranks_per_node = shape.ranks_per_node;
    o.threads = shape.threads;
    o.calibration = cal;
    return std::make_unique<twin::Prediction>(twin::simulate_configuration(m, o));
}

/// This machine as the twin sees it for the run: with its GPUs from the device catalog on a
/// GPU backend. Throws InputError for a GPU the catalog does not know.
twin::Machine describe_for_prediction(const Job& job, const probe::Calibration* cal) {
    if (job.machine.accelerator.empty()) return twin::describe_this_machine(cal);
    const std::string device = twin::catalog_name_of_gpu(job.machine.accelerator);
    if (device.empty())
        throw InputError(fmt::format("--predict: the twin's device catalog has no entry for {} (exabench devices lists "
                                     "those it has)",
                                     job.machine.accelerator));
    return twin::describe_this_machine_with_gpus(cal, device, job.shape.ranks_per_node);
}

}  // namespace

void add_hpl_predict_flags(CLI::App& app, RunOptions& opt) {
    app.add_flag("--predict", opt.predict,
                 "Print the digital twin's prediction of each test beside its measurement");
    app.add_option("--calibration", opt.calibration,
                   fmt::format("The twin's calibration file (default: ./{} when present)", default_calibration_file));
}

void add_hpl_flags(CLI::App& app, RunOptions& opt) {
    auto& p = opt.params;
    add_problem_flags(app, opt);
    const auto fact = names<hpl::Factorization>({{"left", hpl::Factorization::left},
                                                 {"crout", hpl::Factorization::crout},
                                                 {"right", hpl::Factorization::right}});
    app.add_option("--pfact", p.pfact, "Panel factorization: left (0), crout (1), right (2)")
        ->transform(CLI::CheckedTransformer(fact, CLI::ignore_case))->default_str("right");
    app.add_option("--rfact", p.rfact, "Recursive panel factorization: left (0), crout (1), right (2)")
        ->transform(CLI::CheckedTransformer(fact, CLI::ignore_case))->default_str("crout");
    app.add_option("--nbmin", p.nbmin, "Recursion stops at this many columns (NBMIN)")
        ->check(at_least(1))->capture_default_str();
    app.add_option("--ndiv", p.ndiv, "Panels in each recursion (NDIV)")
        ->check(at_least(2))->capture_default_str();
    app.add_option("--swap", p.swap, "Row swaps: binary (0), long (1, spread-roll), mix (2)")
        ->transform(CLI::CheckedTransformer(
            names<hpl::SwapAlgo>({{"binary", hpl::SwapAlgo::binary_exchange},
                                  {"long", hpl::SwapAlgo::spread_roll},
                                  {"mix", hpl::SwapAlgo::mix}}),
            CLI::ignore_case))
        ->default_str("mix");
    app.add_option("--swap-threshold", p.swap_threshold, "Mix: spread-roll above this many local columns")
        ->check(at_least(0))->capture_default_str();
}

int run_hpl(comm::Communicator& world, RunOptions opt) {
    const bool root = world.rank() == 0;
    const Sizing sizing{[](Backend& be) { return probe::dgemm_gflops(be); }, 0.9, 8};
    if (!opt.nb_given && opt.dat.empty()) opt.params.nb = cpu_nb_of_job(world);  // a GPU's set below
    Job job = prepare_job(world, opt, sizing);
    const auto& plan = job.plan;
    auto& be = *job.be;
    const auto tests = plan.tests();
    for (const auto& t : tests) job.check_grid(t.p, t.q);
    check_output_files(world, opt, plan);
    for (const auto& t : tests)
        check_memory(world, t.n, t.p, t.q, t.pmap,
                     [&](int r, int c) { return hpl_bytes_per_process(t, r, c); }, job.process_memory, job.shape,
                     job.n_where);

    // Read before the run, so that a bad file stops it at once.
    const auto calibration = opt.predict ? load_calibration(opt.calibration) : nullptr;
    // On every rank: a GPU the catalog lacks stops them all alike.
    const auto this_machine = opt.predict ? describe_for_prediction(job, calibration.get()) : twin::Machine{};
    if (root && calibration) warn_if_unsteady(*calibration, opt.calibration);

    std::FILE* out = root ? open_output(plan) : nullptr;
    if (root) report::print_hpl_preamble(out, plan);

    hpl::TestResult last;
    hpl::SolverWorkspace workspace;
    Benchmark<hpl::Params, hpl::TestResult> bench;
    bench.name = "hpl";
    bench.title = "HPL";
    bench.run = [&](const hpl::Params& t, const layout::ProcessGrid& grid, const hpl::ProgressFn& progress,
                    hpl::StepTrace* trace, const TimedRegion* region) {
        return hpl::run_test(t, grid, be, progress, &workspace, trace, region);
    };
    bench.skipped = [](const hpl::TestResult& r) { return r.info != 0; };
    bench.passed = [](const hpl::TestResult& r) { return r.passed; };
    bench.report = [&](std::FILE* o, const hpl::TestResult& r) {
        last = r;
        report::print_hpl_test(o, r);
        auto record = report::hpl_run_record(r);
        if (opt.predict) {
            if (const auto p = predict_test(this_machine, r.params, job.shape, calibration.get())) {
                report::print_prediction_beside(o, *p, r.time_s);
                record["predicted_time_s"] = p->sim.time_s;
                record["predicted_gflops"] = p->sim.gflops;
                const auto& b = p->sim.breakdown;
                record["predicted_phases_s"] = {{"panel_factorization", b.panel_factorization},
                                                {"broadcast_wait", b.broadcast + b.waiting},
                                                {"row_swap", b.row_swaps},
                                                {"update", b.update},
                                                {"back_solve", b.back_solve}};
            } else {
                std::fprintf(o, "Twin prediction: not made (the job spans nodes; use exabench predict with a machine file)\n");
            }
        }
        return record;
    };
    nlohmann::json doc = nlohmann::json::object();
    if (job.probe_gflops > 0) doc["dgemm_gflops"] = job.probe_gflops;
    const int status = run_tests(world, job, opt, tests, bench, out, std::move(doc));
    if (root) {
        if (opt.summary && !tests.empty()) print_main_summary(stdout, last, job.probe_gflops, job.machine);
        close_output(out);
    }
    return status;
}

}  // namespace exa::cli
