#!/usr/bin/env bash
# exabench HPCG against its memory-bandwidth roofline on this machine, in one run. The
# yardstick is STREAM's triad on every core, on huge pages as HPCG's matrix is. This
# machine's bandwidth swings by 10-40% from one minute to the next, so each HPCG run is
# judged against the triad measured just before and just after it (3 triads each side,
# median of the 6), and runs alternate with triads in PAIRS pairs; the floor is read from the
# median of the pairs' ratios. The roofline is HPCG's counted flops over the time its counted
# bytes, the least each kernel must move (matrix values and 4-byte indices once per SpMV,
# twice per SYMGS, once plus the diagonal twice for the pre-smoothing on the split matrix;
# the vectors each kernel reads and writes, three passes per Gauss-Seidel sweep; docs/hpcg.md,
# "The rating"), take at the triad's bandwidth. Prints a markdown table and issue #4's floor.
#
#   bench/hpcg_roofline.sh                      # local box sized to memory, 60 s of timed sets
#   NX=128 RT=30 PAIRS=5 bench/hpcg_roofline.sh
#   CONFIGS="ranks threads" bench/hpcg_roofline.sh   # ranks: one rank per core; threads: one rank
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
RT=${RT:-60}
NX=${NX:-}
PAIRS=${PAIRS:-3}
CONFIGS=${CONFIGS:-"ranks"}
cores=$(nproc)

"$root/scripts/deps.sh"
"$root/scripts/build.sh" >/dev/null
build=${EXA_BUILD_DIR:-$root/build}
exe=$build/src/exabench
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

triad() { "$build/stream_triad" 1024 10 "$cores" | sed 's/.*GB\/s=//'; }
triads() { for _ in 1 2 3; do triad; done; }
median() { tr " " "\n" | grep . | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
dims=()
[ -n "$NX" ] && dims=(--nx "$NX" --ny "$NX" --nz "$NX")

echo "# exabench HPCG vs the memory roofline, $(date -u +%F)"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $cores cores, $(free -g | awk '/Mem:/ {print $2}') GiB; --rt $RT; $PAIRS pairs"
echo
echo "| configuration | pair | local box | iterations per set (ref 50) | sets | timed s | rating GFLOP/s | raw GFLOP/s | counted GB/s | triad GB/s (around it) | roofline GFLOP/s | rating / roofline | result |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
summary=() best=0
for cfg in $CONFIGS; do
  fracs=()
  for pair in $(seq "$PAIRS"); do
    before=$(triads | tr "\n" " ")
    if [ "$cfg" = ranks ]; then
      mpirun -np "$cores" --bind-to core "$exe" hpcg "${dims[@]}" --rt "$RT" --threads 1 --no-progress --json "$work/h.json" >"$work/out" 2>&1 || true
      label="$cores ranks x 1 thread"
    else
      "$exe" hpcg "${dims[@]}" --rt "$RT" --threads "$cores" --no-progress --json "$work/h.json" >"$work/out" 2>&1 || true
      label="1 rank x $cores threads"
    fi
    [ -s "$work/h.json" ] || { echo "hpcg failed ($label):"; tail -5 "$work/out"; exit 1; }
    after=$(triads | tr "\n" " ")
    bw=$(echo "$before $after" | median)
    IFS='|' read -r nx ny nz it sets t rating raw flops bytes valid < <(python3 -c "
import json
d = json.load(open('$work/h.json'))
print(d['nx'], d['ny'], d['nz'], d['iterations']['optimized_per_set'], d['sets'], d['time_s'],
      d['gflops'], d['gflops_raw'], d['flops'], d['bytes'], 'VALID' if d['valid'] else 'INVALID', sep='|')")
    rm -f "$work/h.json"
    awk -v l="$label" -v p="$pair" -v nx="$nx" -v ny="$ny" -v nz="$nz" -v it="$it" -v s="$sets" -v t="$t" -v g="$rating" \
        -v raw="$raw" -v f="$flops" -v b="$bytes" -v bw="$bw" -v tr="$before| $after" -v v="$valid" 'BEGIN{
      roof = f / (b / (bw * 1e9)) / 1e9
      printf "| %s | %d | %dx%dx%d | %d | %d | %.0f | **%.3f** | %.3f | %.1f | %.1f (%s) | %.3f | **%.1f%%** | %s |\n", l, p, nx, ny, nz, it, s, t, g, raw, b / t / 1e9, bw, tr, roof, 100 * g / roof, v}'
    # An invalid run does not count: its ratio is 0.
    fracs+=("$(awk -v g="$rating" -v f="$flops" -v b="$bytes" -v bw="$bw" -v v="$valid" \
      'BEGIN{print (v == "VALID" ? 100 * g / (f / (b / (bw * 1e9)) / 1e9) : 0)}')")
  done
  med=$(echo "${fracs[*]}" | median)
  summary+=("$label: median rating / roofline $med% (pairs: ${fracs[*]})")
  best=$(awk -v a="$best" -v b="$med" 'BEGIN{print (b > a ? b : a)}')
done
echo
printf '%s\n' "${summary[@]}"
awk -v b="$best" 'BEGIN{printf "floor: best configuration, median of its pairs %.1f%% >= 85%%: %s\n", b, (b >= 85 ? "met" : "NOT MET")}'
