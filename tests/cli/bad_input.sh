#!/usr/bin/env bash
# Bad input: one line "exabench: error: WHERE: WHAT" naming the file, line and field (or the
# flag), a non-zero exit, and no hang, alone and under mpirun on 2 ranks.
#   bad_input.sh EXABENCH EXAMPLE_HPL_DAT [MPIEXEC]
set -u
exe=$1 dat=$2 mpiexec=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0

# expect NAME REGEX CMD...: exit non-zero within 60 s, exactly one stderr line matching REGEX
expect() {
    local name=$1 regex=$2
    shift 2
    local err=$work/err rc
    timeout 60 "$@" >"$work/out" 2>"$err"
    rc=$?
    local lines
    lines=$(grep -c "^exabench: error" "$err")
    if [ $rc -eq 0 ] || [ $rc -eq 124 ] || [ "$lines" -ne 1 ] || ! grep -Eq -- "$regex" "$err"; then
        echo "FAIL $name (exit $rc, $lines error lines):"
        sed 's/^/    /' "$err" | head -5
        fail=$((fail + 1))
    else
        echo "ok   $name: $(grep '^exabench: error' "$err")"
        pass=$((pass + 1))
    fi
}

# mutate LINE TEXT: the example HPL.dat with one line replaced
mutate() {
    awk -v n="$1" -v t="$2" 'NR == n { print t; next } { print }' "$dat" >"$work/HPL.dat"
}

run_both() {  # run_both NAME REGEX ARGS...: alone and on 2 ranks
    local name=$1 regex=$2
    shift 2
    expect "$name" "$regex" "$exe" "$@"
    if [ -n "$mpiexec" ]; then
        expect "$name (2 ranks)" "$regex" "$mpiexec" -np 2 "$exe" "$@"
    fi
}

cases=(
    "5|0            # of problems sizes|HPL.dat:5: number of problems sizes"
    "6|1000 abc     Ns|HPL.dat:6: Ns"
    "6|-1000 2003   Ns|HPL.dat:6: Ns"
    "8|0            NBs|HPL.dat:8: NBs"
    "9|5            PMAP|HPL.dat:9: PMAP"
    "11|1 0         Ps|HPL.dat:11: Ps"
    "12|2           Qs|HPL.dat:12: Qs"
    "13|abc         threshold|HPL.dat:13: threshold"
    "15|3           PFACTs|HPL.dat:15: PFACTs"
    "17|0           NBMINs|HPL.dat:17: NBMINs"
    "19|1           NDIVs|HPL.dat:19: NDIVs"
    "21|9           RFACTs|HPL.dat:21: RFACTs"
    "23|1 6         BCASTs|HPL.dat:23: BCASTs"
    "25|-1          DEPTHs|HPL.dat:25: DEPTHs"
    "26|3           SWAP|HPL.dat:26: SWAP"
    "27|-1          swapping threshold|HPL.dat:27: swapping threshold"
    "28|2           L1|HPL.dat:28: L1 in"
    "29|2           U|HPL.dat:29: U  in"
    "30|2           Equilibration|HPL.dat:30: Equilibration"
    "31|0           alignment|HPL.dat:31: memory alignment"
)
for c in "${cases[@]}"; do
    IFS='|' read -r line text regex <<<"$c"
    mutate "$line" "$text"
    run_both "HPL.dat line $line" "$regex" hpl --dat "$work/HPL.dat"
done

head -20 "$dat" >"$work/HPL.dat"
run_both "truncated HPL.dat" "HPL.dat:21: RFACTs: missing line" hpl --dat "$work/HPL.dat"
run_both "missing HPL.dat" "--dat: File does not exist" hpl --dat "$work/none.dat"
# The example needs 2 ranks for its 1x2 grid.
expect "grid larger than the job" "HPL.dat:11: Ps/Qs: grid 1 x 2 needs 2 processes" "$exe" hpl --dat "$dat"
run_both "N too large for memory" "^exabench: error: -n: N = 3000000 needs .* GiB per process" hpl -n 3000000 --no-progress
mutate 6 "3000000 1000 Ns"
[ -n "$mpiexec" ] && expect "N too large in HPL.dat (2 ranks)" "HPL.dat:6: Ns: N = 3000000 needs" \
    "$mpiexec" -np 2 "$exe" hpl --dat "$work/HPL.dat"
run_both "unknown flag" "not expected: --frobnicate" hpl --frobnicate
run_both "bad variant name" "--bcast: Check 9 value" hpl --bcast 9
run_both "negative N flag" "--n: -5 is not an integer >= 1" hpl -n -5
expect "P x Q larger than the job" "-p/-q: grid 2 x 2 needs 4 processes" "$exe" hpl -n 100 -p 2 -q 2

# HPL-MxP reads the same HPL.dat and shares the problem flags and their checks.
mutate 8 "0            NBs"
run_both "mxp: HPL.dat line 8" "HPL.dat:8: NBs" mxp --dat "$work/HPL.dat"
mutate 13 "-1.0         threshold"
run_both "mxp: no threshold to refine to" "HPL.dat:13: threshold: HPL-MxP needs a positive threshold" mxp --dat "$work/HPL.dat"
run_both "mxp: threshold flag" "--threshold: HPL-MxP needs a positive threshold" mxp -n 100 --threshold 0
run_both "mxp: precision below 16 bits" "--precision: Check fp8 value" mxp --precision fp8
run_both "mxp: pivoting flags do not apply" "not expected: left --pfact" mxp --pfact left
run_both "mxp: N too large for memory" "^exabench: error: -n: N = 3000000 needs .* GiB per process" mxp -n 3000000 --no-progress
run_both "mxp: iterations" "--max-iterations: 0 is not an integer >= 1" mxp --max-iterations 0

# HPCG: dimensions as HPCG checks them, hpcg.dat's lines, the process grid, memory.
run_both "hpcg: not a multiple of 8" "--nx/--ny/--nz: nx = 20 is not a multiple of 8" hpcg --nx 20 --ny 16 --nz 16
run_both "hpcg: too small" "--nx/--ny/--nz: ny = 8: HPCG needs at least 16" hpcg --nx 16 --ny 8 --nz 16
run_both "hpcg: aspect ratio" "--nx/--ny/--nz: 16 x 16 x 256: the smallest dimension must be at least 1/8" hpcg --nx 16 --ny 16 --nz 256
run_both "hpcg: too large for memory" "--nx/--ny/--nz: 4096 x 4096 x 4096 per process needs .* GiB" hpcg --nx 4096 --ny 4096 --nz 4096
run_both "hpcg: partial grid" "--npx/--npy/--npz: give all three" hpcg --nx 16 --npx 2
run_both "hpcg: grid and ranks" "--npx/--npy/--npz: 3 x 1 x 1 = 3 processes, but this run has" hpcg --nx 16 --npx 3 --npy 1 --npz 1
run_both "hpcg: negative run time" "--rt: Value -5 not in range" hpcg --rt -5
run_both "hpcg: unknown flag" "not expected: --frobnicate" hpcg --frobnicate
hpcg_dat() { printf 'HPCG benchmark input file\nexabench test\n%s\n%s\n' "$1" "$2" >"$work/hpcg.dat"; [ -n "${3:-}" ] && echo "$3" >>"$work/hpcg.dat"; true; }
hpcg_dat "abc" "60"
run_both "hpcg.dat line 3" "hpcg.dat:3: nx ny nz: expected 3 numbers" hpcg --dat "$work/hpcg.dat"
hpcg_dat "104 104 100" "60"
run_both "hpcg.dat dimension" "hpcg.dat:3: nx ny nz: nz = 100 is not a multiple of 8" hpcg --dat "$work/hpcg.dat"
hpcg_dat "16 16 16.5" "60"
run_both "hpcg.dat integer" "hpcg.dat:3: nz: 16.5 is not a whole number from 0 to 1000000" hpcg --dat "$work/hpcg.dat"
printf 'a\nb\n16 16 16\n' >"$work/hpcg.dat"
run_both "hpcg.dat run time missing" "hpcg.dat:4: run time: missing line" hpcg --dat "$work/hpcg.dat"
hpcg_dat "16 16 16" "0" "3 1 1"
run_both "hpcg.dat grid" "hpcg.dat:5: npx npy npz: 3 x 1 x 1 = 3 processes" hpcg --dat "$work/hpcg.dat"

# The twin: machine names, machine files and calibration files (file:line: key), sizes.
run_both "predict: unknown machine" 'MACHINE: no machine "nosuch" in the catalog' predict nosuch
machine() {  # machine LINE TEXT: a small CPU machine file with one line replaced
    printf '%s\n' 'name = "mine"' '[[module]]' 'name = "n"' 'nodes = 2' '[module.cpu]' 'model = "cpu"' \
        'cores = 8' 'clock_ghz = 2.0' 'fp64_flops_per_cycle = 16' 'memory_gb = 64' \
        'memory_bandwidth_gbs = 50' '[network]' 'topology = "fat-tree"' 'links_per_node = 1' \
        'link_gbs = 25' 'latency_us = 1.5' 'intra_node_latency_us = 0.5' |
        awk -v n="$1" -v t="$2" 'NR == n { if (t != "") print t; next } { print }' >"$work/m.toml"
}
machine 8 "clock_ghz = -2.0"
run_both "machine file: negative clock" "m.toml:8: module.cpu.clock_ghz: must be positive, not -2" predict "$work/m.toml"
machine 15 "link_gbs = -25"
run_both "machine file: negative bandwidth" "m.toml:15: network.link_gbs: must be positive" predict "$work/m.toml"
machine 13 'topology = "hypercube"'
run_both "machine file: unknown topology" 'm.toml:13: network.topology: unknown value "hypercube"' predict "$work/m.toml"
machine 15 "link_gbs = 400"
run_both "machine file: a link in Gbit/s" "m.toml:15: network.link_gbs: 400 is outside what any hardware has" predict "$work/m.toml"
machine 6 'device = "h1000"'
run_both "machine file: unknown device" 'm.toml:6: module.cpu.device: no device "h1000" in the catalog' predict "$work/m.toml"
run_both "predict: unknown device" '--accelerator: no device "h1000" in the catalog' predict jedi --accelerator h1000
run_both "predict: a CPU as accelerator" '--accelerator: grace is a CPU' predict jedi --accelerator grace
machine 7 ""
run_both "machine file: missing key" "m.toml:5: module.cpu.cores: missing key" predict "$work/m.toml"
machine 4 'nodes = "two"'
run_both "machine file: wrong type" "m.toml:4: module.nodes: must be an integer" predict "$work/m.toml"
machine 16 "latency = 1.5"
run_both "machine file: unknown key" "m.toml:16: network.latency: unknown key" predict "$work/m.toml"
machine 1 'name = "mine'
run_both "machine file: syntax" "m.toml:1: syntax error" predict "$work/m.toml"
run_both "predict: missing machine file" "none.toml: cannot open the machine file" predict "$work/none.toml"
run_both "predict: grid larger than the machine" "-p/-q: a 20 x 20 grid needs 100 nodes at 4 processes per node; jedi has 24" \
    predict jedi -n 100000 --nb 512 -p 20 -q 20
run_both "predict: N beyond memory" "-n: N = 100000000 needs .* GB per process" predict jedi -n 100000000 --nb 512 -p 8 -q 12
run_both "predict: module" '--module: machine jedi has no module "gpu"' predict jedi --module gpu
printf 'ranks = 0\ncores = 2\n' >"$work/cal.toml"
run_both "calibration file" "cal.toml:1: ranks: must be at least 1" predict this --calibration "$work/cal.toml"
run_both "missing calibration file" "none.toml: cannot open the calibration file" predict this --calibration "$work/none.toml"
run_both "hpl --predict checks the calibration first" "cal.toml:1: ranks: must be at least 1" \
    hpl -n 500 --predict --calibration "$work/cal.toml"
run_both "calibrate: backend" "--backend: cuda not in" calibrate --backend cuda

# one_rank_fails NAME ARGS...: rank 1 fails mid-run; every rank must be gone promptly, with the reason.
one_rank_fails() {
    local name=$1 start rc took
    shift
    start=$(date +%s)
    EXABENCH_FAIL_RANK=1 timeout 60 "$mpiexec" -np 2 "$exe" "$@" >"$work/out" 2>"$work/err"
    rc=$? took=$(( $(date +%s) - start ))
    if [ $rc -ne 0 ] && [ $rc -ne 124 ] && [ $took -lt 30 ] && grep -q "error on rank 1: injected fault" "$work/err"; then
        echo "ok   $name: one rank fails: job ended in ${took}s with exit $rc"
        pass=$((pass + 1))
    else
        echo "FAIL $name: one rank fails: exit $rc after ${took}s"
        sed 's/^/    /' "$work/err" | head -5
        fail=$((fail + 1))
    fi
}
if [ -n "$mpiexec" ]; then
    one_rank_fails hpl hpl -n 200 --nb 16 -p 1 -q 2
    one_rank_fails mxp mxp -n 200 --nb 16 -p 1 -q 2
    one_rank_fails hpcg hpcg --nx 16 --rt 0
fi

echo "bad input: $pass passed, $fail failed"
[ $fail -eq 0 ]
