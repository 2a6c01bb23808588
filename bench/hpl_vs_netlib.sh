#!/usr/bin/env bash
# exabench HPL against netlib HPL (Debian's hpcc package) on this machine, in one run:
# the same HPL.dat (N, NB, grid, variants), the same OpenBLAS, alternating the two, plus the
# OpenBLAS DGEMM rate on the same cores. Prints a markdown table and the floors: HPL / DGEMM
# >= 0.97 on 1x1 and >= 0.95 on 1x2 at N = 20000; exabench / netlib >= 1.00 on 1x2 and 2x1.
#
#   bench/hpl_vs_netlib.sh                 # N = 10000 and 20000, 3 alternating pairs
#   NS="10000" PAIRS=5 bench/hpl_vs_netlib.sh
#   CONFIGS="1x2 2x1" bench/hpl_vs_netlib.sh   # PxQ: P*Q ranks x 1 thread; 1x1: 1 rank x all cores
#   NETLIB_NS="10000 20000" bench/hpl_vs_netlib.sh   # netlib at 20000 too (long)
#   env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE bench/hpl_vs_netlib.sh  # OpenBLAS's own kernels
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
NS=${NS:-"10000 20000"}
PAIRS=${PAIRS:-3}
NB=${NB:-256}
CONFIGS=${CONFIGS:-"1x2 1x1"}
# hpcc runs every HPCC test, not only HPL (minutes at N = 20000): netlib runs at these N only.
NETLIB_NS=${NETLIB_NS:-"10000"}
cores=$(nproc)

"$root/scripts/deps.sh" --bench
"$root/scripts/build.sh" >/dev/null
exe=${EXA_BUILD_DIR:-$root/build}/src/exabench
dgemm=${EXA_BUILD_DIR:-$root/build}/dgemm_rate
# The kernels OpenBLAS runs (both sides share the library): it picks them from the CPU, unless
# OPENBLAS_CORETYPE names them (docs/hpl.md, "Running").
blas_core() { OPENBLAS_VERBOSE=2 "$dgemm" 64 1 1 2>&1 | sed -n 's/^Core: //p'; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# hpl_dat N P Q: netlib's HPL.dat (the 31 lines hpcc reads too), one test.
hpl_dat() {
  cat <<DAT
HPLinpack benchmark input file
exabench bench/hpl_vs_netlib.sh
HPL.out      output file name (if any)
6            device out (6=stdout,7=stderr,file)
1            # of problems sizes (N)
$1           Ns
1            # of NBs
$NB          NBs
0            PMAP process mapping (0=Row-,1=Column-major)
1            # of process grids (P x Q)
$2           Ps
$3           Qs
16.0         threshold
1            # of panel fact
2            PFACTs (0=left, 1=Crout, 2=Right)
1            # of recursive stopping criterium
4            NBMINs (>= 1)
1            # of panels in recursion
2            NDIVs
1            # of recursive panel fact.
1            RFACTs (0=left, 1=Crout, 2=Right)
1            # of broadcast
1            BCASTs (0=1rg,1=1rM,2=2rg,3=2rM,4=Lng,5=LnM)
1            # of lookahead depth
1            DEPTHs (>=0)
2            SWAP (0=bin-exch,1=long,2=mix)
64           swapping threshold
0            L1 in (0=transposed,1=no-transposed) form
0            U  in (0=transposed,1=no-transposed) form
1            Equilibration (0=no,1=yes)
8            memory alignment in double (> 0)
##### This line (no. 32) is ignored (it serves as a separator). ######
0                               Number of additional problem sizes for PTRANS
1200                            values of N
0                               number of additional blocking sizes for PTRANS
40                              values of NB
DAT
}

# launch CONFIG CMD...: ranks and threads of a configuration (PxQ: P*Q ranks of 1 thread).
launch() {
  local cfg=$1; shift
  if [ "$cfg" = 1x1 ]; then
    OPENBLAS_NUM_THREADS=$cores OMP_NUM_THREADS=$cores mpirun -np 1 --bind-to none "$@"
  else
    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 mpirun -np $((${cfg%x*} * ${cfg#*x})) --bind-to core "$@"
  fi
}
gflops_of() {  # the Gflops column of the WR line, and PASSED/FAILED of the residual line
  awk '/^WR/ {g=$7} /PASSED|FAILED/ {s=$NF} END {print g, s}' "$1"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
dgemm_rate() { OPENBLAS_NUM_THREADS=$cores "$dgemm" 6000 3 "$cores" | sed 's/.*GFLOP\/s=//'; }
# The same DGEMM in the shape of HPL's trailing update (10000 x 10000 -= 10000 x NB times NB x
# 10000): what the update itself can reach with this BLAS, reported beside the ceiling.
update_rate() { OPENBLAS_NUM_THREADS=$cores "$dgemm" 10000 2 "$cores" d cpu "$NB" | sed 's/.*GFLOP\/s=//'; }

echo "# exabench HPL vs netlib HPL (hpcc $(dpkg-query -W -f='${Version}' hpcc)), $(date -u +%F)"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $cores cores; NB=$NB; $PAIRS alternating pairs"
echo "OpenBLAS kernels (both sides, and the DGEMM rate): $(blas_core)${OPENBLAS_CORETYPE:+ (set by OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE)}"
echo "DGEMM: order 6000 on all cores just before each exabench run (median); exabench / DGEMM: the median of each run's ratio"
echo
echo "| N | grid | exabench GFLOP/s (runs) | netlib GFLOP/s (runs) | exabench / netlib | DGEMM GFLOP/s | exabench / DGEMM |"
echo "|---|---|---|---|---|---|---|"
summary=() rows=() floors=()
for n in $NS; do
  d0=$(dgemm_rate) u0=$(update_rate)
  declare -A ex nl exd dgr
  for cfg in $CONFIGS; do
    p=${cfg%x*} q=${cfg#*x}
    mkdir -p "$work/$cfg" && cd "$work/$cfg"
    hpl_dat "$n" "$p" "$q" >HPL.dat
    cp HPL.dat hpccinf.txt
    ex_runs=() nl_runs=() ratio_runs=() dgemm_runs=()
    for i in $(seq "$PAIRS"); do
      threads=1
      [ "$cfg" = 1x1 ] && threads=$cores
      # The ceiling just before each run: the machine's speed swings within minutes.
      dr=$(dgemm_rate)
      launch "$cfg" "$exe" hpl --dat HPL.dat --threads "$threads" >ex.out 2>&1 || true
      read -r g s < <(gflops_of ex.out)
      [ "$s" = PASSED ] || { echo "exabench run failed:"; tail -5 ex.out; exit 1; }
      ex_runs+=("$g") dgemm_runs+=("$dr") ratio_runs+=("$(awk -v g="$g" -v d="$dr" 'BEGIN{print g/d}')")
      if [[ " $NETLIB_NS " == *" $n "* ]]; then
        rm -f hpccoutf.txt
        launch "$cfg" hpcc >/dev/null 2>&1 || true
        read -r g s < <(gflops_of hpccoutf.txt)
        [ "$s" = PASSED ] || { echo "hpcc run failed:"; tail -5 hpccoutf.txt; exit 1; }
        nl_runs+=("$g")
      fi
    done
    ex[$cfg]=$(printf '%s\n' "${ex_runs[@]}" | median)
    exd[$cfg]=$(printf '%s\n' "${ratio_runs[@]}" | median)
    dgr[$cfg]=$(printf '%s\n' "${dgemm_runs[@]}" | median)
    nl[$cfg]=- nlr=-  # netlib not run at this N
    if [ ${#nl_runs[@]} -gt 0 ]; then
      nl[$cfg]=$(printf '%s\n' "${nl_runs[@]}" | median)
      nlr=$(printf '%.1f ' "${nl_runs[@]}")
    fi
    exr=$(printf '%.1f ' "${ex_runs[@]}")
    row_n=$n row_cfg=$cfg row_ex="${ex[$cfg]}" row_nl="${nl[$cfg]}" row_exr=$exr row_nlr=$nlr
    rows+=("$row_n|$row_cfg|$row_ex|$row_nl|$row_exr|$row_nlr|${dgr[$cfg]}|${exd[$cfg]}")
    cd "$root"
  done
  d1=$(dgemm_rate) u1=$(update_rate)
  dg=$(printf '%s\n%s\n' "$d0" "$d1" | sort -g | tail -1)  # the higher of before and after: for the update's shape
  ug=$(printf '%s\n%s\n' "$u0" "$u1" | sort -g | tail -1)
  best_ex=0 best_nl=0
  for cfg in $CONFIGS; do
    awk -v a="${ex[$cfg]}" -v b="$best_ex" 'BEGIN{exit !(a>b)}' && best_ex=${ex[$cfg]} best_ex_cfg=$cfg
    [ "${nl[$cfg]}" = - ] || { awk -v a="${nl[$cfg]}" -v b="$best_nl" 'BEGIN{exit !(a>b)}' && best_nl=${nl[$cfg]} best_nl_cfg=$cfg; }
  done
  for r in "${rows[@]}"; do
    IFS='|' read -r rn rc re rl rer rlr rd rr <<<"$r"
    [ "$rn" = "$n" ] || continue
    awk -v n="$rn" -v c="$rc" -v e="$re" -v l="$rl" -v er="$rer" -v lr="$rlr" -v d="$rd" -v r="$rr" \
      'BEGIN{nl = (l == "-" ? "not run" : sprintf("**%.1f** (%s)", l, lr)); ratio = (l == "-" ? "" : sprintf("%.3f", e/l))
             printf "| %d | %s | **%.1f** (%s) | %s | %s | %.1f | %.1f%% |\n", n, c, e, er, nl, ratio, d, 100*r}'
  done
  # Against DGEMM: the best grid's ratio to the DGEMM measured just before each of its runs.
  if [ "$best_nl" = 0 ]; then
    summary+=("$(awk -v n="$n" -v e="$best_ex" -v ec="$best_ex_cfg" -v r="${exd[$best_ex_cfg]}" \
      'BEGIN{printf "N=%d: best exabench %.1f GFLOP/s (%s) = %.1f%% of DGEMM (netlib not run at this N)", n, e, ec, 100*r}')")
  else
    summary+=("$(awk -v n="$n" -v e="$best_ex" -v ec="$best_ex_cfg" -v l="$best_nl" -v lc="$best_nl_cfg" -v r="${exd[$best_ex_cfg]}" \
      'BEGIN{printf "N=%d: best exabench %.1f GFLOP/s (%s) = %.1f%% of DGEMM, best netlib %.1f (%s): ratio %.3f", n, e, ec, 100*r, l, lc, e/l}')")
  fi
  summary+=("$(awk -v n="$n" -v u="$ug" -v d="$dg" -v nb="$NB" \
    'BEGIN{printf "N=%d: DGEMM of the update'"'"'s shape (K = NB = %d) %.1f GFLOP/s, %.1f%% of the square DGEMM", n, nb, u, 100*u/d}')")
  # The floors, for each grid run: the DGEMM ceiling at N = 20000, netlib wherever it ran.
  for cfg in $CONFIGS; do
    case "$n:$cfg" in
      20000:1x1) need=0.97 ;;
      20000:1x2) need=0.95 ;;
      *) need= ;;
    esac
    [ -z "$need" ] || floors+=("$(awk -v n="$n" -v c="$cfg" -v r="${exd[$cfg]}" -v f="$need" \
      'BEGIN{printf "floor N=%d %s: exabench/DGEMM %.3f >= %.2f: %s", n, c, r, f, (r >= f ? "met" : "NOT MET")}')")
    if [ "${nl[$cfg]}" != - ] && [ "$cfg" != 1x1 ]; then
      floors+=("$(awk -v n="$n" -v c="$cfg" -v e="${ex[$cfg]}" -v l="${nl[$cfg]}" \
        'BEGIN{printf "floor N=%d %s: exabench/netlib %.3f >= 1.00: %s", n, c, e/l, (e/l >= 1 ? "met" : "NOT MET")}')")
    fi
  done
  unset ex nl exd dgr
done
echo
printf '%s\n' "${summary[@]}" "${floors[@]}"
