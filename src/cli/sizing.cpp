#include "cli/sizing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <thread>

#include "common/error.hpp"
#include "hpl/local_matrix.hpp"
#include "layout/block_cyclic.hpp"
#include "probe/host.hpp"

namespace exa::cli {

JobShape JobShape::detect(comm::Communicator& world, int threads_requested) {
    JobShape s;
    s.ranks = world.size();
    s.ranks_per_node = world.split_shared_node()->size();
    if (threads_requested > 0) {
        s.threads = threads_requested;
    } else {
        // A rank bound to one core (mpirun --bind-to core) gets one thread; an unbound rank
        // shares the node's cores with the others on it.
        const int cores = probe::usable_cores();
        const int node_cores = int(std::max(1u, std::thread::hardware_concurrency()));
        s.threads = std::max(1, std::min(cores, node_cores / s.ranks_per_node));
    }
    return s;
}

std::int64_t cpu_nb(probe::Isa kernels) { return kernels == probe::Isa::avx512 ? 384 : 192; }

std::int64_t cpu_nb_of_job(comm::Communicator& world) {
    probe::Isa isa = probe::detect_blas().isa;
    if (isa == probe::Isa::unknown) isa = probe::detect_cpu_isa().isa;
    std::int64_t nb = cpu_nb(isa);
    world.allreduce(&nb, 1, comm::ReduceOp::min);
    return nb;
}

std::pair<int, int> default_grid(int ranks) {
    int p = int(std::sqrt(double(ranks)));
    while (p > 1 && ranks % p != 0) --p;
    return {p, ranks / p};
}

std::unique_ptr<comm::Communicator> ranks_on_my_device(comm::Communicator& node, const Backend& be) {
    return node.split(be.device_memory().device_key, node.rank());
}

std::uint64_t memory_per_process(const Backend& be, comm::Communicator& world, const JobShape& shape) {
    if (be.memory_space() == MemorySpace::device) {
        const auto node = world.split_shared_node();
        return be.device_memory().free_bytes / std::uint64_t(ranks_on_my_device(*node, be)->size());
    }
    return probe::available_memory_bytes() / std::uint64_t(std::max(1, shape.ranks_per_node));
}

double fill_fraction(const Backend& be) { return be.memory_space() == MemorySpace::device ? 0.8 : 0.6; }

std::int64_t auto_problem_size(double solve_gflops, double seconds, std::uint64_t process_bytes,
                               const JobShape& shape, std::int64_t nb, double bytes_per_entry,
                               double memory_fraction) {
    const double n_time = std::cbrt(seconds * solve_gflops * 1e9 * 1.5);
    const double n_mem = std::sqrt(memory_fraction * double(process_bytes) * shape.ranks / bytes_per_entry);
    const auto n = std::int64_t(std::min(n_time, n_mem));
    return std::max(nb, n / nb * nb);
}

std::uint64_t hpl_bytes_per_process(const hpl::Params& p, int my_row, int my_col) {
    const std::uint64_t matrix =
        hpl::LocalMatrix::bytes_needed(p.n, p.nb, p.p, p.q, my_row, my_col, p.align);
    const layout::BlockCyclic1D rows{p.n, p.nb, p.p, my_row}, cols{p.n + 1, p.nb, p.q, my_col};
    const auto mp = std::uint64_t(rows.count()), nq = std::uint64_t(cols.count()),
               nb = std::uint64_t(p.nb);
    const std::uint64_t panels = std::uint64_t(p.depth + 1) * (nb * nb + nb + mp * nb);
    const std::uint64_t swap_space = 3 * nb * nq;  // U and the rows in flight
    return matrix + 8 * (panels + swap_space + 2 * (mp + nq));
}

void check_memory(comm::Communicator& world, std::int64_t n, int p, int q, layout::ProcessMap map,
                  const BytesPerProcess& bytes, std::uint64_t have_bytes, const JobShape& shape,
                  const std::string& where) {
    const int r = world.rank();
    const bool in_grid = r < p * q;
    int my_row = 0, my_col = 0;
    if (in_grid) {
        my_row = map == layout::ProcessMap::row_major ? r / q : r % p;
        my_col = map == layout::ProcessMap::row_major ? r % q : r / p;
    }
    const double need = in_grid ? double(bytes(my_row, my_col)) : 0.0;
    const double have = double(have_bytes);
    // [need/have ratio, need, have] of the worst process.
    double worst = have > 0 ? need / have : 1e30;
    worst = world.allreduce_max(worst);
    const double need0 = double(bytes(0, 0));
    if (worst > 0.95) {
        const double have_all = world.allreduce_max(have);
        throw InputError(fmt::format(
            "{}: N = {} needs {:.1f} GiB per process, but only {:.1f} GiB is available per "
            "process ({} per node); use a smaller N or more nodes",
            where, n, need0 / double(1ULL << 30), have_all / double(1ULL << 30),
            shape.ranks_per_node));
    }
}

}  // namespace exa::cli
