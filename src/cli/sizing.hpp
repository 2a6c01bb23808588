#pragma once
// Choices a user need not make: problem size, grid, threads, and the memory check that
// refuses a run before it allocates.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "backend/backend.hpp"
#include "comm/communicator.hpp"
#include "hpl/params.hpp"
#include "probe/blas_kernels.hpp"

namespace exa::cli {

/// Where this process sits among the job's processes.
struct JobShape {
    int ranks = 1;           ///< processes in the job
    int ranks_per_node = 1;  ///< processes sharing this node
    int threads = 1;         ///< threads each process gives its kernels
    static JobShape detect(comm::Communicator& world, int threads_requested);
};

/// P x Q with P <= Q, as square as the rank count allows (HPL's advice).
std::pair<int, int> default_grid(int ranks);

/// HPL's NB on a CPU when none is given, by the vector instructions of the BLAS kernels that
/// run: 384 with AVX-512, 192 otherwise, as Intel's guide to its HPL advises (oneMKL developer
/// guide, "Configuring Parameters"); of 192, 256 and 384, 384 also ran best on an AVX-512
/// Xeon with OpenBLAS (docs/performance.md).
std::int64_t cpu_nb(probe::Isa kernels);
/// cpu_nb of the kernels this process's BLAS runs (the CPU's instructions where the BLAS does
/// not say), the smallest over the job so that every rank agrees. Collective.
std::int64_t cpu_nb_of_job(comm::Communicator& world);

/// The ranks of `node` (a node's communicator) that drive the same device as this one, on a
/// device backend. Collective over `node`.
std::unique_ptr<comm::Communicator> ranks_on_my_device(comm::Communicator& node, const Backend& be);

/// The memory one process may fill: its share of the node's available memory, or of its
/// GPU's free memory on a device backend (shared with the processes on the same GPU).
/// Collective.
std::uint64_t memory_per_process(const Backend& be, comm::Communicator& world, const JobShape& shape);
/// The part of it the automatic N fills: 0.6 of host memory (the system keeps the rest),
/// 0.8 of a GPU's.
double fill_fraction(const Backend& be);

/// The largest multiple of nb whose solve (2/3 N^3 flops) takes about `seconds` at
/// `solve_gflops` and whose matrix, at `bytes_per_entry`, fits in `memory_fraction` of
/// every process's `process_bytes`.
std::int64_t auto_problem_size(double solve_gflops, double seconds, std::uint64_t process_bytes,
                               const JobShape& shape, std::int64_t nb, double bytes_per_entry = 8,
                               double memory_fraction = 0.6);

/// Bytes one process needs for a test: its part of [A | b] plus panels and work space.
std::uint64_t hpl_bytes_per_process(const hpl::Params& p, int my_row, int my_col);

/// Bytes the process at (my_row, my_col) of the grid needs for one test.
using BytesPerProcess = std::function<std::uint64_t(int my_row, int my_col)>;

/// Refuses (InputError, same on every rank) a test of order n on a p x q grid whose memory
/// would not fit on some node. `where` names the input that set N ("HPL.dat:6: Ns" or "-n").
/// `have` is this process's memory_per_process.
void check_memory(comm::Communicator& world, std::int64_t n, int p, int q, layout::ProcessMap map,
                  const BytesPerProcess& bytes, std::uint64_t have, const JobShape& shape,
                  const std::string& where);

}  // namespace exa::cli
