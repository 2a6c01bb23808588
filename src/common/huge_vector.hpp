#pragma once
// std::vector on huge pages once it is large: streaming kernels (HPCG's SpMV and SYMGS) run
// through gigabytes, and with 4 KiB pages the hardware prefetchers stop at every page and
// every page costs a TLB walk.
#include <cstddef>
#include <new>
#include <vector>

#include "common/matrix_storage.hpp"

namespace exa {

template <class T>
struct HugePageAllocator {
    using value_type = T;
    static constexpr std::size_t threshold = std::size_t(1) << 21;  ///< below: ordinary pages

    HugePageAllocator() = default;
    template <class U>
    HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

    T* allocate(std::size_t n) {
        const std::size_t bytes = n * sizeof(T);
        if (bytes >= threshold) return static_cast<T*>(allocate_huge(bytes, "a large vector"));
        return static_cast<T*>(::operator new(bytes));
    }
    void deallocate(T* p, std::size_t n) noexcept {
        if (n * sizeof(T) >= threshold) std::free(p);
        else ::operator delete(p);
    }
    template <class U>
    bool operator==(const HugePageAllocator<U>&) const noexcept { return true; }
};

template <class T>
using huge_vector = std::vector<T, HugePageAllocator<T>>;

}  // namespace exa
