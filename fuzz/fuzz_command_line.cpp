// libFuzzer target: exa::fuzz::command_line (fuzz/targets.hpp).
#include <cstddef>
#include <cstdint>

#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    exa::fuzz::command_line({reinterpret_cast<const char*>(data), size});
    return 0;
}
