#!/usr/bin/env bash
# The whole test suite built with AddressSanitizer and UndefinedBehaviorSanitizer (GCC), in
# build-asan/: any invalid memory access or undefined behaviour fails the test that hits it.
# Leak checking is off: Open MPI's and OpenMP's runtimes keep memory to the end by design.
# Arguments go to ctest (e.g. scripts/sanitize.sh -L unit).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${EXA_ASAN_DIR:-$root/build-asan}
"$root/scripts/deps.sh" --test
# Without the CUDA backend: with no GPU its code stops at the device count, and the
# sanitizers do not see into the CUDA runtime.
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEXA_CUDA=OFF \
    -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" >/dev/null
cmake --build "$build" --parallel "$(nproc)"
cd "$build"
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --output-on-failure --parallel "$(nproc)" "$@"
