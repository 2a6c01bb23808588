#include "cli/hpl_command.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "backend/backend.hpp"
#include "backend/gemm_probe.hpp"
#include "cli/hpl_dat.hpp"
#include "cli/sizing.hpp"
#include "common/error.hpp"
#include "hpl/run.hpp"
#include "hpl/test_plan.hpp"
#include "report/hpl_text.hpp"
#include "report/json_file.hpp"
#include "report/machine_info.hpp"
#include "report/progress.hpp"
#include "report/top500.hpp"
#include "version.hpp"

namespace exa::cli {
namespace {

/// An integer of at least `lo`, with a message that says so.
CLI::Validator at_least(std::int64_t lo) {
    return CLI::Validator(
        [lo](std::string& s) -> std::string {
            std::int64_t v = 0;
            const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
            if (ec != std::errc() || p != s.data() + s.size() || v < lo)
                return fmt::format("{} is not an integer >= {}", s, lo);
            return {};
        },
        fmt::format("INT >= {}", lo));
}

template <class E>
std::map<std::string, E> names(std::initializer_list<std::pair<const char*, E>> list) {
    std::map<std::string, E> m;
    for (auto& [k, v] : list) m.emplace(k, v);
    return m;
}

/// Rank 0 reads the file; everyone parses the same text, so everyone fails alike.
std::string read_on_root(comm::Communicator& world, const std::string& path) {
    std::string text;
    std::int64_t len = -1;
    if (world.rank() == 0) {
        std::ifstream in(path);
        if (in) {
            std::ostringstream s;
            s << in.rdbuf();
            text = s.str();
            len = std::int64_t(text.size());
        }
    }
    world.bcast(std::span<std::int64_t>(&len, 1), 0);
    if (len < 0) throw InputError(path + ": cannot open the HPL.dat file");
    text.resize(std::size_t(len));
    world.bcast(std::span<char>(text.data(), text.size()), 0);
    return text;
}

/// Where HPL.dat says the output goes (line 4: 6 stdout, 7 stderr, else line 3's file).
std::FILE* open_output(const hpl::TestPlan& plan) {
    if (plan.device == 6) return stdout;
    if (plan.device == 7) return stderr;
    std::FILE* f = std::fopen(plan.output_file.c_str(), "w");
    if (!f) throw InputError(fmt::format("{}:3: output file name: cannot write '{}'", plan.source, plan.output_file));
    return f;
}

/// 12345678.9 -> "12,345,679".
std::string with_thousands(double v) {
    std::string digits = fmt::format("{:.0f}", v), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

void print_main_summary(std::FILE* out, const hpl::TestResult& r, double dgemm_gflops,
                        const report::MachineInfo& m) {
    const auto& p = r.params;
    const auto& ref = report::jupiter;
    std::fprintf(out, "\nexabench summary: HPL on %s (%s)\n", m.hostname.c_str(), m.cpu_model.c_str());
    std::fprintf(out, "  Rmax       %10.2f GFLOP/s   N = %lld, NB = %lld, grid %d x %d, %d rank(s) x %d thread(s)\n",
                 r.gflops, (long long)p.n, (long long)p.nb, p.p, p.q, m.ranks, m.threads_per_rank);
    if (dgemm_gflops > 0)
        std::fprintf(out, "  DGEMM      %10.2f GFLOP/s   measured at start; HPL reached %.1f%% of it\n",
                     dgemm_gflops, 100.0 * r.gflops / dgemm_gflops);
    if (r.info)
        std::fprintf(out, "  Residual   SKIPPED (zero pivot in column %lld)\n", (long long)r.info);
    else if (r.checked)
        std::fprintf(out, "  Residual   %10.3e        %s (threshold %.1f)\n", r.check.resid,
                     r.passed ? "PASSED" : "FAILED", p.threshold);
    if (r.gflops > 0)
        std::fprintf(out, "  JUPITER    %s (%.3f EFlop/s, %s) equals %s of this machine\n", ref.name,
                     ref.rmax_gflops / 1e9, ref.list, with_thousands(ref.rmax_gflops / r.gflops).c_str());
    std::fflush(out);
}

/// Tests of the failure path set EXABENCH_FAIL_RANK to make one rank fail mid-run.
void inject_fault_for_tests(comm::Communicator& world) {
    if (const char* r = std::getenv("EXABENCH_FAIL_RANK"); r && std::atoi(r) == world.rank())
        throw Error("injected fault (EXABENCH_FAIL_RANK)");
}

}  // namespace

void add_common_flags(CLI::App& app, HplOptions& opt) {
    app.add_option("--threads", opt.threads,
                   "Threads per process for the BLAS (default: the cores of this node / processes on it)")
        ->check(at_least(1));
    app.add_option("--json", opt.json, "Write the results as one JSON record to this file");
    app.add_flag("!--no-progress", opt.progress, "Do not show progress on the terminal");
}

void add_hpl_flags(CLI::App& app, HplOptions& opt) {
    auto& p = opt.params;
    app.add_option("--dat", opt.dat,
                   "Run every test of a netlib HPL.dat (then the flags below are not used)")
        ->check(CLI::ExistingFile);
    app.add_option_function<std::int64_t>("-n,--n", [&](std::int64_t v) { p.n = v; opt.n_given = true; },
                                          "Matrix order N (default: sized to about a minute and to memory)")
        ->check(at_least(1));
    app.add_option("--nb", p.nb, "Block size NB")->check(at_least(1))->capture_default_str();
    app.add_option_function<int>("-p,--p", [&](int v) { p.p = v; opt.grid_given = true; },
                                 "Process rows P (default: P x Q = all processes, P <= Q, near square)")
        ->check(at_least(1));
    app.add_option_function<int>("-q,--q", [&](int v) { p.q = v; opt.grid_given = true; }, "Process columns Q")
        ->check(at_least(1));
    app.add_option("--pmap", p.pmap, "Process mapping: row (0) or column (1) major")
        ->transform(CLI::CheckedTransformer(
            names<layout::ProcessMap>({{"row", layout::ProcessMap::row_major},
                                       {"column", layout::ProcessMap::column_major}}),
            CLI::ignore_case))
        ->default_str("row");
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
    app.add_option("--bcast", p.bcast,
                   "Panel broadcast: 1ring (0), 1ringM (1), 2ring (2), 2ringM (3), blong (4), blongM (5)")
        ->transform(CLI::CheckedTransformer(
            names<hpl::Broadcast>({{"1ring", hpl::Broadcast::ring},
                                   {"1ringM", hpl::Broadcast::ring_modified},
                                   {"2ring", hpl::Broadcast::two_ring},
                                   {"2ringM", hpl::Broadcast::two_ring_modified},
                                   {"blong", hpl::Broadcast::blong},
                                   {"blongM", hpl::Broadcast::blong_modified}}),
            CLI::ignore_case))
        ->default_str("1ringM");
    app.add_option("--depth", p.depth, "Lookahead depth (DEPTH)")
        ->check(at_least(0))->capture_default_str();
    app.add_option("--swap", p.swap, "Row swaps: binary (0), long (1, spread-roll), mix (2)")
        ->transform(CLI::CheckedTransformer(
            names<hpl::SwapAlgo>({{"binary", hpl::SwapAlgo::binary_exchange},
                                  {"long", hpl::SwapAlgo::spread_roll},
                                  {"mix", hpl::SwapAlgo::mix}}),
            CLI::ignore_case))
        ->default_str("mix");
    app.add_option("--swap-threshold", p.swap_threshold, "Mix: spread-roll above this many local columns")
        ->check(at_least(0))->capture_default_str();
    app.add_option("--threshold", p.threshold, "Residual threshold (<= 0: no check)")->capture_default_str();
    app.add_option("--align", p.align, "Memory alignment in doubles (ALIGN)")
        ->check(at_least(1))->capture_default_str();
    app.add_option("--seed", p.seed, "Generator seed (HPL's is 100)")->capture_default_str();
    add_common_flags(app, opt);
}

int run_hpl(comm::Communicator& world, HplOptions opt) {
    const bool root = world.rank() == 0;
    const JobShape shape = JobShape::detect(world, opt.threads);
    auto be = make_cpu_backend(shape.threads);

    report::MachineInfo machine = report::MachineInfo::detect();
    machine.ranks = shape.ranks;
    machine.ranks_per_node = shape.ranks_per_node;
    machine.threads_per_rank = shape.threads;
    machine.mpi = comm::Environment::library_name();

    hpl::TestPlan plan;
    std::string n_where = "-n", grid_where = "-p/-q";
    double dgemm_gflops = 0;
    if (!opt.dat.empty()) {
        plan = parse_hpl_dat(read_on_root(world, opt.dat), opt.dat);
        n_where = fmt::format("{}:{}: Ns", opt.dat, hpl_dat_n_line);
        grid_where = fmt::format("{}:{}: Ps/Qs", opt.dat, hpl_dat_grid_line);
    } else {
        if (!opt.grid_given) std::tie(opt.params.p, opt.params.q) = default_grid(shape.ranks);
        if (opt.summary || !opt.n_given) {
            // The DGEMM ceiling of every rank together: the yardstick and the size's basis.
            dgemm_gflops = world.allreduce_sum(probe_gemm_gflops(*be));
        }
        if (!opt.n_given) {
            opt.params.n = auto_problem_size(dgemm_gflops, opt.target_seconds,
                                             report::available_memory_bytes(), shape, opt.params.nb);
            n_where = fmt::format("automatic N = {}", opt.params.n);
        }
        plan = hpl::TestPlan::single(opt.params);
    }
    const auto tests = plan.tests();
    for (const auto& t : tests)
        if (t.p * t.q > shape.ranks)
            throw InputError(fmt::format(
                "{}: grid {} x {} needs {} processes, but this run has {} (start it with mpirun -np {})",
                grid_where, t.p, t.q, t.p * t.q, shape.ranks, t.p * t.q));
    for (const auto& t : tests) check_memory(world, t, shape, n_where);

    std::FILE* out = root ? open_output(plan) : nullptr;
    if (root) report::print_hpl_preamble(out, plan);

    report::TestCounts counts;
    nlohmann::json runs = nlohmann::json::array();
    hpl::TestResult last;
    std::unique_ptr<layout::ProcessGrid> grid;
    for (const auto& t : tests) {
        if (!grid || grid->p() != t.p || grid->q() != t.q || grid->map() != t.pmap)
            grid = std::make_unique<layout::ProcessGrid>(world, t.p, t.q, t.pmap);
        if (!grid->active()) continue;  // ranks beyond P x Q sit this grid out, as in HPL
        inject_fault_for_tests(world);
        report::Progress bar(fmt::format("HPL N={} NB={} {}x{}", t.n, t.nb, t.p, t.q),
                             hpl::hpl_flops(double(t.n)), root && opt.progress);
        const auto r = hpl::run_test(t, *grid, *be, [&](double f) { bar.update(f); });
        bar.finish();
        if (r.info) ++counts.skipped;
        else if (r.passed) ++counts.passed;
        else ++counts.failed;
        if (root) {
            report::print_hpl_test(out, r);
            runs.push_back(report::hpl_run_record(r));
        }
        last = r;
    }
    grid.reset();
    world.barrier();
    if (root) {
        report::print_hpl_summary(out, counts, plan.threshold > 0);
        if (opt.summary && !tests.empty()) print_main_summary(stdout, last, dgemm_gflops, machine);
        if (out != stdout && out != stderr) std::fclose(out);
        if (!opt.json.empty()) {
            nlohmann::json doc = {{"benchmark", "hpl"},
                                  {"exabench_version", EXA_VERSION},
                                  {"source", plan.source},
                                  {"runs", runs},
                                  {"machine", machine.to_json()}};
            if (dgemm_gflops > 0) doc["dgemm_gflops"] = dgemm_gflops;
            report::write_json_atomically(opt.json, doc);
        }
    }
    // Rank 0 saw every result; tell the others how it went.
    std::int64_t bad = root ? counts.failed + counts.skipped : 0;
    bad = world.allreduce_sum(bad);
    return bad ? 2 : 0;
}

}  // namespace exa::cli
