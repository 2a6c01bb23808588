#!/usr/bin/env bash
# A new user's runs: flags, HPL.dat on 2 ranks, the JSON record, --help, and a FAILED test's
# exit status.   end_to_end.sh EXABENCH EXAMPLE_HPL_DAT [MPIEXEC]
set -u
exe=$1 dat=$2 mpiexec=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/../lib/check.sh"

"$exe" hpl -n 500 --nb 32 --json "$work/r.json" >"$work/out" 2>"$work/err"
check "flags run exits 0" test $? -eq 0
check "result line in netlib format" grep -Eq '^WR11C2R4 +500 +32 +1 +1 +[0-9.]+ +[0-9.]+e[+-][0-9]+$' "$work/out"
check "residual line PASSED" grep -Eq '^\|\|Ax-b\|\|_oo/\(eps\*\(\|\|A\|\|_oo\*\|\|x\|\|_oo\+\|\|b\|\|_oo\)\*N\)= +[0-9.]+e[-+][0-9]+ \.\.\.\.\.\. PASSED$' "$work/out"
check "summary counts one pass" grep -q "1 tests completed and passed residual checks" "$work/out"
check "no progress noise when not a terminal" test ! -s "$work/err"
check "JSON record" python3 -c "
import json, sys
d = json.load(open('$work/r.json'))
r = d['runs'][0]
assert d['benchmark'] == 'hpl'
for k in ('n', 'nb', 'p', 'q', 'time_s', 'gflops', 'scaled_residual', 'passed', 'phases_s', 'bcast', 'depth', 'swap'):
    assert k in r, k
assert r['n'] == 500 and r['passed'] is True and r['scaled_residual'] < 16
assert r['phases_max_s'] == r['phases_s']  # one rank: its own times are the largest
assert d['machine']['ranks'] == 1
"

"$exe" hpl -n 300 --nb 16 --threshold 1e-30 >"$work/out" 2>&1
check "failed residual exits 2" test $? -eq 2
check "FAILED printed with norms" grep -q "FAILED" "$work/out"
check "norm lines on FAILED" grep -q "||b||_oo . . ." "$work/out"

# The main job, shortened: sized by itself, then the summary against DGEMM and JUPITER.
"$exe" --seconds 1 --json "$work/main.json" >"$work/out" 2>&1
check "main job exits 0" test $? -eq 0
# NB by the BLAS kernels' instructions: 384 with AVX-512 ones (the main job restarts with the
# CPU's own kernels), 192 with others.
nb=192
grep -Eq '^  BLAS .*kernels \(AVX-512\)' "$work/out" && nb=384
check "main job summary" bash -c "grep -q '^exabench summary: HPL on' '$work/out' && grep -Eq '^  Rmax +[0-9.]+ GFLOP/s +N = [0-9]+, NB = $nb\b' '$work/out' && grep -Eq '^  DGEMM +[0-9.]+ GFLOP/s +measured at start; HPL reached [0-9.]+% of it' '$work/out' && grep -Eq '^  BLAS +[^ ]' '$work/out' && grep -Eq 'PASSED \(threshold 16.0\)' '$work/out' && grep -Eq '^  TOP500 +would place below #465 on the November 2025 list' '$work/out' && grep -Eq '^  JUPITER +JUPITER \(1.000 EFlop/s, TOP500, November 2025\) equals [0-9,]+ of this machine' '$work/out'"
check "main job JSON has the DGEMM probe" python3 -c "
import json; d = json.load(open('$work/main.json')); assert d['dgemm_gflops'] > 0 and d['runs'][0]['passed']"

# The BLAS beside the CPU: the summary names both; old kernels forced on a CPU that has newer
# ones (OpenBLAS's SSE3 Prescott) give one warning with the setting, and the main job asked to
# choose restarts with the CPU's own kernels, checked first in a child process.
check "main job summary names the BLAS kernels and the CPU's" grep -Eq '^  BLAS +OpenBLAS [0-9.]+, [A-Za-z0-9]+ kernels \([A-Z0-9-]+\) on this [A-Z0-9-]+.* CPU$' "$work/out"
"$exe" blas-probe >"$work/probe" 2>&1
check "blas-probe checks a DGEMM and prints its rate" grep -Eq '^ok [0-9.]+$' "$work/probe"
if grep -qw avx2 /proc/cpuinfo; then
    OPENBLAS_CORETYPE=Prescott "$exe" hpl -n 300 --nb 32 >"$work/out" 2>"$work/err"
    check "Prescott kernels on this CPU: one warning with the setting" bash -c "test \$(grep -c warning '$work/err') -eq 1 && grep -Eq 'warning: OpenBLAS [0-9.]+, Prescott kernels \(SSE3\) run below this .* CPU: DGEMM [0-9.]+ GFLOP/s .* OPENBLAS_CORETYPE=(SkylakeX|Haswell) would use' '$work/err'"
    OPENBLAS_CORETYPE=Prescott "$exe" --seconds 1 --blas-kernels auto >"$work/out" 2>"$work/err"
    check "the main job restarts with the CPU's own kernels" bash -c "grep -Eq 'running with OPENBLAS_CORETYPE=(SkylakeX|Haswell) \(checked in a child process' '$work/err' && grep -Eq '^  BLAS +OpenBLAS [0-9.]+, (SkylakeX|Haswell) kernels' '$work/out' && grep -q 'PASSED' '$work/out'"
    OPENBLAS_CORETYPE=Prescott "$exe" --seconds 1 >"$work/out" 2>"$work/err"
    check "... but keeps the kernels the user named" bash -c "grep -q 'Prescott kernels' '$work/out' && grep -q 'warning:' '$work/err'"
fi

"$exe" hpl --help >"$work/out" 2>&1
check "hpl --help lists every variant flag" bash -c "for f in --dat -n --nb -p -q --pmap --pfact --rfact --nbmin --ndiv --bcast --depth --swap --swap-threshold --threshold --json --threads; do grep -q -- \"\$f\" '$work/out' || exit 1; done"

# HPL-MxP: the same output layout, its own JSON record, and its two ways to fail.
"$exe" mxp -n 600 --nb 64 --precision bf16 --json "$work/m.json" >"$work/out" 2>"$work/err"
check "mxp exits 0" test $? -eq 0
check "mxp result line" grep -Eq '^MR11B +600 +64 +1 +1 +[0-9.]+ +[0-9.]+e[+-][0-9]+$' "$work/out"
check "mxp details: LU rate, refinement" bash -c "grep -Eq '^  LU \(bf16\) +[0-9.]+ s +[0-9.]+e[+-][0-9]+ Gflops' '$work/out' && grep -Eq '^  refinement +[0-9.]+ s +[0-9]+ GMRES iteration' '$work/out'"
check "mxp residual line PASSED" grep -Eq '^\|\|Ax-b\|\|_oo.*= +[0-9.]+e[-+][0-9]+ \.\.\.\.\.\. PASSED$' "$work/out"
check "mxp JSON record" python3 -c "
import json
d = json.load(open('$work/m.json'))
r = d['runs'][0]
assert d['benchmark'] == 'mxp'
for k in ('n', 'nb', 'p', 'q', 'time_s', 'gflops', 'lu_gflops', 'refine_time_s', 'precision', 'scaled_residual', 'passed', 'refinement'):
    assert k in r, k
assert r['precision'] == 'bf16' and r['passed'] is True and r['scaled_residual'] < 16
assert r['refinement']['iterations'] >= 1 and r['refinement']['converged'] is True
assert r['phases_max_s'] == r['phases_s']  # one rank: its own times are the largest
"
check "mxp: the default matrix, its condition and the backward error per iteration" bash -c "grep -Eq '^  matrix +shifted +kappa_2 about [0-9.]+, 0 row\(s\) diagonally dominant' '$work/out' && grep -Eq '^  backward error after each GMRES iteration \(estimate\):( [0-9.]+e[-+][0-9]+)+$' '$work/out'"
check "mxp JSON: generator, condition, not testing only" python3 -c "
import json; r = json.load(open('$work/m.json'))['runs'][0]
assert r['generator'] == 'shifted' and r['testing_only'] is False and 'label' not in r
assert 1 < r['condition_estimate'] < 10 and r['dominant_rows'] == 0
assert len(r['refinement']['iteration_history']) == r['refinement']['iterations']"
"$exe" mxp -n 300 --nb 32 --generator dominant --json "$work/md.json" >"$work/out" 2>&1
check "mxp --generator dominant says testing only" bash -c "grep -q 'testing only: not a valid HPL-MxP submission' '$work/out' && python3 -c \"
import json; r = json.load(open('$work/md.json'))['runs'][0]; assert r['testing_only'] is True and r['label'] == 'testing only: not a valid HPL-MxP submission'\""
"$exe" mxp -n 300 --nb 32 --threshold 1e-9 --max-iterations 2 >"$work/out" 2>&1
check "mxp: no convergence exits 2" test $? -eq 2
check "mxp: ... and says why" grep -q "FAILED: no convergence in 2 GMRES iterations" "$work/out"
"$exe" mxp --help >"$work/out" 2>&1
check "mxp --help lists its flags" bash -c "for f in --dat -n --nb -p -q --pmap --bcast --depth --threshold --precision --generator --max-iterations --restart --json --threads; do grep -q -- \"\$f\" '$work/out' || exit 1; done"

# HPCG: a short, valid, not official run; its report and JSON record.
"$exe" hpcg --nx 16 --ny 16 --nz 24 --rt 0 --threads 1 --json "$work/h.json" >"$work/out" 2>"$work/err"
check "hpcg exits 0" test $? -eq 0
check "hpcg VALID with a rating" grep -Eq '^Final Summary::HPCG result is VALID with a GFLOP/s rating of=[0-9.]+(e[-+][0-9]+)?$' "$work/out"
check "hpcg says a short run is not official" grep -q "^Final Summary::Official results execution time (sec) must be at least=1800" "$work/out"
check "hpcg validation lines" bash -c "grep -q '^Spectral Convergence Tests::Result=PASSED' '$work/out' && grep -q 'epsilon::Result=PASSED' '$work/out' && grep -q '^Reproducibility Information::Result=PASSED' '$work/out'"
check "hpcg no progress noise when not a terminal" test ! -s "$work/err"
check "hpcg JSON record" python3 -c "
import json
d = json.load(open('$work/h.json'))
assert d['benchmark'] == 'hpcg' and d['valid'] is True and d['official'] is False
assert d['gflops'] > 0 and d['bandwidth_gbs'] > 0 and d['sets'] == 1
assert [d['nx'], d['ny'], d['nz']] == [16, 16, 24]
for k in ('ddot', 'waxpby', 'spmv', 'mg'):
    assert d['kernels'][k]['gflops'] > 0, k
assert d['iterations']['optimized_per_set'] >= 50 and d['levels'][3]['nx'] == 2
"
"$exe" hpcg --nx 16 --rt 0 --reference >"$work/out" 2>&1
check "hpcg --reference runs the reference kernels" grep -q "Optimization Information::Kernels=reference" "$work/out"
"$exe" hpcg --help >"$work/out" 2>&1
check "hpcg --help lists its flags" bash -c "for f in --dat --nx --ny --nz --rt --npx --npy --npz --threads --reference --json; do grep -q -- \"\$f\" '$work/out' || exit 1; done"

# The twin: the catalog, a prediction with its JSON, tuning, an HPL.dat.
"$exe" machines >"$work/out" 2>&1
check "machines lists the catalog" bash -c "for m in jupiter-booster-2025-06 jupiter-booster-2025-11 jedi h100-sxm cpu-cluster this; do grep -q \"^\$m\" '$work/out' || exit 1; done"
"$exe" predict jedi --json "$work/p.json" >"$work/out" 2>&1
check "predict exits 0" test $? -eq 0
check "predict prints HPL's line, the breakdown and the published figure" bash -c "grep -Eq '^WR11C2R4 +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9.]+ +[0-9.]+e\+[0-9]+ +\(predicted\)$' '$work/out' && grep -q '^  Time goes   update' '$work/out' && grep -Eq '^  Published   4.504 PFlop/s .*the prediction is [-+][0-9.]+%$' '$work/out'"
check "prediction JSON" python3 -c "
import json
d = json.load(open('$work/p.json'))
for k in ('machine', 'nodes', 'n', 'nb', 'p', 'q', 'time_s', 'gflops', 'rpeak_gflops', 'breakdown', 'power_kw'):
    assert k in d, k
assert d['machine'] == 'jedi' and d['nodes'] <= 24 and d['p'] * d['q'] <= 96 and 0 < d['gflops'] < d['rpeak_gflops']
assert abs(sum(d['breakdown'].values()) - d['time_s']) < 1e-6 * d['time_s']
"
"$exe" predict jupiter-booster-2025-11 --tune >"$work/out" 2>&1
check "predict --tune lists candidates" bash -c "grep -q '^Best configurations (of [0-9]* simulated):' '$work/out' && test \$(grep -Ec '^ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ x [0-9]+ ' '$work/out') -ge 5"
"$exe" predict this --dat "$dat" >"$work/out" 2>&1
check "predict --dat: one prediction per combination" test "$(grep -c '(predicted)$' "$work/out")" -eq 8
"$exe" predict cpu-cluster -n 500000 --nb 256 -p 32 -q 64 >"$work/out" 2>&1
check "predict with a given configuration" grep -Eq '^WR11C2R4 +500000 +256 +32 +64 ' "$work/out"
"$exe" predict jedi --benchmark all --json "$work/all.json" >"$work/out" 2>&1
check "predict --benchmark all: HPL, HPL-MxP and HPCG with the published HPCG" bash -c "grep -q '^exabench predict: HPL-MxP on jedi' '$work/out' && grep -q '^exabench predict: HPCG on jedi' '$work/out' && grep -Eq '^  Published   60.00 TFlop/s \(HPCG list\); the prediction is [-+][0-9.]+%$' '$work/out' && test \$(grep -Ec '^  jedi +(HPL|HPL-MxP|HPCG) ' '$work/out') -eq 3"
check "predict --benchmark all: JSON" python3 -c "
import json
d = json.load(open('$work/all.json'))['predictions']
assert [p.get('benchmark', 'hpl') for p in d] == ['hpl', 'hpl-mxp', 'hpcg']
assert d[1]['gflops'] > d[0]['gflops'] > d[2]['gflops'] > 0 and d[1]['refinement_iterations'] == 2
"
"$exe" devices >"$work/out" 2>&1
check "devices lists the catalog" bash -c "for d in h100-sxm gh200 mi250x mi300a pvc grace rhea1 xeon-max-9480; do grep -q \"^\$d \" '$work/out' || exit 1; done"
"$exe" predict jedi leonardo --accelerator gh200,mi300a --nodes 30 --json "$work/w.json" >"$work/out" 2>&1
check "what if: machines x devices in one table" bash -c "grep -q '^Comparison:' '$work/out' && test \$(grep -Ec '^  (jedi|leonardo) \(what if, 4 x (gh200|mi300a)(, 30 nodes)?\) ' '$work/out') -eq 4"
check "what if: an APU brings its CPU, the swapped device is named" bash -c "grep -q 'Assumes     mi300a: DGEMM 69 TFLOP/s measured' '$work/out' && ! grep -q 'Published   4.504' '$work/out'"
check "what if: JSON holds every prediction" python3 -c "
import json
d = json.load(open('$work/w.json'))
assert len(d['predictions']) == 4 and all(p['nodes'] <= 30 and p['assumptions'] for p in d['predictions'])
"
# Energy over the timed region, from RAPL's counters: a fake powercap tree whose package
# counter climbs 1 J at a time while HPL runs, and none at all.
"$exe" hpl -n 600 --nb 64 >"$work/out" 2>&1
check "energy: not measured without counters, and why" grep -q '^Energy: not measured: no readable RAPL counters' "$work/out"
mkdir -p "$work/pc/intel-rapl:0"
echo package-0 >"$work/pc/intel-rapl:0/name"
echo 262143328850 >"$work/pc/intel-rapl:0/max_energy_range_uj"
echo 0 >"$work/pc/intel-rapl:0/energy_uj"
touch "$work/pc/climb"
(uj=0; while [ -e "$work/pc/climb" ]; do uj=$((uj + 1000000)); echo $uj >"$work/pc/e"; mv "$work/pc/e" "$work/pc/intel-rapl:0/energy_uj"; sleep 0.01; done) &
EXA_POWERCAP_ROOT="$work/pc" "$exe" hpl -n 2500 --nb 128 --json "$work/e.json" >"$work/out" 2>&1
rm -f "$work/pc/climb"
wait
check "energy: the summary line" grep -Eq '^Energy: [0-9.]+ kJ over the timed region \(RAPL: package-0; 1 node\): [0-9.]+ W, [0-9.]+ GFLOP/s per W$' "$work/out"
check "energy: in the JSON record" python3 -c "
import json; e = json.load(open('$work/e.json'))['runs'][0]['energy']
assert e['measured'] and e['joules'] > 0 and abs(e['average_w'] * json.load(open('$work/e.json'))['runs'][0]['time_s'] - e['joules']) < 1e-6 * e['joules'] and e['nodes'] == 1, e"

# The twin's Rmax against nodes.
"$exe" predict jedi --scaling --json "$work/sc.json" >"$work/out" 2>&1
check "predict --scaling: a line per node count, 1 to the whole module" bash -c "grep -A7 '^  Scaling' '$work/out' | grep -Ec '^ +(1|2|4|8|16|24) +[0-9]+ +[0-9]+ +[0-9]+ x [0-9]+ ' | grep -qx 6"
check "predict --scaling: in the JSON" python3 -c "
import json; s = json.load(open('$work/sc.json'))['scaling']
assert [p['nodes'] for p in s] == [1, 2, 4, 8, 16, 24] and all(a['gflops'] < b['gflops'] for a, b in zip(s, s[1:]))"
"$exe" predict jedi -n 100000 --scaling >"$work/out" 2>&1
check "predict --scaling: not with a given N" grep -q '^exabench: error: --scaling: the twin sizes N' "$work/out"

# exabench report and --html: pages from results, bad inputs refused in one line.
"$exe" hpl -n 800 --nb 64 --json "$work/rh.json" --trace "$work/rt.json" --html "$work/rh.html" >/dev/null 2>&1
check "hpl --html writes a page with its charts" test "$(grep -c '<figure class="chart"' "$work/rh.html")" -eq 3
"$exe" report "$work/rh.json" "$work/rt.json" "$work/all.json" -o "$work/r.html" >"$work/out" 2>&1
check "report from a run, its trace and predictions" grep -Eq '^exabench report: .*r.html \(3 input\(s\), [0-9]+ chart\(s\)\)$' "$work/out"
printf '{\n "runs": [1,\n' >"$work/bad.json"
"$exe" report "$work/bad.json" -o "$work/bad.html" >"$work/out" 2>&1
check "report: a broken file refused with its line (exit 1)" test $? -eq 1
check "report: ... in one line" grep -qx "exabench: error: $work/bad.json:3: not JSON (a result file written by exabench --json or --trace)" "$work/out"
check "report: nothing written for it" test ! -e "$work/bad.html"
"$exe" report "$work/torus-missing.json" -o "$work/x.html" >"$work/out" 2>&1
check "report: a missing file named" grep -qx "exabench: error: $work/torus-missing.json: cannot be read" "$work/out"

printf '%s\n' 'name = "t"' '[[module]]' 'name = "m"' 'nodes = 8' '[module.cpu]' 'device = "a64fx"' '[network]' \
    'topology = "torus"' 'links_per_node = 6' 'link_gbs = 6.8' 'latency_us = 0.5' 'intra_node_latency_us = 0.5' \
    'dimensions = [2, 2, 4]' 'hop_latency_us = 0.1' >"$work/torus.toml"
"$exe" predict "$work/torus.toml" --nodes 17 >"$work/out" 2>&1
check "what if: a torus grows only into its positions (exit 1)" test $? -eq 1
check "what if: ... and says so in one line" grep -qx "exabench: error: --nodes: t's torus has 16 positions, not the 17 nodes asked" "$work/out"
"$exe" predict "$work/torus.toml" --nodes 16 >"$work/out" 2>&1
check "what if: a torus grown within its positions" grep -q '(what if, 16 nodes)' "$work/out"

if [ -n "$mpiexec" ]; then
    printf 'HPCG benchmark input file\nexabench\n16 16 16\n0\n' >"$work/hpcg.dat"
    "$mpiexec" -np 2 "$exe" hpcg --dat "$work/hpcg.dat" --json "$work/h2.json" >"$work/out" 2>&1
    check "hpcg.dat on 2 ranks exits 0" test $? -eq 0
    check "hpcg on 2 ranks: HPCG's 2 x 1 x 1 grid, valid" python3 -c "
import json; d = json.load(open('$work/h2.json')); assert d['valid'] and [d['npx'], d['npy'], d['npz']] == [2, 1, 1] and d['machine']['ranks'] == 2"
    (cd "$work" && "$mpiexec" -np 2 "$exe" hpl --dat "$dat" --json r2.json >out2 2>&1)
    check "HPL.dat on 2 ranks exits 0" test $? -eq 0
    check "every combination has a result line" test "$(grep -c '^WR1' "$work/out2")" -eq 8
    check "netlib order: grid, N, ..., BCAST" bash -c "grep '^WR1' '$work/out2' | awk '{print \$1, \$2, \$4, \$5}' | tr '\n' ' ' | grep -q '^WR11C2R4 1000 1 2 WR13C2R4 1000 1 2 WR11C2R4 2003 1 2 WR13C2R4 2003 1 2 WR11C2R4 1000 2 1'"
    check "every test PASSED" test "$(grep -c 'PASSED$' "$work/out2")" -eq 8
    check "JSON from 2 ranks" python3 -c "
import json; d = json.load(open('$work/r2.json')); assert len(d['runs']) == 8 and d['machine']['ranks'] == 2"
    # The twin measured here: calibrate on 2 ranks, then predict and compare with a real run.
    (cd "$work" && "$mpiexec" -np 2 "$exe" calibrate --quick --no-progress >outc 2>&1)
    check "calibrate on 2 ranks exits 0" test $? -eq 0
    check "calibrate wrote its file" bash -c "grep -q '^mpi_latency_us' '$work/exabench-calibration.toml' && grep -q 'MPI .* us latency' '$work/outc'"
    (cd "$work" && "$exe" predict this -n 2000 --nb 128 -p 1 -q 2 --ranks-per-node 2 --threads 1 >outp 2>&1)
    check "predict this uses the calibration" grep -q "Kernels     calibrated on this machine" "$work/outp"
    # The same file as if a core had run 30% slow, and as if steady: only the first warns.
    sed -e 's/^slowest_core = .*/slowest_core = 1.3/' "$work/exabench-calibration.toml" >"$work/unsteady.toml"
    sed -e 's/^slowest_core = .*/slowest_core = 1.0/' -e 's/^temporal_cv = .*/temporal_cv = 0.01/' \
        "$work/exabench-calibration.toml" >"$work/steady.toml"
    for c in unsteady steady; do
        (cd "$work" && "$exe" predict this -n 2000 --nb 128 -p 1 -q 2 --ranks-per-node 2 --threads 1 \
            --calibration $c.toml >/dev/null 2>err-$c)
    done
    check "predict names an unsteady calibration" grep -q "^exabench: warning: unsteady.toml: the machine was unsteady (the slowest core ran DGEMM 30% behind" "$work/err-unsteady"
    check "predict is quiet on a steady one" test ! -s "$work/err-steady"
    (cd "$work" && "$mpiexec" -np 2 "$exe" hpl -n 2000 --nb 128 --predict --json rp.json >outh 2>&1)
    check "hpl --predict prints the prediction beside the measurement" grep -Eq '^Twin prediction \(calibrated\): [0-9.]+ s, .*measured [0-9.]+ s: the prediction is [-+][0-9.]+%$' "$work/outh"
    check "hpl --predict in the JSON" python3 -c "
import json; r = json.load(open('$work/rp.json'))['runs'][0]; assert r['predicted_time_s'] > 0 and r['passed']"
    # The step trace of a run and of its simulation: the same steps on every rank.
    "$mpiexec" -np 2 "$exe" hpl -n 700 --nb 32 -p 1 -q 2 --depth 2 --threads 1 --trace "$work/run-trace.json" >/dev/null 2>&1
    check "hpl --trace exits 0" test $? -eq 0
    "$exe" predict this -n 700 --nb 32 -p 1 -q 2 --depth 2 --ranks-per-node 2 --threads 1 --trace "$work/twin-trace.json" >/dev/null 2>&1
    check "predict --trace exits 0" test $? -eq 0
    check "the run's trace and the twin's list the same steps" python3 -c "
import json
run = json.load(open('$work/run-trace.json')); twin = json.load(open('$work/twin-trace.json'))
assert run['source'] == 'run' and twin['source'] == 'twin' and run['benchmark'] == 'hpl'
def steps(doc):
    out = {}
    for s in doc['tests'][0]['steps']:
        assert s['t1'] >= s['t0'] >= 0
        out.setdefault(s['rank'], []).append((s['kind'], s.get('panel'), tuple(s.get('cols', ())), tuple(s.get('rows', ()))))
    return out
a, b = steps(run), steps(twin)
assert sorted(a) == [0, 1] and a == b, 'differ'
kinds = {k for r in a.values() for (k, *_) in r}
assert kinds == {'factor', 'send', 'recv', 'swap', 'solve', 'update', 'back_solve'}, kinds
"
    "$mpiexec" -np 2 "$exe" mxp -n 500 --nb 32 -p 1 -q 2 --trace "$work/mxp-trace.json" >/dev/null 2>&1
    check "mxp --trace" python3 -c "
import json; d = json.load(open('$work/mxp-trace.json')); assert d['benchmark'] == 'mxp' and {s['rank'] for s in d['tests'][0]['steps']} == {0, 1}"
    "$exe" predict this -n 700 --nb 32 --tune --trace "$work/t.json" >"$work/out" 2>&1
    check "predict --trace refuses --tune in one line" bash -c "test \$(wc -l <'$work/out') -eq 1 && grep -q 'trace' '$work/out'"
    # The same HPL.dat for HPL-MxP: its PFACT..SWAP lines do not apply, so 8 become 8 / 1.
    (cd "$work" && "$mpiexec" -np 2 "$exe" mxp --dat "$dat" --json m2.json >outm 2>&1)
    check "mxp HPL.dat on 2 ranks exits 0" test $? -eq 0
    check "mxp: one line per grid, N, BCAST" test "$(grep -c '^MR1' "$work/outm")" -eq 8
    check "mxp: every test PASSED" test "$(grep -c 'PASSED$' "$work/outm")" -eq 8
fi
# Every JSON document written above follows docs/schema/exabench-result.schema.json, and the
# schema refuses a record without a field it requires.
schema=$(cd "$(dirname "$0")/../../docs/schema" && pwd)/exabench-result.schema.json
check "every JSON written follows the schema" python3 -c "
import glob, json, sys, jsonschema
v = jsonschema.Draft202012Validator(json.load(open('$schema')))
files = [f for f in glob.glob('$work/*.json') if not f.endswith('/bad.json')]
kinds = set()
for f in files:
    d = json.load(open(f))
    errors = list(v.iter_errors(d))
    assert not errors, (f, errors[0].message[:300])
    kinds.add(d.get('benchmark', 'predictions') + (' trace' if 'trace' in d else ''))
assert len(files) >= 10 and {'hpl', 'mxp', 'hpcg', 'hpl trace', 'predictions'} <= kinds, (len(files), kinds)
d = json.load(open('$work/rh.json')); del d['runs'][0]['energy']
assert list(v.iter_errors(d)), 'a run without its energy passed'
"

echo "end to end: $pass passed, $fail failed"
[ $fail -eq 0 ]
