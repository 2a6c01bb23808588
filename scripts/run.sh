#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install, build, run HPL on every core.
# Arguments go to exabench (e.g. scripts/run.sh hpl -n 20000).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"
"$root/scripts/build.sh"
exec "${EXA_BUILD_DIR:-$root/build}/src/exabench" "$@"
