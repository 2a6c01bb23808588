#!/usr/bin/env bash
# The CUDA backend end to end (ctest label "gpu"): HPL on one GPU and on two ranks sharing
# it, HPL-MxP in FP16 and BF16, each PASSED, the record naming the GPU. Exits 77 (skipped)
# where the binary has no CUDA backend or no GPU is present.
#   tests/gpu/gpu_test.sh EXABENCH [MPIRUN]
set -uo pipefail
exe=$1
mpirun=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/check.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

probe=$("$exe" hpl --backend cuda -n 64 --nb 32 --no-progress 2>&1)
if grep -q -e "unknown backend 'cuda'" -e "no CUDA device" <<<"$probe"; then
  echo "skipped: $(grep -m1 error <<<"$probe")"
  exit 77
fi

passed() { grep -q "PASSED" "$1" && ! grep -q -e FAILED -e "error" "$1"; }
run() {  # NAME COMMAND...: runs it into $work/NAME.out and checks PASSED
  local name=$1
  shift
  timeout 300 "$@" >"$work/$name.out" 2>&1
  check "$name" passed "$work/$name.out" || tail -5 "$work/$name.out"
}
check hpl.n64 grep -q PASSED <<<"$probe"
run hpl.1gpu "$exe" hpl --backend cuda -n 6000 --nb 256 --no-progress --json "$work/hpl.json"
check hpl.record.names_the_gpu grep -q '"backend": *"cuda"' "$work/hpl.json"
for depth in 0 2; do
  run "hpl.depth$depth" "$exe" hpl --backend cuda -n 3001 --nb 128 --depth "$depth" --pfact left --rfact right --no-progress
done
run mxp.fp16 "$exe" mxp --backend cuda -n 6000 --precision fp16 --no-progress
run mxp.bf16 "$exe" mxp --backend cuda -n 6000 --precision bf16 --no-progress
if [[ -n "$mpirun" ]]; then
  run hpl.2ranks.1x2 "$mpirun" -np 2 "$exe" hpl --backend cuda -n 5000 --nb 256 -p 1 -q 2 --no-progress
  run hpl.2ranks.2x1 "$mpirun" -np 2 "$exe" hpl --backend cuda -n 5000 --nb 256 -p 2 -q 1 --no-progress
  run mxp.2ranks.fp16 "$mpirun" -np 2 "$exe" mxp --backend cuda -n 5000 -p 1 -q 2 --precision fp16 --no-progress
fi
echo "gpu tests: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
