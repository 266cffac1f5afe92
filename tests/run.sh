#!/bin/bash
# run.sh: build-independent test runner: starts a throwaway stack (own
# datadir in a temp folder, own port), runs the suites, stops the stack,
# and ends with "N passed, N failed".
#   tests/run.sh                 all suites
#   tests/run.sh unit http ...   some of: static unit fuzz http browser bench
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
SUITES=${*:-static unit fuzz http browser bench}
OUT=$(mktemp -d /tmp/xctest.XXXXXX)
chmod 755 "$OUT"
STACK=""
STACKS=""	# every stack started, for the log checks at the end
NSTACK=0
PASS=0
FAIL=0

free_port() {
	local p
	for _ in $(seq 1 50); do
		p=$(shuf -i 20000-29999 -n 1)
		ss -ltn "( sport = :$p )" | grep -q ":$p" || { echo "$p"; return; }
	done
	echo 28088
}

stack_up() {
	[ -n "$STACK" ] && return 0
	NSTACK=$((NSTACK + 1))
	STACK=$OUT/stack$NSTACK
	STACKS="$STACKS $STACK"
	PORT=$(free_port)
	# This stack's own address (an earlier stack's would fail the
	# responders' origin check).
	export XC_QUIET=1 XC_BASE_URL=http://127.0.0.1:$PORT
	# The ZIP job workers: a short lease and a pause after each
	# certificate, so t0100 can kill one mid-job and see another resume.
	export XC_JOB_LEASE=3 XC_JOB_SLOW_MS=150
	if ! bash deploy/stack.sh start "$STACK" "$PORT" demo >"$OUT/stack.log" 2>&1; then
		cat "$OUT/stack.log"
		echo "not ok - test stack starts"
		FAIL=$((FAIL + 1))
		return 1
	fi
	export XC_BASE_URL=http://127.0.0.1:$PORT XC_VAR=$STACK XC_ROOT=$ROOT
	return 0
}

stack_down() {
	[ -n "$STACK" ] && bash deploy/stack.sh stop "$STACK"
	STACK=""
}
trap stack_down EXIT
trap 'exit 130' INT TERM	# still runs the EXIT trap: no stack left behind

# Run one test program, echo its output, count its ok / not ok lines.
count() {
	local log=$1 p f
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	PASS=$((PASS + p))
	FAIL=$((FAIL + f))
}

run_prog() {	# name, command...
	local name=$1 log rc
	shift
	log=$OUT/$(echo "$name" | tr '/ ' '__').log
	echo "# $name"
	"$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	count "$log"
	if [ $rc -ne 0 ] && ! grep -q '^not ok ' "$log"; then
		echo "not ok - $name exited with $rc"
		FAIL=$((FAIL + 1))
	fi
}

for s in $SUITES; do
	case $s in
	static)
		run_prog static bash tests/static/check.sh ;;
	unit)
		for t in bin/tests/test-*; do run_prog "$t" "$t"; done ;;
	fuzz)
		# A short libFuzzer run over the seed corpus; long runs: make fuzz.
		mkdir -p "$OUT/corpus"
		cp tests/fuzz/corpus/* "$OUT/corpus/"
		run_prog fuzz bash -c "bin/fuzz-form -max_total_time=${FUZZ_SECONDS:-20} \
		    -print_final_stats=0 '$OUT/corpus' >'$OUT/fuzz.out' 2>&1 &&
		    echo 'ok - fuzz-form: no crash in ${FUZZ_SECONDS:-20} s' ||
		    { tail -n 30 '$OUT/fuzz.out'; echo 'not ok - fuzz-form found a crash'; }" ;;
	http)
		stack_up || continue
		for t in tests/http/t[0-9]*.sh; do run_prog "$t" bash "$t"; done ;;
	browser)
		# A stack of its own: the HTTP suites change the demo data
		# that the journeys count (and sign).
		stack_down
		stack_up || continue
		if [ ! -d tests/browser/node_modules ]; then
			npm ci --prefix tests/browser --no-audit --no-fund \
			    >"$OUT/npm.log" 2>&1 || { cat "$OUT/npm.log";
			    echo "not ok - npm ci for the browser tests"; FAIL=$((FAIL + 1)); continue; }
		fi
		mkdir -p var/screenshots
		XC_SHOTS=$ROOT/var/screenshots run_prog browser node tests/browser/run.mjs ;;
	bench)
		# The benchmark's audit-chain loader against a busy writer, on
		# a fresh test stack; then make bench-quick: the harness on a
		# stack of its own (none of the test stacks' settings),
		# checked, not timed.
		stack_down
		stack_up || continue
		run_prog tests/bench/audit.sh bash tests/bench/audit.sh
		stack_down
		run_prog bench bash tests/bench/quick.sh ;;
	*)
		echo "not ok - unknown suite $s"; FAIL=$((FAIL + 1)) ;;
	esac
done

# Nothing personal in any log: no ID number, no password.
if [ -n "$STACKS" ]; then
	LOGS=$(for d in $STACKS; do echo "$d/log"; done)
	# shellcheck disable=SC2086
	if grep -rqE '610114200103061011|Xcert-2026|Browser-Test|Http-Test' $LOGS; then
		echo "not ok - logs hold an ID number or a password"
		FAIL=$((FAIL + 1))
	else
		echo "ok - logs hold no ID number and no password"
		PASS=$((PASS + 1))
	fi
	# Every responder prepares all its statements at start: schema and
	# code agree (a drift would be logged and the process would exit).
	LOGF=$(for d in $STACKS; do ls "$d"/log/*.log; done)
	# shellcheck disable=SC2086
	if grep -q 'prepare statement' $LOGF; then
		grep -h 'prepare statement' $LOGF | head -5
		echo "not ok - every runtime statement prepares against the schema"
		FAIL=$((FAIL + 1))
	else
		echo "ok - every runtime statement prepares against the schema"
		PASS=$((PASS + 1))
	fi
	# shellcheck disable=SC2086
	if grep -q 'killed by signal' $LOGF; then
		grep 'killed by signal' $LOGF | head -5
		echo "not ok - no responder crashed during the tests"
		FAIL=$((FAIL + 1))
	else
		echo "ok - no responder crashed during the tests"
		PASS=$((PASS + 1))
	fi
fi
stack_down
STACK=""
rm -rf "$OUT"
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
