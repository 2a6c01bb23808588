#include "hpcg/problem.hpp"

#include <algorithm>
#include <tuple>


namespace exa::hpcg {
namespace {

constexpr int stencil_width = 27;

/// An entry of the matrix whose column another rank owns.
struct ExternalEntry {
    std::size_t slot;  ///< in values/cols
    int owner;
    global_int column;
    local_int row;
};

/// HPCG's operator on `g`: 26 on the diagonal, -1 for each neighbour inside the global
/// grid, entries in increasing (dz, dy, dx) order. Fills b (the row sums) when asked.
void generate_level(Level& lv, Vector* b, comm::Communicator& comm) {
    const Geometry& g = lv.geom;
    const auto nrow = local_int(g.local_rows());
    auto& a = lv.a;
    a.nrow = nrow;
    a.width = stencil_width;
    a.row_nnz.assign(std::size_t(nrow), 0);
    a.diag_slot.assign(std::size_t(nrow), 0);
    a.values.assign(std::size_t(nrow) * stencil_width, 0.0);
    a.cols.assign(std::size_t(nrow) * stencil_width, 0);
    lv.global_row.resize(std::size_t(nrow));
    if (b) b->resize(std::size_t(nrow));

    const global_int gnx = g.gnx(), gny = g.gny(), gnz = g.gnz();
    std::vector<ExternalEntry> ext;
    for (int iz = 0; iz < g.nz; ++iz)
        for (int iy = 0; iy < g.ny; ++iy)
            for (int ix = 0; ix < g.nx; ++ix) {
                const auto row = local_int((std::int64_t(iz) * g.ny + iy) * g.nx + ix);
                const global_int gx = global_int(g.ipx) * g.nx + ix;
                const global_int gy = global_int(g.ipy) * g.ny + iy;
                const global_int gz = global_int(g.ipz) * g.nz + iz;
                lv.global_row[std::size_t(row)] = (gz * gny + gy) * gnx + gx;
                const std::size_t base = std::size_t(row) * stencil_width;
                int k = 0;
                for (int sz = -1; sz <= 1; ++sz)
                    for (int sy = -1; sy <= 1; ++sy)
                        for (int sx = -1; sx <= 1; ++sx) {
                            const global_int cx = gx + sx, cy = gy + sy, cz = gz + sz;
                            if (cx < 0 || cy < 0 || cz < 0 || cx >= gnx || cy >= gny || cz >= gnz) continue;
                            const bool self = sx == 0 && sy == 0 && sz == 0;
                            if (self) a.diag_slot[std::size_t(row)] = std::uint8_t(k);
                            a.values[base + std::size_t(k)] = self ? 26.0 : -1.0;
                            const int lx = ix + sx, ly = iy + sy, lz = iz + sz;
                            if (lx >= 0 && ly >= 0 && lz >= 0 && lx < g.nx && ly < g.ny && lz < g.nz)
                                a.cols[base + std::size_t(k)] = local_int((std::int64_t(lz) * g.ny + ly) * g.nx + lx);
                            else
                                ext.push_back({base + std::size_t(k), g.owner(cx, cy, cz),
                                               (cz * gny + cy) * gnx + cx, row});
                            ++k;
                        }
                a.row_nnz[std::size_t(row)] = std::uint8_t(k);
                if (b) (*b)[std::size_t(row)] = 26.0 - double(k - 1);
            }

    // Halo (SetupHalo): external columns get local indices from nrow on, grouped by owner
    // (ascending) and sorted by global index; the pattern is symmetric, so the rows this
    // rank sends to a neighbour are its rows that have a column there, in the same order.
    std::sort(ext.begin(), ext.end(), [](const auto& x, const auto& y) {
        return std::tie(x.owner, x.column) < std::tie(y.owner, y.column);
    });
    auto& h = lv.halo;
    h = Halo{};
    local_int next = nrow;
    for (std::size_t i = 0; i < ext.size(); ++i) {
        const bool new_owner = i == 0 || ext[i].owner != ext[i - 1].owner;
        const bool new_column = new_owner || ext[i].column != ext[i - 1].column;
        if (new_owner) {
            h.neighbors.push_back(ext[i].owner);
            h.recv_count.push_back(0);
        }
        if (new_column) {
            ++next;
            ++h.recv_count.back();
        }
        a.cols[ext[i].slot] = next - 1;
    }
    a.ncol = next;
    std::sort(ext.begin(), ext.end(), [&](const auto& x, const auto& y) {
        return std::tie(x.owner, lv.global_row[std::size_t(x.row)]) <
               std::tie(y.owner, lv.global_row[std::size_t(y.row)]);
    });
    for (std::size_t i = 0; i < ext.size(); ++i) {
        const bool new_owner = i == 0 || ext[i].owner != ext[i - 1].owner;
        if (new_owner) h.send_count.push_back(0);
        if (new_owner || ext[i].row != ext[i - 1].row) {
            h.send_rows.push_back(ext[i].row);
            ++h.send_count.back();
        }
    }
    h.send_buffer.resize(h.send_rows.size());
    lv.total_rows = g.global_rows();
    lv.total_nnz = comm.allreduce_sum(std::int64_t(a.nonzeros()));
}

/// The fine row of each coarse row: coarse (i, j, k) is fine (2i, 2j, 2k).
std::vector<local_int> fine_of_coarse(const Geometry& f, const Geometry& c) {
    std::vector<local_int> f2c(std::size_t(c.local_rows()));
    for (int iz = 0; iz < c.nz; ++iz)
        for (int iy = 0; iy < c.ny; ++iy)
            for (int ix = 0; ix < c.nx; ++ix)
                f2c[std::size_t((std::int64_t(iz) * c.ny + iy) * c.nx + ix)] =
                    local_int((std::int64_t(2 * iz) * f.ny + 2 * iy) * f.nx + 2 * ix);
    return f2c;
}

}  // namespace

Problem generate_problem(const Geometry& fine, comm::Communicator& comm) {
    Problem pb;
    pb.levels.resize(mg_levels);
    Geometry g = fine;
    for (int l = 0; l < mg_levels; ++l) {
        if (l > 0) g = g.coarsened();
        Level& lv = pb.levels[std::size_t(l)];
        lv.geom = g;
        generate_level(lv, l == 0 ? &pb.b : nullptr, comm);
        if (l > 0) {
            lv.r.assign(std::size_t(lv.a.nrow), 0.0);
            lv.x.assign(std::size_t(lv.a.ncol), 0.0);
            Level& finer = pb.levels[std::size_t(l - 1)];
            finer.f2c = fine_of_coarse(finer.geom, g);
            std::int64_t nnz = 0;
            for (local_int f : finer.f2c) nnz += finer.a.row_nnz[std::size_t(f)];
            finer.restricted_nnz = comm.allreduce_sum(nnz);
        }
    }
    const auto ncol = std::size_t(pb.fine().a.ncol), nrow = std::size_t(pb.fine().a.nrow);
    pb.x.assign(ncol, 0.0);
    pb.xexact.assign(ncol, 1.0);
    pb.r.assign(nrow, 0.0);
    pb.z.assign(ncol, 0.0);
    pb.p.assign(ncol, 0.0);
    pb.ap.assign(nrow, 0.0);
    return pb;
}

void order_rows_for_sweeps(Problem& pb) {
    for (auto& lv : pb.levels) order_for_sweeps(lv.a);
}

void pick_restricted_rows(Problem& pb) {
    for (auto& lv : pb.levels)
        if (!lv.f2c.empty()) lv.picked = pick_rows(lv.a, lv.f2c);
}

void split_at_diagonals(Problem& pb, comm::Communicator& comm) {
    for (auto& lv : pb.levels) {
        lv.split = split_at_diagonal(lv.a);
        lv.split_nnz = comm.allreduce_sum(lv.split.nonzeros());
    }
}

std::uint64_t bytes_needed(std::int64_t nx, std::int64_t ny, std::int64_t nz, bool coloring) {
    // Per fine row: 27 entries of 8 + 4 bytes and 2 bytes of row data; 9 vectors of 8 bytes
    // (b, x, xexact, r, z, p, Ap, Ax_f, global index); the split copy's 28 entries and 4
    // bytes of row data. Coarse levels add 1/8 + 1/64 + 1/512. The restricted rows' copy is
    // an eighth of each level's matrix but the coarsest. Reordering by colour holds a second
    // copy of one level's matrix for a moment.
    const double rows = double(nx) * double(ny) * double(nz);
    const double matrix = 27.0 * 12.0 + 2.0, split = 28.0 * 12.0 + 4.0;
    const double per_row = (matrix + split + 9 * 8.0) * (1.0 + 1.0 / 8 + 1.0 / 64 + 1.0 / 512) +
                           matrix / 8 * (1.0 + 1.0 / 8 + 1.0 / 64);
    return std::uint64_t(rows * (per_row + (coloring ? matrix : 0.0))) + (64u << 20);
}

void exchange_halo(Level& lv, double* x, comm::Communicator& comm) {
    auto& h = lv.halo;
    if (h.neighbors.empty()) return;
    constexpr int tag = 4242;
    auto& pending = h.pending;
    double* in = x + lv.a.nrow;
    for (std::size_t n = 0; n < h.neighbors.size(); ++n) {
        pending.push_back(comm.irecv_bytes(in, std::size_t(h.recv_count[n]) * sizeof(double),
                                           h.neighbors[n], tag));
        in += h.recv_count[n];
    }
    for (std::size_t i = 0; i < h.send_rows.size(); ++i) h.send_buffer[i] = x[h.send_rows[i]];
    const double* out = h.send_buffer.data();
    for (std::size_t n = 0; n < h.neighbors.size(); ++n) {
        pending.push_back(comm.isend_bytes(out, std::size_t(h.send_count[n]) * sizeof(double),
                                           h.neighbors[n], tag));
        out += h.send_count[n];
    }
    for (auto& r : pending) r.wait();
    pending.clear();
}

}  // namespace exa::hpcg
