#include "common/matrix_storage.hpp"

#include <sys/mman.h>

#include <string>

#include "common/error.hpp"

namespace exa {

void* allocate_huge(std::size_t bytes, const char* what) {
    // 2 MiB alignment and huge pages: HPL's row swaps touch rows scattered over the whole
    // matrix, and with 4 KiB pages nearly every one of them misses the TLB.
    constexpr std::size_t huge = std::size_t(1) << 21;
    const std::size_t rounded = (bytes + huge - 1) / huge * huge;
    void* p = std::aligned_alloc(huge, rounded);
    if (!p) throw Error("cannot allocate " + std::to_string(bytes >> 20) + " MiB for " + what);
    madvise(p, rounded, MADV_HUGEPAGE);  // advice only: fine if the kernel says no
    return p;
}

}  // namespace exa
