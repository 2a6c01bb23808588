#pragma once
// HPL's matrix generator: a 64-bit LCG X(k+1) = a X(k) + c mod 2^64 (HPL_pdmatgen).
// Entry (i, j) of the N x (N+1) system [A | b] uses X(1 + i + j N) and equals 0.5 - X / 2^64,
// so any process can jump straight to its own entries: the matrix is the same on every grid.
// Every backend fills matrices with it, on the host or in a GPU kernel (EXA_HOST_DEVICE).
#include <cstdint>

#include "common/host_device.hpp"

namespace exa::hpl {

/// The affine map x -> mul * x + add (mod 2^64); k steps of the LCG are one such map.
struct LcgJump {
    std::uint64_t mul = 1, add = 0;
    [[nodiscard]] EXA_HOST_DEVICE constexpr std::uint64_t operator()(std::uint64_t x) const noexcept {
        return mul * x + add;
    }
    /// This map after `first`.
    [[nodiscard]] EXA_HOST_DEVICE constexpr LcgJump after(LcgJump first) const noexcept {
        return {mul * first.mul, mul * first.add + add};
    }
};

class MatrixGenerator {
public:
    static constexpr std::uint64_t multiplier = 6364136223846793005ULL;
    static constexpr std::uint64_t increment = 1ULL;

    EXA_HOST_DEVICE MatrixGenerator(std::int64_t n, std::uint64_t seed)
        : n_(n), seed_(seed), column_step_(jump(std::uint64_t(n))) {}
    /// The map of k LCG steps, in O(log k).
    [[nodiscard]] EXA_HOST_DEVICE static constexpr LcgJump jump(std::uint64_t k) noexcept {
        LcgJump result;                       // identity
        LcgJump step{multiplier, increment};  // one LCG step
        while (k) {
            if (k & 1) result = step.after(result);
            step = step.after(step);
            k >>= 1;
        }
        return result;
    }
    /// LCG state X(k).
    [[nodiscard]] EXA_HOST_DEVICE std::uint64_t state(std::uint64_t k) const noexcept { return jump(k)(seed_); }
    [[nodiscard]] EXA_HOST_DEVICE static double value(std::uint64_t x) noexcept {
        return 0.5 - double(x) * 0x1p-64;
    }
    /// Entry (i, j) of [A | b]; j == n is b.
    [[nodiscard]] EXA_HOST_DEVICE double entry(std::int64_t i, std::int64_t j) const noexcept {
        return value(state(1 + std::uint64_t(i) + std::uint64_t(j) * std::uint64_t(n_)));
    }
    /// Writes entries (i, j0 .. j0+len-1) to out[0 .. len).
    EXA_HOST_DEVICE void row_run(std::int64_t i, std::int64_t j0, std::int64_t len, double* out) const noexcept {
        std::uint64_t x = state(1 + std::uint64_t(i) + std::uint64_t(j0) * std::uint64_t(n_));
        for (std::int64_t j = 0; j < len; ++j) {
            out[j] = value(x);
            x = column_step_(x);
        }
    }
    [[nodiscard]] EXA_HOST_DEVICE std::int64_t n() const noexcept { return n_; }

private:
    std::int64_t n_;
    std::uint64_t seed_;
    LcgJump column_step_;  ///< from entry (i, j) to (i, j + 1): N steps of the LCG
};

}  // namespace exa::hpl
