#pragma once
// The BLAS kernels a run uses, against what the CPU can do (probe/blas_kernels.hpp).
//
// OpenBLAS reads OPENBLAS_CORETYPE when it is loaded, so using other kernels means starting
// again with it set. The main job (`exabench` without a command, one process, no launcher)
// does that by itself when OpenBLAS chose kernels below the CPU and OPENBLAS_CORETYPE is not
// set (`--blas-kernels keep` turns it off, `auto` turns it on even then): it first runs the
// candidate kernels in a child process, a DGEMM checked against a plain product, because old
// OpenBLAS builds have crashed (AVX-512 kernels on an AVX2 CPU die of SIGILL) or computed
// wrongly on CPUs they did not know; the run's residual check then decides as always.
// Every other run, and any run under mpirun or srun, prints one warning with the setting.
#include <cstdio>
#include <string>

#include "backend/backend.hpp"

namespace exa::cli {

/// Called first in main, before MPI starts: returns, or restarts this process (exec) with
/// the CPU's own kernels. Prints what it did on stderr.
void choose_blas_kernels(int argc, char** argv);

/// `exabench blas-probe`, what the child runs: exit 0 and "ok GFLOPS" when the kernels
/// compute a DGEMM right.
int run_blas_probe();

/// One line on stderr when the BLAS runs below the CPU: the kernels, the DGEMM rate
/// (`dgemm_gflops`, or measured now when 0) and the setting that would use the CPU fully.
void warn_if_blas_below_cpu(Backend& be, double dgemm_gflops = 0);

}  // namespace exa::cli
