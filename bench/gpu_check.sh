#!/usr/bin/env bash
# The GPU check of the CUDA backend, for a lent GPU machine that has CUDA 13 but none of
# Debian's packages: made here with bench/gpu_bundle.sh, run there from the repository root
# with .gpu-bundle carried along. In about 5 minutes: the GPU-labelled tests, HPL at small N
# (one GPU, and two ranks sharing it), cuBLAS DGEMM at the run's shapes, HPL at N filling
# about 80% of the GPU's memory, HPL-MxP in FP16 and BF16 at the largest N that fits; then
# one table. Logs and JSON go to $OUT (or /tmp/gpu-check).
#   bench/gpu_check.sh            (on the GPU machine)
#   EXA_CHECK_BACKEND=cpu bench/gpu_check.sh   (a rehearsal of the script on any machine)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bundle=$root/.gpu-bundle
out=${OUT:-/tmp/gpu-check}
backend=${EXA_CHECK_BACKEND:-cuda}
mkdir -p "$out"
log=$out/gpu_check.log
: >"$log"
say() { echo "$@" | tee -a "$log"; }

# Debian's libraries beside the binaries, unpacked away from / (Open MPI relocated there).
deps=/tmp/exa-deps
mkdir -p "$deps"
for f in "$bundle"/debs/*.deb; do dpkg -x "$f" "$deps"; done
lib=$deps/usr/lib/x86_64-linux-gnu
export LD_LIBRARY_PATH=$lib:$lib/openblas-pthread:$lib/openmpi/lib:/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
export OPAL_PREFIX=$deps/usr PATH=$deps/usr/bin:$PATH
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
export OMPI_MCA_pml=ob1 OMPI_MCA_btl=self,vader OMPI_MCA_mca_base_component_show_load_errors=0
export OMPI_MCA_plm_rsh_agent=false
mpirun=$deps/usr/bin/orterun
bin=$bundle/bin

say "== machine"
{ nvidia-smi -L; nvcc --version | tail -1; } 2>&1 | tee -a "$log"
missing=$(ldd "$bin/exabench" | grep "not found")
if [[ -n "$missing" ]]; then say "libraries missing: $missing"; exit 1; fi

declare -a rows
row() { rows+=("$(printf '%-28s %-46s %s' "$1" "$2" "$3")"); }
rate_of() { sed -n 's/.*GFLOP\/s=//p' "$1" | tail -1; }
# The result line of an HPL/MxP output: N, NB, time, GFLOP/s.
result_of() { awk '/^W[R|C]|^M[R|C]/ {print "N=" $2 " NB=" $3 " " $6 " s " $7 " GFLOP/s"}' "$1" | tail -1; }
status_of() { if grep -q PASSED "$1" && ! grep -q FAILED "$1"; then echo PASSED; else echo FAILED; fi; }

say "== tests"
timeout 120 "$bin/unit_tests" --gtest_brief=1 >"$out/unit.log" 2>&1
unit_rc=$?
skipped=$(grep -c "its device is not present" "$out/unit.log")
row "unit tests ($backend params)" "rc=$unit_rc, $skipped skipped for want of a GPU" "$([[ $unit_rc -eq 0 && ( $skipped -eq 0 || $backend != cuda ) ]] && echo PASSED || echo FAILED)"
if [[ $backend == cuda ]]; then
  timeout 300 bash "$root/tests/gpu/gpu_test.sh" "$bin/exabench" "$mpirun" >"$out/gpu_test.log" 2>&1
  gpu_rc=$?
  row "gpu tests" "$(tail -1 "$out/gpu_test.log")" "$([[ $gpu_rc -eq 0 ]] && echo PASSED || echo FAILED)"
fi

say "== DGEMM at the run's shapes"
for shape in "8192 8192" "16384 512" "32768 512"; do
  set -- $shape
  timeout 60 "$bin/dgemm_rate" "$1" 5 1 d "$backend" "$2" >"$out/dgemm_$1_$2.log" 2>&1
  row "DGEMM n=$1 k=$2" "$(rate_of "$out/dgemm_$1_$2.log") GFLOP/s" ""
done
dgemm=$(rate_of "$out/dgemm_32768_512.log")

say "== HPL, small N, one GPU and two ranks sharing it"
timeout 120 "$bin/exabench" hpl --backend "$backend" -n 10000 --no-progress >"$out/hpl_small.log" 2>&1
row "HPL N=10000, 1 rank" "$(result_of "$out/hpl_small.log")" "$(status_of "$out/hpl_small.log")"
timeout 120 "$mpirun" -np 2 "$bin/exabench" hpl --backend "$backend" -n 10000 -p 1 -q 2 --no-progress >"$out/hpl_2ranks.log" 2>&1
row "HPL N=10000, 2 ranks 1x2" "$(result_of "$out/hpl_2ranks.log")" "$(status_of "$out/hpl_2ranks.log")"

say "== HPL filling about 80% of the GPU's memory"
timeout 300 "$bin/exabench" hpl --backend "$backend" --no-progress --json "$out/hpl.json" >"$out/hpl_full.log" 2>&1
row "HPL automatic N" "$(result_of "$out/hpl_full.log")" "$(status_of "$out/hpl_full.log")"
hpl=$(awk '/^W[R|C]/ {print $7}' "$out/hpl_full.log" | tail -1)

say "== HPL-MxP at the largest N that fits"
for precision in fp16 bf16; do
  timeout 300 "$bin/exabench" mxp --backend "$backend" --precision "$precision" --no-progress \
    --json "$out/mxp_$precision.json" >"$out/mxp_$precision.log" 2>&1
  row "HPL-MxP $precision automatic N" "$(result_of "$out/mxp_$precision.log")" "$(status_of "$out/mxp_$precision.log")"
  grep -E "LU \(|refinement" "$out/mxp_$precision.log" | head -3 | tee -a "$log"
done
mxp=$(awk '/^M[R|C]/ {print $7}' "$out/mxp_fp16.log" | tail -1)

say ""
say "== exabench GPU check ($backend), $(date -u +%FT%TZ)"
for r in "${rows[@]}"; do say "$r"; done
if [[ -n "$hpl" && -n "$dgemm" ]]; then
  say "$(awk -v h="$hpl" -v d="$dgemm" -v m="${mxp:-0}" 'BEGIN {
    printf "floors: HPL %.1f TFLOP/s (>= 40), %.0f%% of DGEMM (>= 75%%); MxP fp16 / HPL %.2fx (>= 5)\n",
           h / 1000, 100 * h / d, m / h }')"
fi
