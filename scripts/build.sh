#!/usr/bin/env bash
# Configures and builds a Release build in build/ (or $EXA_BUILD_DIR).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${EXA_BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release ${EXA_CMAKE_ARGS:-} >/dev/null
cmake --build "$build" --parallel "$(nproc)"
