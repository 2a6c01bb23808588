#include "cli/job.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "cli/blas_choice.hpp"
#include "cli/flags.hpp"
#include "cli/hpl_dat.hpp"
#include "common/error.hpp"
#include "common/text_file.hpp"
#include "report/placement.hpp"

namespace exa::cli {

std::string read_on_root(comm::Communicator& world, const std::string& path, const char* what) {
    std::string text;
    std::int64_t len = -1;
    if (world.rank() == 0) {
        if (auto file = read_text_file(path)) {
            text = std::move(*file);
            len = std::int64_t(text.size());
        }
    }
    world.bcast(std::span<std::int64_t>(&len, 1), 0);
    if (len < 0) throw InputError(fmt::format("{}: cannot open {}", path, what));
    text.resize(std::size_t(len));
    world.bcast(std::span<char>(text.data(), text.size()), 0);
    return text;
}

void check_writable(comm::Communicator& world, const std::string& path, const std::string& what) {
    std::string problem;
    if (world.rank() == 0) {
        // A file beside it, made and removed: the directory takes new files (result files are
        // written under a temporary name, then renamed into place).
        const auto slash = path.find_last_of('/');
        const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
        const std::string probe = dir + "/.exabench-write-check." + std::to_string(getpid());
        const int fd = open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
        struct stat st {};
        if (fd < 0) problem = std::strerror(errno);
        else if (stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) problem = "it is a directory";
        if (fd >= 0) {
            close(fd);
            unlink(probe.c_str());
        }
    }
    std::int64_t len = std::int64_t(problem.size());
    world.bcast(std::span<std::int64_t>(&len, 1), 0);
    problem.resize(std::size_t(len));
    world.bcast(std::span<char>(problem.data(), problem.size()), 0);
    if (!problem.empty()) throw InputError(fmt::format("{}: cannot write {}: {}", what, path, problem));
}

void check_output_files(comm::Communicator& world, const RunOptions& opt, const hpl::TestPlan& plan) {
    if (!opt.json.empty()) check_writable(world, opt.json, "--json");
    if (!opt.trace.empty()) check_writable(world, opt.trace, "--trace");
    if (!opt.html.empty()) check_writable(world, opt.html, "--html");
    if (plan.device != 6 && plan.device != 7)
        check_writable(world, plan.output_file, fmt::format("{}:3: output file name", plan.source));
}

void add_common_flags(CLI::App& app, RunOptions& opt) {
    app.add_option("--threads", opt.threads,
                   "Threads per process for the BLAS (default: the cores of this node / processes on it)")
        ->check(at_least(1));
    add_backend_flag(app, opt.backend);
    app.add_option("--json", opt.json, "Write the results as one JSON record to this file");
    app.add_option("--html", opt.html,
                   "Write the results (and the step trace, with --trace) as one HTML page with charts "
                   "(as exabench report does)");
    app.add_flag("!--no-progress", opt.progress, "Do not show progress on the terminal");
}

void add_problem_flags(CLI::App& app, RunOptions& opt) {
    auto& p = opt.params;
    app.add_option("--dat", opt.dat,
                   "Run every test of a netlib HPL.dat (then the flags below are not used)")
        ->check(CLI::ExistingFile);
    app.add_option_function<std::int64_t>("-n,--n", [&](std::int64_t v) { p.n = v; opt.n_given = true; },
                                          "Matrix order N (default: sized to about a minute and to memory)")
        ->check(at_least(1));
    app.add_option_function<std::int64_t>("--nb", [&](std::int64_t v) { p.nb = v; opt.nb_given = true; },
                                          "Block size NB (default: 192; 512 on a GPU)")
        ->check(at_least(1));
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
    app.add_option("--threshold", p.threshold, "Residual threshold")->capture_default_str();
    app.add_option("--align", p.align, "Memory alignment in matrix entries (ALIGN)")
        ->check(at_least(1))->capture_default_str();
    app.add_option("--seed", p.seed, "Generator seed (HPL's is 100)")->capture_default_str();
    app.add_option("--trace", opt.trace,
                   "Write the steps every process executed, with their times, as JSON to this file");
    add_common_flags(app, opt);
}

probe::MachineInfo describe_machine(comm::Communicator& world, const JobShape& shape, const Backend* be) {
    auto m = probe::MachineInfo::detect();
    if (be) {
        m.backend = be->name();
        m.accelerator = be->device_name();
    }
    m.ranks = shape.ranks;
    m.ranks_per_node = shape.ranks_per_node;
    m.threads_per_rank = shape.threads;
    m.mpi = comm::Environment::library_name();
    m.placement = probe::gather_places(world, probe::my_place(world.rank(), shape.threads));
    if (world.rank() == 0) report::print_placement(stdout, m.placement);
    return m;
}

void Job::check_grid(int p, int q) const {
    if (p * q > shape.ranks)
        throw InputError(fmt::format(
            "{}: grid {} x {} needs {} processes, but this run has {} (start it with mpirun -np {})",
            grid_where, p, q, p * q, shape.ranks, p * q));
}

Job prepare_job(comm::Communicator& world, RunOptions& opt, const Sizing& sizing) {
    Job job;
    job.shape = JobShape::detect(world, opt.threads);
    job.be = make_backend(opt.backend, job.shape.threads);
    job.machine = describe_machine(world, job.shape, job.be.get());
    job.process_memory = memory_per_process(*job.be, world, job.shape);
    if (world.rank() == 0 && job.be->name() == "cpu") warn_if_blas_below_cpu(*job.be);

    if (!opt.dat.empty()) {
        job.plan = parse_hpl_dat(read_on_root(world, opt.dat, "the HPL.dat file"), opt.dat);
        job.n_where = fmt::format("{}:{}: Ns", opt.dat, hpl_dat_n_line);
        job.grid_where = fmt::format("{}:{}: Ps/Qs", opt.dat, hpl_dat_grid_line);
        return job;
    }
    if (!opt.grid_given) std::tie(opt.params.p, opt.params.q) = default_grid(job.shape.ranks);
    // A GPU's GEMM reaches its rate only on wide panels.
    if (!opt.nb_given && job.be->memory_space() == MemorySpace::device) opt.params.nb = gpu_nb;
    if (opt.summary || !opt.n_given) {
        // The GEMM ceiling of every rank together: the yardstick and the size's basis.
        job.probe_gflops = world.allreduce_sum(sizing.probe(*job.be));
    }
    if (!opt.n_given) {
        // The same N on every rank: the least memory decides.
        double have = double(job.process_memory);
        world.allreduce(&have, 1, comm::ReduceOp::min);
        opt.params.n = auto_problem_size(sizing.efficiency * job.probe_gflops, opt.target_seconds,
                                         std::uint64_t(have), job.shape, opt.params.nb,
                                         sizing.bytes_per_entry, fill_fraction(*job.be));
        job.n_where = fmt::format("automatic N = {}", opt.params.n);
    }
    job.plan = hpl::TestPlan::single(opt.params);
    return job;
}

const layout::ProcessGrid* GridOfTest::get(int p, int q, layout::ProcessMap map) {
    if (!grid_ || grid_->p() != p || grid_->q() != q || grid_->map() != map)
        grid_ = std::make_unique<layout::ProcessGrid>(world_, p, q, map);
    return grid_->active() ? grid_.get() : nullptr;
}

std::FILE* open_output(const hpl::TestPlan& plan) {
    if (plan.device == 6) return stdout;
    if (plan.device == 7) return stderr;
    std::FILE* f = std::fopen(plan.output_file.c_str(), "w");
    if (!f) throw InputError(fmt::format("{}:3: output file name: cannot write '{}'", plan.source, plan.output_file));
    return f;
}

void close_output(std::FILE* out) {
    if (out && out != stdout && out != stderr) std::fclose(out);
}

std::string with_thousands(double v) {
    std::string digits = fmt::format("{:.0f}", v), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

void inject_fault_for_tests(comm::Communicator& world) {
    if (const char* r = std::getenv("EXABENCH_FAIL_RANK"); r && std::atoi(r) == world.rank())
        throw Error("injected fault (EXABENCH_FAIL_RANK)");
}

}  // namespace exa::cli
