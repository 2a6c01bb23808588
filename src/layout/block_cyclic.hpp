#pragma once
// 1-D block-cyclic map: n indices in blocks of nb dealt round-robin over `procs` processes,
// starting at process 0 (HPL's layout in each grid dimension). Pure arithmetic.
#include <algorithm>
#include <cstdint>

namespace exa::layout {

struct BlockCyclic1D {
    std::int64_t n = 0;   ///< global extent
    std::int64_t nb = 1;  ///< block size
    int procs = 1;        ///< processes in this dimension
    int me = 0;           ///< this process's coordinate

    [[nodiscard]] constexpr int owner(std::int64_t i) const noexcept {
        return int((i / nb) % procs);
    }
    /// Local index of global index i on its owner.
    [[nodiscard]] constexpr std::int64_t local(std::int64_t i) const noexcept {
        return (i / (nb * procs)) * nb + i % nb;
    }
    /// Global index of local index il on process `p`.
    [[nodiscard]] constexpr std::int64_t global(std::int64_t il, int p) const noexcept {
        return ((il / nb) * procs + p) * nb + il % nb;
    }
    [[nodiscard]] constexpr std::int64_t global(std::int64_t il) const noexcept {
        return global(il, me);
    }
    /// Number of indices owned by process p (ScaLAPACK's numroc).
    [[nodiscard]] constexpr std::int64_t count(int p) const noexcept {
        const std::int64_t nblocks = n / nb;
        std::int64_t c = (nblocks / procs) * nb;
        const std::int64_t extra = nblocks % procs;
        if (p < extra) c += nb;
        else if (p == extra) c += n % nb;
        return c;
    }
    [[nodiscard]] constexpr std::int64_t count() const noexcept { return count(me); }
    /// Number of local indices on process p whose global index is < i (a prefix length).
    [[nodiscard]] constexpr std::int64_t count_before(std::int64_t i, int p) const noexcept {
        const std::int64_t full = i / (nb * procs);   // complete rounds before i
        std::int64_t c = full * nb;
        const std::int64_t rem = i - full * nb * procs;  // position inside the current round
        c += std::clamp<std::int64_t>(rem - std::int64_t(p) * nb, 0, nb);
        return c;
    }
    [[nodiscard]] constexpr std::int64_t count_before(std::int64_t i) const noexcept {
        return count_before(i, me);
    }
};

}  // namespace exa::layout
