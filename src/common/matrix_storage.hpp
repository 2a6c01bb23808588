#pragma once
// Storage for a process's part of a large matrix: 2 MiB-aligned, huge-page advised, with a
// leading dimension that avoids cache-set collisions.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>

namespace exa {

struct FreeDeleter {
    void operator()(void* p) const noexcept { std::free(p); }
};
template <class T>
using HugeArray = std::unique_ptr<T[], FreeDeleter>;

/// Raw storage of `bytes`; throws Error naming `what` if there is not enough memory.
void* allocate_huge(std::size_t bytes, const char* what);

template <class T>
HugeArray<T> allocate_huge_array(std::size_t count, const char* what) {
    return HugeArray<T>(static_cast<T*>(allocate_huge(std::max<std::size_t>(1, count) * sizeof(T), what)));
}

/// Distance between successive columns (rows, for a row-major matrix) of `rows` entries of
/// `entry_bytes` each: a multiple of `align` entries, chosen so that they fall in different
/// cache sets. Where a 64-byte cache line holds a multiple of `align` entries, an odd number
/// of lines: strides a multiple of 4 KiB all share one set (HPL's gather of 256 pivot rows
/// into U ran 2-3x slower on the process whose U rows were 4608 doubles long). Otherwise at
/// least off a power of two.
inline std::int64_t padded_leading_dimension(std::int64_t rows, std::int64_t align,
                                             std::int64_t entry_bytes = sizeof(double)) {
    if (align < 1) align = 1;
    const std::int64_t line = std::max<std::int64_t>(1, 64 / entry_bytes);
    if (line % align == 0) {
        std::int64_t ld = std::max<std::int64_t>(1, (rows + line - 1) / line) * line;
        if ((ld / line) % 2 == 0) ld += line;
        return ld;
    }
    std::int64_t ld = std::max<std::int64_t>(1, ((rows + align - 1) / align) * align);
    if (ld >= 64 && (ld & (ld - 1)) == 0) ld += align;
    return ld;
}

/// Row stride, in doubles, of a row-major work buffer whose rows hold `n` doubles.
inline std::int64_t spread_row_stride(std::int64_t n) { return padded_leading_dimension(n, 1); }

}  // namespace exa
