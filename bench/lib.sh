# shellcheck shell=bash
# bench/lib.sh: sourced by the single-operation benchmarks (sign.sh,
# zip.sh, import.sh): the stack they time and their small helpers.
#   BENCH_STACK DIR   a running stack filled by gen.sh (bench/wrk.sh passes
#   BENCH_PORT N      its own): time on it, generate nothing, stop nothing
# Without BENCH_STACK: a throwaway stack under /tmp on BENCH_PORT, filled
# by gen.sh with BENCH_ROWS certificates (0: the demo data only), stopped
# and removed at the end.  Scratch files go to $W, always removed.
# Each script ends with one line per result for wrk.sh:
#   OP key value n     (value in seconds unless the key says otherwise)

# bench_stack PREFIX PORT ROWS: sets ROOT, S, PORT, B, W and the EXIT trap.
bench_stack() {
	ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
	cd "$ROOT" || exit 1
	W=$(mktemp -d "/tmp/$1-w.XXXXXX")
	if [ -n "${BENCH_STACK:-}" ]; then
		S=$(cd "$BENCH_STACK" && pwd)
		PORT=${BENCH_PORT:?BENCH_PORT: the port of the stack in BENCH_STACK}
		trap 'rm -rf "$W"' EXIT
	else
		S=$(mktemp -d "/tmp/$1.XXXXXX")
		chmod 755 "$S"
		PORT=${BENCH_PORT:-$2}
		trap 'bash deploy/stack.sh stop "$S" >/dev/null; rm -rf "$S" "$W"' EXIT
		XC_QUIET=1 XC_BASE_URL=http://127.0.0.1:$PORT \
		    bash deploy/stack.sh start "$S" "$PORT" demo >/dev/null
		if [ "${BENCH_ROWS:-$3}" -gt 0 ]; then
			echo "== bench/gen.sh: ${BENCH_ROWS:-$3} certificates first"
			BENCH_ROWS=${BENCH_ROWS:-$3} bash bench/gen.sh "$S" | tail -n 1
		fi
	fi
	B=http://127.0.0.1:$PORT
}

sql() { mariadb --no-defaults -S "$S/run/db.sock" -uroot xcert -N -B -e "$1"; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] }'; }

# tok FILE: the first form token of a saved page.
tok() {
	grep -o 'name="_csrf" value="[0-9a-f]*"' "$1" | head -n1 |
	    sed 's/.*value="//;s/"//'
}
# ptok JAR PATH: the form token of a page, as that session sees it.
ptok() { curl -s -b "$W/$1" "$B$2" -o "$W/p.html"; tok "$W/p.html"; }
# login JAR LOGIN: a session in $W/JAR (every account: Xcert-2026).
login() {
	curl -s -c "$W/$1" -b "$W/$1" "$B/login" -o "$W/l.html"
	curl -s -c "$W/$1" -b "$W/$1" -o /dev/null -H "Origin: $B" \
	    --data-urlencode "_csrf=$(tok "$W/l.html")" \
	    --data "login=$2&password=Xcert-2026" "$B/login"
}
