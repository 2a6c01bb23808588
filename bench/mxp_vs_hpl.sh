#!/usr/bin/env bash
# exabench HPL-MxP against exabench's own FP64 HPL on this machine, in one run: the same N,
# grid and threads, alternating the two (which goes first alternates too), plus the SGEMM and
# DGEMM ceilings on the same cores. HPL-MxP on the rules' matrix (--generator shifted, or
# GENERATOR=dominant for the testing-only one). Prints a markdown table and the floor of
# HPL-MxP at 1.5 x HPL on 1x2.
#
#   bench/mxp_vs_hpl.sh                     # N = 20000, 1x2 and 1x1, fp32, 3 pairs
#   N=10000 PAIRS=5 bench/mxp_vs_hpl.sh
#   CONFIGS="1x2" PRECISIONS="fp32 bf16" bench/mxp_vs_hpl.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-20000}
PAIRS=${PAIRS:-3}
HPL_NB=${HPL_NB:-256}
MXP_NB=${MXP_NB:-256}
CONFIGS=${CONFIGS:-"1x2 1x1"}
PRECISIONS=${PRECISIONS:-"fp32"}
GENERATOR=${GENERATOR:-shifted}
cores=$(nproc)

"$root/scripts/deps.sh"
"$root/scripts/build.sh" >/dev/null
exe=${EXA_BUILD_DIR:-$root/build}/src/exabench
rate=${EXA_BUILD_DIR:-$root/build}/dgemm_rate
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

launch() {  # launch CONFIG CMD...: 1x1 is one rank with every core, 1xQ is Q ranks of 1 thread
  local cfg=$1; shift
  if [ "$cfg" = 1x1 ]; then
    mpirun -np 1 --bind-to none "$@" --threads "$cores"
  else
    mpirun -np "${cfg#1x}" --bind-to core "$@" -p 1 -q "${cfg#1x}" --threads 1
  fi
}
field() {  # field JSON EXPR: a value of the first run, or FAILED when it did not pass
  python3 -c "
import json, sys
r = json.load(open('$1'))['runs'][0]
print($2 if r['passed'] else 'FAILED')"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ceiling() { OPENBLAS_NUM_THREADS=$cores "$rate" 4000 3 "$cores" "$1" | sed 's/.*GFLOP\/s=//'; }

echo "# exabench HPL-MxP vs exabench HPL, $(date -u +%F)"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $cores cores; N=$N; NB $HPL_NB (HPL), $MXP_NB (MxP); $PAIRS alternating pairs"
echo "HPL-MxP matrix: --generator $GENERATOR; OpenBLAS kernels (both): $(OPENBLAS_VERBOSE=2 "$rate" 64 1 1 2>&1 | sed -n 's/^Core: //p')${OPENBLAS_CORETYPE:+ (set by OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE)}"
echo
echo "| grid | precision | HPL GFLOP/s (runs) | MxP GFLOP/s (runs) | MxP / HPL | MxP LU-only GFLOP/s | refinement share (worst) | GMRES iterations | kappa_2 estimate |"
echo "|---|---|---|---|---|---|---|---|---|"
s0=$(ceiling s) d0=$(ceiling d)
floors=()
for cfg in $CONFIGS; do
  for prec in $PRECISIONS; do
    hpl_runs=() mxp_runs=() lu_runs=() shares=() iters=() kappa=
    for i in $(seq "$PAIRS"); do
      order="hpl mxp"
      [ $((i % 2)) -eq 0 ] && order="mxp hpl"
      for b in $order; do
        if [ "$b" = hpl ]; then
          launch "$cfg" "$exe" hpl -n "$N" --nb "$HPL_NB" --no-progress --json "$work/h.json" >"$work/h.out" 2>&1 || true
          g=$(field "$work/h.json" "r['gflops']")
          [ "$g" != FAILED ] || { echo "HPL run failed:"; tail -5 "$work/h.out"; exit 1; }
          hpl_runs+=("$g")
        else
          launch "$cfg" "$exe" mxp -n "$N" --nb "$MXP_NB" --precision "$prec" --generator "$GENERATOR" --no-progress --json "$work/m.json" >"$work/m.out" 2>&1 || true
          g=$(field "$work/m.json" "r['gflops']")
          [ "$g" != FAILED ] || { echo "MxP run failed:"; tail -5 "$work/m.out"; exit 1; }
          mxp_runs+=("$g")
          lu_runs+=("$(field "$work/m.json" "r['lu_gflops']")")
          shares+=("$(field "$work/m.json" "r['refine_fraction']")")
          iters+=("$(field "$work/m.json" "r['refinement']['iterations']")")
          kappa=$(field "$work/m.json" "'%.2f' % r['condition_estimate']")
        fi
      done
    done
    h=$(printf '%s\n' "${hpl_runs[@]}" | median)
    m=$(printf '%s\n' "${mxp_runs[@]}" | median)
    lu=$(printf '%s\n' "${lu_runs[@]}" | median)
    worst=$(printf '%s\n' "${shares[@]}" | sort -g | tail -1)
    awk -v c="$cfg" -v p="$prec" -v h="$h" -v m="$m" -v lu="$lu" -v w="$worst" \
        -v hr="$(printf '%.1f ' "${hpl_runs[@]}")" -v mr="$(printf '%.1f ' "${mxp_runs[@]}")" -v it="${iters[*]}" -v k="$kappa" \
        'BEGIN{printf "| %s | %s | **%.1f** (%s) | **%.1f** (%s) | %.2f | %.1f | %.1f%% | %s | %s |\n", c, p, h, hr, m, mr, m/h, lu, 100*w, it, k}'
    [ "$cfg" = 1x2 ] && floors+=("$(awk -v c="$cfg" -v p="$prec" -v h="$h" -v m="$m" 'BEGIN{
      printf "floor %s %s: MxP/HPL %.2f >= 1.5: %s", c, p, m/h, (m/h >= 1.5 ? "met" : "NOT MET")}')")
  done
done
s1=$(ceiling s) d1=$(ceiling d)
echo
awk -v s0="$s0" -v s1="$s1" -v d0="$d0" -v d1="$d1" 'BEGIN{
  s = (s0 > s1 ? s0 : s1); d = (d0 > d1 ? d0 : d1)
  printf "ceilings on %d cores: SGEMM %.1f GFLOP/s, DGEMM %.1f GFLOP/s (the higher of before and after)\n", '"$cores"', s, d}'
printf '%s\n' "${floors[@]}"
