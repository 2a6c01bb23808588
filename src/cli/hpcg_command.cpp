#include "cli/hpcg_command.hpp"

#include <fmt/format.h>

#include <vector>

#include "cli/flags.hpp"
#include "cli/hpcg_dat.hpp"
#include "cli/job.hpp"
#include "cli/sizing.hpp"
#include "common/error.hpp"
#include "common/interrupt.hpp"
#include "hpcg/problem.hpp"
#include "hpcg/run.hpp"
#include "cli/energy_window.hpp"
#include "report/hpcg_report.hpp"
#include "report/html_report.hpp"
#include "report/json_file.hpp"
#include "probe/host.hpp"
#include "report/progress.hpp"

namespace exa::cli {
namespace {

/// hpcg.dat's values where the flags left them open (flags win, as in HPCG).
void read_hpcg_dat(comm::Communicator& world, HpcgOptions& opt) {
    const HpcgDat d = parse_hpcg_dat(read_on_root(world, opt.dat, "the hpcg.dat file"), opt.dat);
    if (opt.nx == 0) opt.nx = d.nx;
    if (opt.ny == 0) opt.ny = d.ny;
    if (opt.nz == 0) opt.nz = d.nz;
    if (opt.rt < 0) opt.rt = d.rt < 0 ? hpcg::official_seconds : d.rt;  // HPCG: < 0 means 1800
    if (d.npx > 0 && opt.npx == 0 && opt.npy == 0 && opt.npz == 0) {
        opt.npx = d.npx;
        opt.npy = d.npy;
        opt.npz = d.npz;
    }
}

/// The largest multiple-of-8 cube per rank that fits in about 30% of the node's available
/// memory (HPCG asks for at least a quarter of main memory); the same on every rank.
int auto_dimension(comm::Communicator& world, const JobShape& shape, bool coloring) {
    const double budget = 0.30 * double(probe::available_memory_bytes()) / shape.ranks_per_node;
    std::int64_t n = 16;
    while (double(hpcg::bytes_needed(n + 8, n + 8, n + 8, coloring)) <= budget) n += 8;
    n = -world.allreduce_max(-n);
    return int(n);
}

}  // namespace

void add_hpcg_flags(CLI::App& app, HpcgOptions& opt) {
    app.add_option("--dat", opt.dat, "HPCG's hpcg.dat (lines 3-5: nx ny nz, run time, npx npy npz); flags override it")
        ->check(CLI::ExistingFile);
    app.add_option("--nx", opt.nx, "Local grid points in x per process (multiple of 8, >= 16; default: sized to memory)")
        ->check(at_least(1));
    app.add_option("--ny", opt.ny, "Local grid points in y per process")->check(at_least(1));
    app.add_option("--nz", opt.nz, "Local grid points in z per process")->check(at_least(1));
    app.add_option("--rt", opt.rt, "Seconds of timed CG sets (default 1800, an official run; less is not official; 0: one set)")
        ->check(CLI::Range(0.0, 1e9));
    app.add_option("--npx", opt.npx, "Processes in x (default: HPCG's choice)")->check(at_least(1));
    app.add_option("--npy", opt.npy, "Processes in y")->check(at_least(1));
    app.add_option("--npz", opt.npz, "Processes in z")->check(at_least(1));
    app.add_option("--threads", opt.threads,
                   "Threads per process (default: the cores of this node / processes on it)")
        ->check(at_least(1));
    add_backend_flag(app, opt.backend);
    app.add_flag("--reference", opt.reference, "Time HPCG's reference kernels instead of the optimized ones");
    app.add_option("--json", opt.json, "Write the result as one JSON record to this file");
    app.add_option("--html", opt.html, "Write the result as one HTML page with charts (as exabench report does)");
    app.add_flag("!--no-progress", opt.progress, "Do not show progress on the terminal");
}

int run_hpcg(comm::Communicator& world, HpcgOptions opt) {
    const bool root = world.rank() == 0;
    const JobShape shape = JobShape::detect(world, opt.threads);
    const auto be = make_backend(opt.backend, shape.threads);
    if (!be->sparse_kernels())
        throw InputError(fmt::format("--backend {}: HPCG has no kernels on this backend yet; run hpcg with --backend cpu",
                                     opt.backend));
    if (!opt.dat.empty()) read_hpcg_dat(world, opt);
    if (opt.rt < 0) opt.rt = hpcg::official_seconds;
    const bool coloring = shape.threads > 1 && !opt.reference;

    const int given = (opt.nx > 0) + (opt.ny > 0) + (opt.nz > 0);
    const std::string where = opt.dat.empty() ? "--nx/--ny/--nz" : fmt::format("{}:3: nx ny nz", opt.dat);
    if (given == 0) {
        opt.nx = opt.ny = opt.nz = auto_dimension(world, shape, coloring);
    } else if (given < 3) {
        const int n = std::max({opt.nx, opt.ny, opt.nz});  // the ones not given follow the largest
        for (int* d : {&opt.nx, &opt.ny, &opt.nz})
            if (*d == 0) *d = n;
    }
    if (const auto bad = hpcg::check_dimensions(opt.nx, opt.ny, opt.nz); !bad.empty())
        throw InputError(fmt::format("{}: {}", where, bad));

    const int grid_given = (opt.npx > 0) + (opt.npy > 0) + (opt.npz > 0);
    const std::string grid_where = opt.dat.empty() ? "--npx/--npy/--npz" : fmt::format("{}:5: npx npy npz", opt.dat);
    if (grid_given > 0 && grid_given < 3)
        throw InputError(fmt::format("{}: give all three of npx, npy and npz, or none", grid_where));
    if (grid_given == 3 && std::int64_t(opt.npx) * opt.npy * opt.npz != shape.ranks)
        throw InputError(fmt::format("{}: {} x {} x {} = {} processes, but this run has {}", grid_where, opt.npx,
                                     opt.npy, opt.npz, std::int64_t(opt.npx) * opt.npy * opt.npz, shape.ranks));

    // Refuse what would not fit, on every rank alike, before allocating.
    const std::uint64_t need = hpcg::bytes_needed(opt.nx, opt.ny, opt.nz, coloring) * std::uint64_t(shape.ranks_per_node);
    const std::uint64_t have = probe::available_memory_bytes();
    if (world.allreduce_max(std::int64_t(need > have)))
        throw InputError(fmt::format("{}: {} x {} x {} per process needs {:.1f} GiB on a node of {} processes, "
                                     "but {:.1f} GiB is available",
                                     where, opt.nx, opt.ny, opt.nz, double(need) / (1u << 30),
                                     shape.ranks_per_node, double(have) / (1u << 30)));

    if (!opt.json.empty()) check_writable(world, opt.json, "--json");
    if (!opt.html.empty()) check_writable(world, opt.html, "--html");
    const auto machine = describe_machine(world, shape);
    if (root)
        fmt::print("HPCG: {} x {} x {} points per process, {} process(es) x {} thread(s), {:.0f} s of timed sets{}\n",
                   opt.nx, opt.ny, opt.nz, shape.ranks, shape.threads, opt.rt,
                   opt.rt >= hpcg::official_seconds ? " (official)" : " (not official: --rt below 1800)");
    inject_fault_for_tests(world);

    hpcg::Params p;
    p.nx = opt.nx;
    p.ny = opt.ny;
    p.nz = opt.nz;
    p.run_seconds = opt.rt;
    p.grid = {opt.npx, opt.npy, opt.npz};
    p.reference_kernels = opt.reference;

    std::unique_ptr<report::Progress> bar;
    EnergyWindow energy(world);
    hpcg::Observer obs;
    obs.timed = energy.region();
    obs.phase = [&](const std::string& phase, double flops) {
        bar = std::make_unique<report::Progress>("HPCG " + phase, flops, root && opt.progress);
    };
    obs.progress = [&](double f) {
        check_interrupt();
        if (bar) bar->update(f);
    };
    const auto result = hpcg::run(p, world, *be, obs);
    bar.reset();
    const auto joules = energy.measurement(true);

    if (root) {
        report::print_hpcg_report(stdout, result, machine);
        auto record = report::hpcg_record(result, machine);
        // The timed sets' rate and time: the energy covers them.
        const double sets_s = record.value("time_s", 0.0);
        const double sets_gflops = sets_s > 0 ? record.value("flops", 0.0) / sets_s / 1e9 : 0;
        report::print_energy(stdout, joules, sets_gflops, sets_s);
        record["energy"] = report::energy_json(joules, sets_gflops, sets_s);
        if (!opt.json.empty()) report::write_json_atomically(opt.json, record);
        if (!opt.html.empty()) report::write_html_page(opt.html, {{opt.json.empty() ? "this run" : opt.json, record}});
    }
    return result.valid ? 0 : 2;
}

}  // namespace exa::cli
