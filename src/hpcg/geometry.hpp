#pragma once
// HPCG's geometry: each rank owns an nx x ny x nz box of the global grid; the ranks form an
// npx x npy x npz grid (GenerateGeometry, ComputeOptimalShapeXYZ of HPCG 3.1).
#include <array>
#include <cstdint>

namespace exa::hpcg {

using global_int = std::int64_t;

struct Geometry {
    int size = 1, rank = 0;
    int npx = 1, npy = 1, npz = 1;  ///< process grid
    int ipx = 0, ipy = 0, ipz = 0;  ///< this rank's place in it
    int nx = 16, ny = 16, nz = 16;  ///< local box
    [[nodiscard]] global_int gnx() const { return global_int(npx) * nx; }
    [[nodiscard]] global_int gny() const { return global_int(npy) * ny; }
    [[nodiscard]] global_int gnz() const { return global_int(npz) * nz; }
    [[nodiscard]] std::int64_t local_rows() const { return std::int64_t(nx) * ny * nz; }
    [[nodiscard]] global_int global_rows() const { return gnx() * gny() * gnz(); }
    /// The rank that owns global grid point (gx, gy, gz).
    [[nodiscard]] int owner(global_int gx, global_int gy, global_int gz) const;
    /// The next coarser multigrid level: every dimension halved, same process grid.
    [[nodiscard]] Geometry coarsened() const;
};

/// HPCG's choice of npx x npy x npz for `ranks` processes (ComputeOptimalShapeXYZ): from
/// the prime factors; in the general case the first split of least surface xy + yz + zx.
std::array<int, 3> process_grid(int ranks);

/// This rank's geometry; `grid` all zero: HPCG's choice, else it must multiply to `size`.
Geometry make_geometry(int size, int rank, int nx, int ny, int nz, std::array<int, 3> grid);

}  // namespace exa::hpcg
