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

/// `rows` rounded up to a multiple of `align`, and off a power of two.
inline std::int64_t padded_leading_dimension(std::int64_t rows, std::int64_t align) {
    if (align < 1) align = 1;
    std::int64_t ld = std::max<std::int64_t>(1, ((rows + align - 1) / align) * align);
    // A power-of-two stride makes columns collide in cache sets.
    if (ld >= 64 && (ld & (ld - 1)) == 0) ld += align;
    return ld;
}

/// Row stride, in doubles, of a row-major buffer whose rows hold `n` doubles: whole 64-byte
/// lines, an odd number of them, so that successive rows fall in different cache sets. (Rows
/// a multiple of 4 KiB apart all share one set: HPL's gather of 256 pivot rows into U ran
/// 2-3x slower on the process whose U rows were 4608 doubles long.)
inline std::int64_t spread_row_stride(std::int64_t n) {
    std::int64_t ld = std::max<std::int64_t>(1, (n + 7) / 8) * 8;
    if ((ld / 8) % 2 == 0) ld += 8;
    return ld;
}

}  // namespace exa
