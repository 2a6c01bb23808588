#pragma once
// Rounding FP32 values to 16-bit formats (round to nearest, ties to even), kept in FP32.
// A product of two such values is exact in FP32, so a SGEMM on rounded operands computes
// what a 16-bit GEMM with FP32 accumulation computes: the CPU backend's bf16/fp16 path.
#include <bit>
#include <cmath>
#include <cstdint>

namespace exa::cpu {

/// bfloat16: FP32's exponent range, 8 significant bits.
inline float round_to_bf16(float x) noexcept {
    std::uint32_t u = std::bit_cast<std::uint32_t>(x);
    if ((u & 0x7f800000u) == 0x7f800000u) return x;  // inf, NaN
    u += 0x7fffu + ((u >> 16) & 1u);
    return std::bit_cast<float>(u & 0xffff0000u);
}

/// IEEE binary16: 11 significant bits, largest finite 65504, subnormals below 2^-14.
inline float round_to_fp16(float x) noexcept {
    const float a = std::fabs(x);
    if (std::isnan(x)) return x;
    if (a >= 65520.0f) return std::copysign(INFINITY, x);  // 65520 is the tie: to even, inf
    if (a < 0x1p-14f) return std::copysign(std::nearbyint(a * 0x1p24f) * 0x1p-24f, x);
    std::uint32_t u = std::bit_cast<std::uint32_t>(x);
    u += 0xfffu + ((u >> 13) & 1u);
    return std::bit_cast<float>(u & ~0x1fffu);
}

}  // namespace exa::cpu
