#include "hpl/generator.hpp"

namespace exa::hpl {

LcgJump MatrixGenerator::jump(std::uint64_t k) noexcept {
    LcgJump result;                            // identity
    LcgJump step{multiplier, increment};       // one LCG step
    while (k) {
        if (k & 1) result = step.after(result);
        step = step.after(step);
        k >>= 1;
    }
    return result;
}

void MatrixGenerator::column_run(std::int64_t i0, std::int64_t j, std::int64_t len,
                                 double* out) const noexcept {
    std::uint64_t x = state(1 + std::uint64_t(i0) + std::uint64_t(j) * std::uint64_t(n_));
    for (std::int64_t i = 0; i < len; ++i) {
        out[i] = value(x);
        x = multiplier * x + increment;
    }
}

}  // namespace exa::hpl
