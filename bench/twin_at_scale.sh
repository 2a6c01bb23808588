#!/usr/bin/env bash
# The twin at full scale: JUPITER's two TOP500 runs and JEDI, predicted from their machine
# files (the twin chooses N, NB and the grid as a runner would) and printed beside the
# published figures, with the time and memory each prediction took on this machine
# (floors of issue #3: under 10 s and under 1 GiB for a JUPITER-sized prediction).
#
#   bench/twin_at_scale.sh
#   MACHINES="jedi" EXTRA="--matrix-memory gpu" bench/twin_at_scale.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
MACHINES=${MACHINES:-"jupiter-booster-2025-06 jupiter-booster-2025-11 jedi frontier leonardo"}
EXTRA=${EXTRA:-}

"$root/scripts/deps.sh"
"$root/scripts/build.sh" >/dev/null
exe=${EXA_BUILD_DIR:-$root/build}/src/exabench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "| machine | N | NB | P x Q | predicted | published | difference | Rmax/Rpeak | GFlops/W | took | memory |"
echo "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|"
for m in $MACHINES; do
  # shellcheck disable=SC2086
  /usr/bin/time -f "%e %M" -o "$work/time" "$exe" predict "$m" $EXTRA --json "$work/p.json" >/dev/null
  read -r took kib <"$work/time"
  python3 - "$work/p.json" "$took" "$kib" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
pub = d.get("published", {}).get("rmax_gflops", 0)
diff = f"{100 * (d['gflops'] / pub - 1):+.1f}%" if pub else "-"
pf = lambda g: f"{g / 1e6:,.1f} PF"
print(f"| {d['machine']} | {d['n']:,} | {d['nb']} | {d['p']} x {d['q']} | {pf(d['gflops'])} | "
      f"{pf(pub) if pub else '-'} | {diff} | {100 * d['gflops'] / d['rpeak_gflops']:.1f}% | "
      f"{d.get('gflops_per_watt', 0):.1f} | {float(sys.argv[2]):.1f} s | {int(sys.argv[3]) / 1024:.0f} MiB |")
PY
done
