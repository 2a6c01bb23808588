#!/usr/bin/env bash
# Faults a run must survive, each a check: a rank killed (SIGKILL) in the middle of HPL,
# HPL-MxP and HPCG on 2 and 4 ranks (the others end within 10 s, non-zero, naming the lost
# rank); SIGINT and SIGTERM (a clean stop within 10 s: the terminal's progress line cleared,
# no result file); result files that cannot be written (refused before the run); a wrong entry
# slipped into the trailing matrix (the residual check FAILs).
#   faults.sh EXABENCH MPIEXEC
set -u
exe=$1 mpiexec=${2:-}
examples=$(cd "$(dirname "$0")/../../examples" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/../lib/check.sh"
cd "$work"
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b - a}'; }
# Waits until FILE shows the run started (its placement line), then a little more.
started() {
    for _ in $(seq 200); do grep -q '^Placement:' "$1" 2>/dev/null && break; sleep 0.1; done
    sleep "${2:-1.5}"
}

# --- A rank killed: the job ends, says which rank, within 10 s. ---------------------------
if [ -n "$mpiexec" ]; then
    kill_a_rank() {  # kill_a_rank NAME NP ARGS...
        local name=$1 np=$2
        shift 2
        "$mpiexec" -np "$np" "$exe" "$@" --no-progress >"out-$name" 2>&1 &
        local job=$!
        started "out-$name"
        local victim
        victim=$(pgrep -P "$job" -f "$exe" | tail -1)
        local t0
        t0=$(now)
        kill -KILL "$victim"
        wait "$job"
        local rc=$? took
        took=$(elapsed "$t0")
        check "$name: one rank killed, the job ends non-zero (rc $rc) within 10 s ($took s)" \
            awk -v r="$rc" -v t="$took" 'BEGIN{exit !(r != 0 && t <= 10)}'
        check "$name: ... and the output names the lost rank" grep -Eq 'rank [0-9]+ .*(signal 9|Killed)' "out-$name"
    }
    kill_a_rank "hpl on 2 ranks" 2 hpl -n 12000 --nb 192
    kill_a_rank "hpl on 4 ranks" 4 hpl -n 9000 --nb 192 -p 2 -q 2
    kill_a_rank "mxp on 2 ranks" 2 mxp -n 16000 --nb 256
    kill_a_rank "mxp on 4 ranks" 4 mxp -n 12000 --nb 256 -p 2 -q 2
    kill_a_rank "hpcg on 2 ranks" 2 hpcg --nx 32 --ny 32 --nz 32 --rt 60
    kill_a_rank "hpcg on 4 ranks" 4 hpcg --nx 24 --ny 24 --nz 24 --rt 60
fi

# --- SIGINT / SIGTERM: a clean stop. ----------------------------------------------------------
# On a terminal (script(1) gives one): the progress line is drawn, then cleared.
script -qfec "'$exe' hpl -n 14000 --nb 192 --json int.json" typescript >/dev/null 2>&1 &
job=$!
for _ in $(seq 300); do grep -aq 'GFLOP/s' typescript 2>/dev/null && break; sleep 0.1; done
sleep 0.5
t0=$(now)
pkill -INT -f "^$exe hpl -n 14000"
wait "$job"
rc=$?
took=$(elapsed "$t0")
check "SIGINT: stops within 10 s ($took s) with status 130 (rc $rc)" awk -v r="$rc" -v t="$took" 'BEGIN{exit !(r == 130 && t <= 10)}'
check "SIGINT: says so" grep -q 'stopped by SIGINT' typescript
check "SIGINT: the progress line was drawn, then cleared" python3 -c "
t = open('typescript', 'rb').read()
drawn = t.rfind(b'GFLOP/s')
assert drawn >= 0, 'no progress line'
assert b'\r' + b' ' * 40 in t[drawn:], 'not cleared after the last draw'"
check "SIGINT: no result file, whole or in part" bash -c "! ls int.json* 2>/dev/null | grep -q ."
if [ -n "$mpiexec" ]; then
    "$mpiexec" -np 2 "$exe" hpl -n 14000 --nb 192 --json term.json --no-progress >out-term 2>&1 &
    job=$!
    started out-term
    t0=$(now)
    kill -TERM "$job"
    wait "$job"
    rc=$?
    took=$(elapsed "$t0")
    check "SIGTERM to mpirun: every rank stops within 10 s ($took s), non-zero (rc $rc)" \
        awk -v r="$rc" -v t="$took" 'BEGIN{exit !(r != 0 && t <= 10)}'
    check "SIGTERM: no result file" bash -c "! ls term.json* 2>/dev/null | grep -q ."
fi

# --- Result files that cannot be written: refused at once, in one line. ------------------------
refused() {  # refused NAME PATTERN ARGS...
    local name=$1 pattern=$2
    shift 2
    local t0
    t0=$(now)
    "$exe" "$@" >out 2>err
    local rc=$? took
    took=$(elapsed "$t0")
    check "$name: refused (rc $rc) in $took s, one line" bash -c "[ $rc -eq 1 ] && [ \$(wc -l <err) -eq 1 ] && grep -q -- '$pattern' err && awk -v t=$took 'BEGIN{exit !(t < 5)}'"
}
refused "hpl --json into a missing directory" "--json: cannot write /nonexistent/r.json: No such file or directory" \
    hpl -n 60000 --json /nonexistent/r.json
refused "hpl --trace into a missing directory" "--trace: cannot write /nonexistent/t.json" hpl -n 60000 --trace /nonexistent/t.json
refused "mxp --json that is a directory" "--json: cannot write /tmp: it is a directory" mxp -n 60000 --json /tmp
refused "hpcg --json" "--json: cannot write /nonexistent/h.json" hpcg --nx 16 --json /nonexistent/h.json
refused "predict --json" "--json: cannot write /nonexistent/p.json" predict jedi --json /nonexistent/p.json
sed -e '3s|.*|/nonexistent/HPL.out  output file name|' -e '4s|.*|8  device out|' -e '10s|.*|1 grids|' -e '11s|.*|1 Ps|' -e '12s|.*|1 Qs|' "$examples/HPL.dat" >bad-out.dat
refused "HPL.dat's output file" "bad-out.dat:3: output file name: cannot write /nonexistent/HPL.out" hpl --dat bad-out.dat
if [ -n "$mpiexec" ]; then
    "$mpiexec" -np 2 "$exe" hpl -n 60000 --json /nonexistent/r.json >out 2>err
    check "on 2 ranks: refused by every rank at once, one line" bash -c "[ $? -ne 0 ] && [ \$(grep -c 'cannot write' err) -eq 1 ]"
fi

# --- A wrong entry in the trailing matrix: the residual check catches it. -----------------------
for kind in sign exponent nan; do
    EXABENCH_TEST_CORRUPT=$kind "$exe" hpl -n 1000 --nb 64 >out 2>&1
    check "an entry's $kind corrupted: FAILED, status 2" bash -c "[ $? -eq 2 ] && grep -q 'FAILED' out"
    if [ -n "$mpiexec" ]; then
        EXABENCH_TEST_CORRUPT=$kind "$mpiexec" -np 2 -x EXABENCH_TEST_CORRUPT "$exe" hpl -n 1000 --nb 64 -p 2 -q 1 >out 2>&1
        check "... on a 2 x 1 grid too" bash -c "[ $? -eq 2 ] && grep -q 'FAILED' out"
    fi
done

echo "faults: $pass passed, $fail failed"
[ $fail -eq 0 ]
