#pragma once
// What `exabench calibrate` measured on this machine: HPL's kernels on one core while every
// core is busy (as HPL runs them), memory bandwidth, and MPI between ranks. Stored as TOML.
#include <string>
#include <string_view>
#include <vector>

#include "probe/curve.hpp"

namespace exa::probe {

/// Where the row swaps of a process column sharing one core are measured.
inline constexpr double shared_swap_width = 2048, shared_swap_nb = 192;

struct Calibration {
    std::string host, cpu, date, exabench_version;
    std::string blas;              ///< the BLAS and its kernels that were measured (probe::BlasKernels)
    int ranks = 1;                 ///< ranks that measured at once (one per core)
    int cores = 1;                 ///< cores of the node
    Curve dgemm_gflops;            ///< x: size m = n, y: depth k; one core under load
    Curve dtrsm_gflops;            ///< x: columns n, y: triangle order m; one core under load
    Curve panel_seconds;           ///< x: rows m, y: width nb; HPL's recursive panel, one core
    double row_swap_gbs = 0;       ///< HPL's row gathers and moves, bytes read + written, one core
    double triad_gbs = 0;          ///< STREAM triad of one core while all cores stream
    double block_gemv_gbs = 0;     ///< the back-solve's GEMV on a block of NB columns, one core (0: not measured)
    double temporal_cv = 0;        ///< relative deviation of one repeated DGEMM (robust: from the MAD)
    /// The slowest rank's DGEMM time over the ranks' mean, the median over the DGEMM table's
    /// points (cores of one node can differ for minutes; a run of several processes goes at
    /// its slowest one's pace). 1: one rank, or not measured.
    double slowest_core = 1;
    double mpi_latency_us = 0;     ///< between two ranks of this node (0: not measured)
    double mpi_bandwidth_gbs = 0;  ///< large messages as HPL's panels (8 MiB, after a DGEMM), per direction
    double panel_exchange_us = 0;  ///< per panel column, a process column of two (0: not measured)
    double mpi_shared_core_latency_us = 0;  ///< latency between two ranks sharing one core (yielding)
    /// HPL's spread-roll row swaps on a process column of two, everything included (packing,
    /// messages, waiting for the partner, unpacking), while every pair of ranks swaps: GB/s
    /// of U a process sees; x: local columns swapped, y: U's rows (NB). Empty: not measured.
    Curve column_swap_gbs;
    /// The same two sharing one core (more processes than cores): the pivot exchange per panel
    /// column, and the swaps' GB/s at shared_swap_width columns and NB shared_swap_nb (0: not
    /// measured).
    double panel_exchange_shared_core_us = 0;
    double column_swap_shared_core_gbs = 0;

    /// The best one-core DGEMM rate measured, GFLOP/s.
    [[nodiscard]] double best_dgemm_gflops() const;
    /// Panel time: linear in rows between the measured ones (and beyond them).
    [[nodiscard]] double panel_time(double rows, double nb) const;
    /// Signs that the machine was unsteady while this was measured, one line each (none:
    /// steady). The twin applies slowest_core and temporal_cv to every run of more than
    /// one process, so a calibration taken while one core ran slow for a minute predicts
    /// all of them too slow (here 30-40%, where steady calibrations read 1.00-1.04 and
    /// 1-3%).
    [[nodiscard]] std::vector<std::string> unsteady_signs() const;
    /// The signs as one warning that says what to do (empty when steady).
    [[nodiscard]] std::string unsteady_warning() const;
};

/// Reads a calibration file; errors are one InputError line "origin:line: key: ...".
Calibration parse_calibration(std::string_view toml_text, const std::string& origin);
/// The TOML text of a calibration (parse_calibration reads it back).
std::string format_calibration(const Calibration& c);

}  // namespace exa::probe
