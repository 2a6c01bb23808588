#include "cli/hpcg_command.hpp"

#include <fmt/format.h>

#include <sstream>
#include <vector>

#include "cli/flags.hpp"
#include "cli/job.hpp"
#include "cli/sizing.hpp"
#include "common/error.hpp"
#include "hpcg/problem.hpp"
#include "hpcg/run.hpp"
#include "report/hpcg_report.hpp"
#include "report/json_file.hpp"
#include "probe/host.hpp"
#include "report/progress.hpp"

namespace exa::cli {
namespace {

/// hpcg.dat: two free lines, then "nx ny nz", the run time, and optionally "npx npy npz".
/// Flags given on the command line win, as in HPCG.
void read_hpcg_dat(comm::Communicator& world, HpcgOptions& opt) {
    std::istringstream text(read_on_root(world, opt.dat, "the hpcg.dat file"));
    std::vector<std::string> lines;
    for (std::string l; std::getline(text, l);) lines.push_back(l);
    const auto values = [&](int line, const char* field, int count, bool optional) {
        std::vector<double> v;
        if (int(lines.size()) < line) {
            if (optional) return v;
            throw InputError(fmt::format("{}:{}: {}: missing line (the file has {} lines)", opt.dat, line,
                                         field, lines.size()));
        }
        std::istringstream in(lines[std::size_t(line - 1)]);
        for (int i = 0; i < count; ++i) {
            double x = 0;
            if (!(in >> x)) {
                if (optional && i == 0) return v;
                throw InputError(fmt::format("{}:{}: {}: expected {} numbers, read '{}'", opt.dat, line, field,
                                             count, lines[std::size_t(line - 1)]));
            }
            v.push_back(x);
        }
        return v;
    };
    const auto as_int = [&](double x, int line, const char* field) {
        if (x != double(int(x)) || x < 0)
            throw InputError(fmt::format("{}:{}: {}: {} is not a non-negative integer", opt.dat, line, field, x));
        return int(x);
    };
    const auto dims = values(3, "nx ny nz", 3, false);
    if (opt.nx == 0) opt.nx = as_int(dims[0], 3, "nx");
    if (opt.ny == 0) opt.ny = as_int(dims[1], 3, "ny");
    if (opt.nz == 0) opt.nz = as_int(dims[2], 3, "nz");
    const auto rt = values(4, "run time", 1, false);
    if (opt.rt < 0) opt.rt = rt[0] < 0 ? hpcg::official_seconds : rt[0];  // HPCG: < 0 means 1800
    const auto grid = values(5, "npx npy npz", 3, true);
    if (grid.size() == 3 && opt.npx == 0 && opt.npy == 0 && opt.npz == 0) {
        opt.npx = as_int(grid[0], 5, "npx");
        opt.npy = as_int(grid[1], 5, "npy");
        opt.npz = as_int(grid[2], 5, "npz");
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
    app.add_flag("!--no-progress", opt.progress, "Do not show progress on the terminal");
}

int run_hpcg(comm::Communicator& world, HpcgOptions opt) {
    const bool root = world.rank() == 0;
    const JobShape shape = JobShape::detect(world, opt.threads);
    const auto be = make_backend(opt.backend, shape.threads);
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
    hpcg::Observer obs;
    obs.phase = [&](const std::string& phase, double flops) {
        bar = std::make_unique<report::Progress>("HPCG " + phase, flops, root && opt.progress);
    };
    obs.progress = [&](double f) {
        if (bar) bar->update(f);
    };
    const auto result = hpcg::run(p, world, *be, obs);
    bar.reset();

    if (root) {
        report::print_hpcg_report(stdout, result, machine);
        if (!opt.json.empty()) report::write_json_atomically(opt.json, report::hpcg_record(result, machine));
    }
    return result.valid ? 0 : 2;
}

}  // namespace exa::cli
