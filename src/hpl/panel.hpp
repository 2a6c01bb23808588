#pragma once
// A factored panel: what travels along the process row and updates the trailing matrix.
//
//   buffer = [ W: jb x jb | ipiv: jb | L: ml x jb, columns ldl() apart ]   one message
//
// W is the panel's top jb x jb block (rows j0 .. j0+jb-1), replicated on every process of the
// owning column during the factorization: L11 (unit lower) and U11 after it. L holds this
// process row's rows below the top block. ipiv[i] is the global row swapped with row j0+i.
// The buffer is in the backend's memory; the pivots are also kept on the host, where the
// swaps are planned.
#include <cstdint>
#include <vector>

#include "backend/backend.hpp"
#include "common/matrix_storage.hpp"

namespace exa::hpl {

struct Panel {
    idx k = 0;         ///< panel number
    idx j0 = 0;        ///< first global column (and first row of the top block)
    idx jb = 0;        ///< width
    int owner_col = 0; ///< process column that factors it
    int top_row = 0;   ///< process row that owns rows j0 .. j0+jb-1
    idx l_first = 0;   ///< local row of the matrix where this process row's L rows start
    idx ml = 0;        ///< number of those rows
    Buffer<double> buffer;
    std::vector<idx> pivots;  ///< host copy of ipiv (fetch_pivots)

    /// Sets the panel up for panel k_ of `a`, its buffer in be's memory.
    void reset(idx k_, idx nb, idx n, int p, int q, const class LocalMatrix& a, Backend& be);
    [[nodiscard]] double* w() noexcept { return buffer.data(); }
    [[nodiscard]] double* l() noexcept { return buffer.data() + jb * jb + jb; }
    [[nodiscard]] const double* w() const noexcept { return buffer.data(); }
    [[nodiscard]] const double* l() const noexcept { return buffer.data() + jb * jb + jb; }
    [[nodiscard]] double* ipiv_data() noexcept { return buffer.data() + jb * jb; }
    /// L's columns an odd number of cache lines apart (ml is often a multiple of NB, and
    /// columns a multiple of 4 KiB apart share a cache set).
    [[nodiscard]] idx ldl() const noexcept { return ml > 0 ? spread_row_stride(ml) : 1; }
    [[nodiscard]] idx count() const noexcept { return jb * jb + jb + (ml > 0 ? ldl() * jb : 0); }
    /// Copies ipiv to the host, once the factorization or the broadcast has put it there.
    void fetch_pivots(Backend& be);
    /// The global row swapped with row j0 + i (after fetch_pivots).
    [[nodiscard]] idx ipiv(idx i) const noexcept { return pivots[std::size_t(i)]; }
};

}  // namespace exa::hpl
