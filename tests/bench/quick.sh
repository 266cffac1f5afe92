#!/bin/bash
# quick.sh: `make bench-quick` as a test of the benchmark harness (issue
# 13): bench/wrk.sh with BENCH_QUICK=1 (100,000 rows, 3 s per scenario,
# small single operations) on a stack of its own.  Its own TAP lines say
# that every scenario answered with no error and every single operation
# finished; these add that it exits 0, prints both tables with a row for
# every scenario and operation, leaves bench/results.md as it was and
# keeps its stack when asked.  Then, on that stack, a wrk that is killed
# (a stand-in on PATH): the run still prints its table with a "wrk
# failed" row and fails (it once stopped there with no table and no
# word).  Nothing about speed is asserted.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
OUT=$(mktemp /tmp/xcquick.XXXXXX)
OUT0=$OUT.0
FAKE=$(mktemp -d /tmp/xcquick.XXXXXX)
S=""
# The kept stack is stopped and removed whatever happens.
trap '[ -n "$S" ] && [ -d "$S" ] && { bash deploy/stack.sh stop "$S"; rm -rf "$S"; }
    rm -rf "$OUT" "$OUT0" "$FAKE"' EXIT
check() {	# description test...
	local d=$1
	shift
	if "$@"; then echo "ok - bench-quick: $d"; else echo "not ok - bench-quick: $d"; fi
}
sum0=$(sha256sum bench/results.md)
t0=$(date +%s)
# None of the test stacks' settings (their address, folder, job pacing).
BENCH=(env -u XC_BASE_URL -u XC_VAR -u XC_ROOT -u XC_JOB_LEASE
    -u XC_JOB_SLOW_MS BENCH_QUICK=1)
"${BENCH[@]}" BENCH_KEEP=1 bash bench/wrk.sh > "$OUT" 2>&1
rc=$?
S=$(sed -n 's/^stack left in \(\/tmp\/xcwrk\.[A-Za-z0-9]*\)$/\1/p' "$OUT")
t1=$(date +%s)
cat "$OUT"
cp "$OUT" "$OUT0"
echo "# bench-quick took $((t1 - t0)) s"
check "bench/wrk.sh exits 0 (it exits 1 when a scenario or operation failed)" \
    [ "$rc" = 0 ]
# The scenarios' table: its header, and one row per scenario TAP line.
rows=$(grep -cE '^\| (a|b|b2|c|cq|c-|d|d2|e|f) \| ' "$OUT")
taps=$(grep -cE '^(not )?ok - bench: (a|b|b2|c|cq|c-|d|d2|e|f) ' "$OUT")
table() {
	grep -q '^| | scenario | requests/s | p50 ms | p99 ms | errors | × (b) | × (b2) | target | met |$' \
	    "$OUT" && [ "$rows" -ge 30 ] && [ "$rows" = "$taps" ]
}
check "the scenarios' table is printed, a row for each of the $taps scenarios" table
for k in a b b2 c cq c- d d2 e f; do
	check "scenario ($k) is in the table" grep -qE "^\| $k \| " "$OUT"
done
check "the single operations' table is printed" \
    grep -q '^| operation | measured | target | met |$' "$OUT"
figure() { grep "^| $1" "$OUT" | grep -qvE "not run|failed"; }
for r in "batch signature of 1000 records" "pending list for 5000 passed results" \
    "ZIP job of 20 certificates" "import of 5000 students" \
    "audit-chain verification of 100000 entries" "renderer: 150 dpi" \
    "renderer: 300 dpi" "renderer: signed PDF" "resident memory, largest of" \
    "database size on disk"; do
	check "the operations' table has a figure: $r" figure "$r"
done
check "all five single operations reported finishing" \
    [ "$(grep -cE '^ok - bench: single operation (render|sign|zip|import|audit) finished$' "$OUT")" = 5 ]
check "bench/results.md is left as it was (a quick run records nothing)" \
    [ "$(sha256sum bench/results.md)" = "$sum0" ]
kept() { [ -n "$S" ] && [ -d "$S" ] && grep -q "^stack left in $S$" "$OUT0"; }
check "it kept its stack as asked (BENCH_KEEP=1)" kept

# A wrk killed during its measurement (SIGTERM): only scenario (a).
printf '#!/bin/sh\nkill -TERM $$\n' > "$FAKE/wrk"
chmod 755 "$FAKE/wrk"
rc=0
[ -n "$S" ] && PATH=$FAKE:$PATH "${BENCH[@]}" BENCH_STACK="$S" BENCH_ONLY=a \
    bash bench/wrk.sh > "$OUT" 2>&1 || rc=$?
sed 's/^/#   /' "$OUT" | grep -E 'scenario|^#   \| a |bench: a|wrk.sh' || true
is_row() { grep -qE '^\| a \| nginx return 200 \| 0 \| .*\| wrk failed \|' "$OUT"; }
check "a killed wrk: the table is still printed, its row says wrk failed" is_row
check "a killed wrk: its scenario's TAP line is not ok" \
    grep -q '^not ok - bench: a nginx return 200: 0 answers' "$OUT"
check "a killed wrk: wrk.sh exits 1" [ "$rc" = 1 ]
check "a killed wrk: bench/results.md is left as it was" \
    [ "$(sha256sum bench/results.md)" = "$sum0" ]

gone() {	# the stack's folder and every process started in it
	[ -n "$S" ] && [ ! -e "$S" ] && ! pgrep -f "$S/" >/dev/null
}
[ -n "$S" ] && bash deploy/stack.sh stop "$S" >/dev/null && rm -rf "$S"
check "the benchmark's stack and its floors and nginx are stopped and removed" gone
