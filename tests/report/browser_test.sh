#!/usr/bin/env bash
# `exabench report` opened in a real browser: headless Chromium loads a page made from every
# kind of input (HPL with its trace, HPL-MxP, HPCG, predictions of three benchmarks), with no
# console error, every chart's marks drawn (the page counts them against its data and says so
# on <body data-check>), and a screenshot written for a person to look at.
#   browser_test.sh EXABENCH [SCREENSHOT_DIR]
# Exit 77 (skipped) where Chromium is not installed (scripts/deps.sh --test installs it).
set -u
exe=$(realpath "$1")
shots=${2:-$PWD}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "skipped: Chromium is not installed (scripts/deps.sh --test installs Debian's chromium)"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/../lib/check.sh"

cd "$work"
"$exe" hpl -n 1500 --nb 96 --json hpl.json --trace trace.json >/dev/null 2>&1
check "hpl with --json and --trace" test -s hpl.json -a -s trace.json
"$exe" mxp -n 1500 --nb 96 --json mxp.json >/dev/null 2>&1
check "mxp with --json" test -s mxp.json
printf 'HPCG benchmark input file\nexabench\n16 16 16\n1\n' >hpcg.dat
"$exe" hpcg --dat hpcg.dat --json hpcg.json >/dev/null 2>&1
check "hpcg with --json" test -s hpcg.json
"$exe" predict jedi leonardo --benchmark all --json twin.json >/dev/null 2>&1
check "predict with --json" test -s twin.json
"$exe" report hpl.json trace.json mxp.json hpcg.json twin.json -o report.html >out 2>&1
check "report exits 0 and names the page" grep -Eq '^exabench report: report.html \(5 input\(s\), [0-9]+ chart\(s\)\)$' out
charts=$(grep -c '<figure class="chart"' report.html)
check "report: a chart for each view ($charts)" test "$charts" -ge 10

# Chromium's own logs go to a file; the page's console messages come through as CONSOLE lines.
run_browser() { timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
    --user-data-dir="$work/profile" --enable-logging=stderr --v=0 "$@" "file://$work/report.html"; }
run_browser --dump-dom >dom.html 2>console.log
check "the browser loaded the page" grep -q '</html>' dom.html
check "every chart drew every mark of its data" grep -q '<body data-check="ok">' dom.html
check "each chart counted" test "$(grep -o 'data-drawn="[0-9]*"' dom.html | wc -l)" -eq "$charts"
check "no console error" bash -c "! grep -Ei 'CONSOLE.*(error|uncaught)|Uncaught' console.log"
mkdir -p "$shots"
run_browser --screenshot="$shots/exabench-report.png" --window-size=1100,5000 --hide-scrollbars >/dev/null 2>&1
check "a screenshot written ($shots/exabench-report.png)" test -s "$shots/exabench-report.png"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
