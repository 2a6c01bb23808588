#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 machine: install, build, ctest (unit, MPI on 1, 2
# and 4 ranks, command line, a real Slurm). Arguments go to ctest (e.g. scripts/test.sh -L quick).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh" --test
"$root/scripts/build.sh"
cd "${EXA_BUILD_DIR:-$root/build}"
ctest --output-on-failure --parallel "$(nproc)" "$@"
