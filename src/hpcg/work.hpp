#pragma once
// What the timed sets do: HPCG's floating-point operations per kernel (ReportResults of
// HPCG 3.1) and the bytes each kernel must move at least (matrix values and 4-byte column
// indices once per SpMV, twice per SYMGS; the vectors each kernel reads and writes). HPCG's
// own byte model differs for the vectors: see docs/hpcg.md, "The rating".
#include <span>

#include "hpcg/problem.hpp"

namespace exa::hpcg {

struct KernelWork {
    double flops = 0, bytes = 0;
};

struct Work {
    KernelWork dot, waxpby, spmv, mg;
    [[nodiscard]] double flops() const { return dot.flops + waxpby.flops + spmv.flops + mg.flops; }
    [[nodiscard]] double bytes() const { return dot.bytes + waxpby.bytes + spmv.bytes + mg.bytes; }
};

/// What the work depends on at one multigrid level ([0] the fine one): rows, nonzeros, the
/// nonzeros of the rows the restriction reads, and of the split copy (0: none built).
struct LevelCounts {
    double rows = 0, nnz = 0, restricted_nnz = 0, split_nnz = 0;
};

/// The work of `sets` CG sets of `iterations` each (each set also computes r = b - A x).
Work count_work(std::span<const LevelCounts> levels, double sets, double iterations);
/// The same for a generated problem, all ranks together.
Work count_work(const Problem& pb, double sets, double iterations);

}  // namespace exa::hpcg
