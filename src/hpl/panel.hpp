#pragma once
// A factored panel: what travels along the process row and updates the trailing matrix.
//
//   buffer = [ W: jb x jb | ipiv: jb | L: ml x jb, columns ldl() apart ]   one message
//
// W is the panel's top jb x jb block (rows j0 .. j0+jb-1), replicated on every process of the
// owning column during the factorization: L11 (unit lower) and U11 after it. L holds this
// process row's rows below the top block. ipiv[i] is the global row swapped with row j0+i.
#include <cstdint>
#include <vector>

#include "backend/backend.hpp"
#include "common/huge_vector.hpp"
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
    huge_vector<double> buffer;  ///< on huge pages, like U: OpenBLAS packs it from there

    void reset(idx k_, idx nb, idx n, int p, int q, const class LocalMatrix& a);
    [[nodiscard]] double* w() noexcept { return buffer.data(); }
    [[nodiscard]] double* l() noexcept { return buffer.data() + jb * jb + jb; }
    [[nodiscard]] const double* w() const noexcept { return buffer.data(); }
    [[nodiscard]] const double* l() const noexcept { return buffer.data() + jb * jb + jb; }
    /// L's columns an odd number of cache lines apart (ml is often a multiple of NB, and
    /// columns a multiple of 4 KiB apart share a cache set).
    [[nodiscard]] idx ldl() const noexcept { return ml > 0 ? spread_row_stride(ml) : 1; }
    [[nodiscard]] idx ipiv(idx i) const noexcept { return idx(buffer[jb * jb + i]); }
    void set_ipiv(idx i, idx row) noexcept { buffer[jb * jb + i] = double(row); }
    [[nodiscard]] idx count() const noexcept { return jb * jb + jb + (ml > 0 ? ldl() * jb : 0); }
};

}  // namespace exa::hpl
