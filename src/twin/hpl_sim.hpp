#pragma once
// The twin's HPL: exabench's schedule (hpl/schedule.hpp), the steps the solver executes,
// played out in time on models of the kernels and the network, stage by stage: the owner of
// the next panel walks its steps first (its factorization sets when the panel leaves), then
// the other columns in the broadcast's order, each picking the panel up when it arrives: at
// the receive, or between the pieces of an update that polls for it. Process rows move in
// step (their swaps are collective), so a column is timed by its most loaded row; when a
// column's processes share cores, by their mean (the lighter process yields the core).
#include <vector>

#include "hpl/params.hpp"
#include "hpl/trace.hpp"
#include "twin/kernel_model.hpp"
#include "twin/network_model.hpp"

namespace exa::twin {

struct SimInput {
    hpl::Params params;                         ///< N, NB, P, Q, PMAP, BCAST, DEPTH, SWAP
    int threads = 1;                            ///< per process
    const KernelModel* rank_kernels = nullptr;  ///< one process with all its threads
    const KernelModel* thread_kernels = nullptr;///< one thread (threaded lookahead on 1 x 1)
    const NetworkModel* network = nullptr;
    double slowdown = 1;                        ///< pace of the slowest process (variability)
    double element_bytes = 8;                   ///< of a factored entry (HPL-MxP's FP32: 4)
    bool column_shares_cores = false;           ///< a column's processes time-share cores
    double pivot_exchange_s = 0;                ///< measured cost per panel column of a pivot
                                                ///< exchange step (0: from the network model)
    /// When set, every process's simulated steps (hpl/trace.hpp), at its column's times.
    std::vector<hpl::TraceEvent>* trace = nullptr;
};

/// Where the time goes on the critical path (the process column that finishes last).
struct Breakdown {
    double panel_factorization = 0;  ///< local factorization and its pivot exchanges
    double broadcast = 0;            ///< waiting while the panel travels to this column
    double waiting = 0;              ///< waiting for the panel's owner to factor it
    double row_swaps = 0;            ///< local row moves and their exchanges down the column
    double update = 0;               ///< triangular solve, trailing GEMM and U written back
    double back_solve = 0;           ///< U x = y
    [[nodiscard]] double total() const {
        return panel_factorization + broadcast + waiting + row_swaps + update + back_solve;
    }
};

struct SimResult {
    double time_s = 0;
    double gflops = 0;  ///< HPL's flop count over time_s
    Breakdown breakdown;
};

SimResult simulate_hpl(const SimInput& in);

/// Expected maximum of n standard normal draws (the slowest of n processes, in deviations).
double expected_max_normal(double n);

}  // namespace exa::twin
