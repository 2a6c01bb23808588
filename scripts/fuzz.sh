#!/usr/bin/env bash
# Fuzzes every reader of outside input (HPL.dat, hpcg.dat, machine files, device entries,
# the JSON that `exabench report` reads, calibration files, the command line) with
# libFuzzer, under ASan and UBSan, in build-fuzz/. Each target runs until it has tried RUNS
# inputs or SECONDS have passed, whichever comes first; the seeds are the examples, the
# machine and device catalogs and fuzz/seeds. Prints a table; exits 1 if any target crashed,
# hung or tripped a sanitizer (the input is left in build-fuzz/findings/: add it to
# tests/fuzz_regressions/<target>/ with the fix).
#
#   scripts/fuzz.sh                 # 10^6 inputs a target, at most 600 s each
#   scripts/fuzz.sh 60              # at most a minute a target
#   RUNS=100000 scripts/fuzz.sh
#   TARGETS="device report" scripts/fuzz.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SECONDS_EACH=${1:-600}
RUNS=${RUNS:-1000000}
build=${EXA_FUZZ_DIR:-$root/build-fuzz}
targets=${TARGETS:-"hpl_dat hpcg_dat machine device report calibration command_line"}

"$root/scripts/deps.sh" --fuzz
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined" \
    -DEXA_ENABLE_MPI=OFF -DEXA_CUDA=OFF -DEXA_BUILD_TESTS=OFF -DEXA_FUZZ=ON >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target $(for t in $targets; do printf 'fuzz_%s ' "$t"; done) >/dev/null

seeds() {  # seeds TARGET DIR: the target's seed inputs into DIR
  case $1 in
    hpl_dat) cp "$root/examples/HPL.dat" "$2/" ;;
    hpcg_dat) cp "$root/examples/hpcg.dat" "$2/" ;;
    machine) cp "$root"/machines/*.toml "$2/" ;;
    device) cp "$root"/devices/*.toml "$2/" ;;
    *) cp "$root/fuzz/seeds/$1/"* "$2/" ;;
  esac
}

echo "| target | inputs tried | seconds | result |"
echo "|---|---:|---:|---|"
failed=0
mkdir -p "$build/findings"
for t in $targets; do
  corpus=$build/corpus/$t
  mkdir -p "$corpus"
  seeds "$t" "$corpus"
  log=$build/fuzz_$t.log
  start=$(date +%s)
  set +e
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "$build/fuzz/fuzz_$t" "$corpus" -runs="$RUNS" -max_total_time="$SECONDS_EACH" -timeout=10 \
      -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 -artifact_prefix="$build/findings/$t-" >"$log" 2>&1
  rc=$?
  set -e
  took=$(($(date +%s) - start))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if [ $rc -eq 0 ]; then result=clean; else result="FOUND (exit $rc; $build/findings/, $log)"; failed=1; fi
  echo "| $t | ${runs:-?} | $took | $result |"
done
exit $failed
