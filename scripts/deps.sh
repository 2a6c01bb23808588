#!/usr/bin/env bash
# Installs what exabench needs from Debian 12's packages, if anything is missing.
# Needs root or sudo for apt-get. Set EXA_SKIP_APT=1 to skip (dependencies provided otherwise).
set -euo pipefail
packages=(
  cmake ninja-build g++ pkg-config
  libopenblas-dev            # BLAS + LAPACK (FindBLAS; MKL or BLIS can replace it)
  libopenmpi-dev openmpi-bin # MPI (FindMPI)
  libcli11-dev libfmt-dev nlohmann-json3-dev libtomlplusplus-dev
  libgtest-dev libbenchmark-dev
  python3 python3-jsonschema # the tests read the JSON records and check them against docs/schema
)
case "${1:-}" in
  --bench) packages+=(hpcc) ;;              # netlib HPL inside, the peer of bench/
  --test) packages+=(slurm-wlm munge chromium) ;;  # a real Slurm for tests/slurm; a browser for tests/report
  --fuzz) packages+=(clang libclang-rt-14-dev libomp-14-dev) ;;  # libFuzzer and its sanitizers
esac
[ "${EXA_SKIP_APT:-0}" = 1 ] && exit 0

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "deps.sh: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
echo "Installing from Debian: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
