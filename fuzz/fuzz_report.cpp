// libFuzzer target: exa::fuzz::report (fuzz/targets.hpp).
#include <cstddef>
#include <cstdint>

#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    exa::fuzz::report({reinterpret_cast<const char*>(data), size});
    return 0;
}
