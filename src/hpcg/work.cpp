#include "hpcg/work.hpp"

#include <vector>

namespace exa::hpcg {

Work count_work(std::span<const LevelCounts> levels, double sets, double iterations) {
    constexpr double real = sizeof(double), index = sizeof(local_int);
    const double it = sets * iterations;  // HPCG's fniters
    const double n = levels.front().rows, z = levels.front().nnz;
    Work w;
    // 3 dot products and 3 WAXPBYs per iteration, one more of each per set. Of the dots, r'r
    // (each iteration's and the set's) reads one vector; r'z and p'Ap read two.
    w.dot.flops = (3 * it + sets) * 2 * n;
    w.dot.bytes = (2 * it * 2 + (it + sets)) * n * real;
    w.waxpby.flops = (3 * it + sets) * 2 * n;
    w.waxpby.bytes = (3 * it + sets) * 3 * n * real;
    // One SpMV per iteration and one per set: the matrix once, x read, y written.
    w.spmv.flops = (it + sets) * 2 * z;
    w.spmv.bytes = (it + sets) * (z * (real + index) + 2 * n * real);
    // The V-cycle: on each level above the coarsest a pre-smoothing SYMGS (4 z flops, the
    // matrix twice), the residual's SpMV and a post-smoothing SYMGS; one SYMGS at the coarsest.
    // Each Gauss-Seidel sweep reads r and the x it updates and writes x: three vector passes,
    // six per SYMGS. HPCG's flops charge the residual as a whole SpMV, but the restriction
    // reads it at the coarse rows only, so the least it must move is those rows of the matrix,
    // x, and the residual's coarse entries read and written. Likewise the pre-smoothing from
    // x = 0, on the matrix split at its diagonal (when the optimization step built it: only
    // kernels that read it want it), moves the split, the matrix once and the diagonal twice,
    // and four vector passes (r read and x written, then x read and written). The
    // prolongation reads the coarse x and updates the fine x at the coarse points.
    for (std::size_t l = 0; l < levels.size(); ++l) {
        const double zl = levels[l].nnz, nl = levels[l].rows;
        const double symgs_bytes = 2 * zl * (real + index) + 6 * nl * real;
        const double pre_bytes = levels[l].split_nnz <= 0 ? symgs_bytes
                                                          : levels[l].split_nnz * (real + index) + 4 * nl * real;
        if (l + 1 < levels.size()) {
            const double nc = levels[l + 1].rows;
            const double residual_bytes = levels[l].restricted_nnz * (real + index) + nl * real + 2 * nc * real;
            const double prolong_bytes = 3 * nc * real;
            w.mg.flops += it * (4 * zl + 2 * zl + 4 * zl);
            w.mg.bytes += it * (pre_bytes + residual_bytes + symgs_bytes + prolong_bytes);
        } else {
            w.mg.flops += it * 4 * zl;
            w.mg.bytes += it * pre_bytes;
        }
    }
    return w;
}

Work count_work(const Problem& pb, double sets, double iterations) {
    std::vector<LevelCounts> levels;
    for (const auto& lv : pb.levels)
        levels.push_back({double(lv.total_rows), double(lv.total_nnz), double(lv.restricted_nnz),
                          lv.split.empty() ? 0.0 : double(lv.split_nnz)});
    return count_work(levels, sets, iterations);
}

}  // namespace exa::hpcg
