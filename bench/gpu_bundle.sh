#!/usr/bin/env bash
# Packs what bench/gpu_check.sh needs on a bare GPU machine that has CUDA but none of
# Debian's packages: the binaries of a CUDA build, and Debian's .deb files of the libraries
# they load (OpenBLAS, Open MPI, fmt, ...), unpacked there with dpkg -x. Never the CUDA
# libraries: the GPU machine has its own.
#   bench/gpu_bundle.sh [BUILD_DIR]   ->  .gpu-bundle/ (git-ignored; carry it to the machine)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
bundle=$root/.gpu-bundle
grep -q 'exa_cuda_kernels' "$build/build.ninja" 2>/dev/null ||
  { echo "gpu_bundle: $build is not a build with the CUDA backend (configure where nvcc is found)" >&2; exit 1; }
rm -rf "$bundle"
mkdir -p "$bundle/bin" "$bundle/debs"
cp "$build/src/exabench" "$build/tests/unit_tests" "$build/tests/mpi_tests" "$build/dgemm_rate" "$bundle/bin/"
packages=(libopenmpi3 openmpi-bin openmpi-common libpmix2 libhwloc15 libevent-core-2.1-7 libevent-pthreads-2.1-7
          libopenblas0-pthread libfmt9 libtomlplusplus3 libgfortran5 libquadmath0 libgomp1 libnuma1 libmunge2)
(cd "$bundle/debs" && apt-get download "${packages[@]}" >/dev/null)
du -sh "$bundle"
