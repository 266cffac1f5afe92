#!/bin/bash
# quick.sh: `make bench-quick` as a test of the benchmark harness (issue
# 13): bench/wrk.sh with BENCH_QUICK=1 (100,000 rows, 3 s per scenario,
# small single operations) on a stack of its own.  Its own TAP lines say
# that every scenario answered with no error and every single operation
# finished; these add that it exits 0, prints both tables with a row for
# every scenario and operation, leaves bench/results.md as it was and
# leaves no stack behind.  Nothing about speed is asserted.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
OUT=$(mktemp /tmp/xcquick.XXXXXX)
trap 'rm -f "$OUT"' EXIT
check() {	# description test...
	local d=$1
	shift
	if "$@"; then echo "ok - bench-quick: $d"; else echo "not ok - bench-quick: $d"; fi
}
sum0=$(sha256sum bench/results.md)
t0=$(date +%s)
# None of the test stacks' settings (their address, folder, job pacing).
env -u XC_BASE_URL -u XC_VAR -u XC_ROOT -u XC_JOB_LEASE -u XC_JOB_SLOW_MS \
    BENCH_QUICK=1 bash bench/wrk.sh > "$OUT" 2>&1
rc=$?
t1=$(date +%s)
cat "$OUT"
echo "# bench-quick took $((t1 - t0)) s"
check "bench/wrk.sh exits 0 (it exits 1 when a scenario or operation failed)" \
    [ "$rc" = 0 ]
# The scenarios' table: its header, and one row per scenario TAP line.
rows=$(grep -cE '^\| (a|b|b2|c|cq|c-|d|d2|e|f) \| ' "$OUT")
taps=$(grep -cE '^(not )?ok - bench: (a|b|b2|c|cq|c-|d|d2|e|f) ' "$OUT")
check "the scenarios' table is printed, a row for each of the $taps scenarios" \
    eval 'grep -q "^| | scenario | requests/s | p50 ms | p99 ms | errors | × (b) | × (b2) | target | met |$" "$OUT" &&
    [ "$rows" -ge 30 ] && [ "$rows" = "$taps" ]'
for k in a b b2 c cq c- d d2 e f; do
	check "scenario ($k) is in the table" grep -qE "^\| $k \| " "$OUT"
done
check "the single operations' table is printed" \
    grep -q '^| operation | measured | target | met |$' "$OUT"
for r in "batch signature of 1000 records" "pending list for 5000 passed results" \
    "ZIP job of 20 certificates" "import of 5000 students" \
    "audit-chain verification of 100000 entries" "renderer: 150 dpi" \
    "renderer: 300 dpi" "renderer: signed PDF" "resident memory, largest of" \
    "database size on disk"; do
	check "the operations' table has a figure: $r" \
	    eval 'grep "^| $r" "$OUT" | grep -qvE "not run|failed"'
done
check "all five single operations reported finishing" \
    [ "$(grep -cE '^ok - bench: single operation (render|sign|zip|import|audit) finished$' "$OUT")" = 5 ]
check "bench/results.md is left as it was (a quick run records nothing)" \
    [ "$(sha256sum bench/results.md)" = "$sum0" ]
S=$(sed -n 's/^== stack on \([^ ]*\) .*/\1/p' "$OUT" | head -n1)
check "the benchmark's stack is stopped and removed" \
    eval '[ -n "$S" ] && [ ! -e "$S" ] && ! pgrep -f "$S/" >/dev/null'
